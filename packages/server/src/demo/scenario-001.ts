import type { DingtalkSimulator } from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import type { K3CloudSimulator } from '../connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import { isJsonObject } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { LedgerStatus, RunRecord } from '../store/port.ts';

/** The sync id of the seed-001 example (examples/dingtalk-expense-to-k3cloud/sync.yaml). */
export const SEED_001_SYNC = 'dingtalkExpenseToK3Paybill';

/** What one run of scenario 001 did, as the summary prints it. */
export interface Scenario001Result {
  run: RunRecord;
  ms: number;
  stats: Record<string, number>;
  ledger: Record<LedgerStatus, number>;
  billsCreated: number;
  comments: number;
  httpCalls: { dingtalk: number; k3cloud: number };
  failures: Array<{ key: string; message: string }>;
}

function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** Runs the seed-001 sync once (manual trigger) on a started engine and gathers the figures. */
export async function runScenario001(
  runtime: Runtime,
  systems: { dingtalk: DingtalkSimulator; k3cloud: K3CloudSimulator },
  syncId = SEED_001_SYNC,
): Promise<Scenario001Result> {
  const callsBefore = {
    dingtalk: total(systems.dingtalk.calls.toJSON()),
    k3cloud: total(systems.k3cloud.calls.toJSON()),
  };
  const started = performance.now();
  const runId = await runtime.engine.enqueue({ kind: 'sync', id: syncId }, { type: 'manual', by: 'demo' });
  const finished = await runtime.engine.waitForRun(runId);
  const ms = performance.now() - started;
  const run = (await runtime.store.runs.get(runId)) ?? finished;
  const failed = await runtime.store.ledger.list(syncId, { status: ['failed'], limit: 50 });
  return {
    run,
    ms,
    stats: Object.fromEntries(
      Object.entries(isJsonObject(run.stats) ? run.stats : {}).filter(([, v]) => typeof v === 'number'),
    ) as Record<string, number>,
    ledger: await runtime.store.ledger.counts(syncId),
    billsCreated: systems.k3cloud.state.bills.createdCount(),
    comments: systems.dingtalk.state.comments.length,
    httpCalls: {
      dingtalk: total(systems.dingtalk.calls.toJSON()) - callsBefore.dingtalk,
      k3cloud: total(systems.k3cloud.calls.toJSON()) - callsBefore.k3cloud,
    },
    failures: failed.map((e) => ({ key: e.sourceKey, message: e.lastError?.message ?? '' })),
  };
}

/** What the real-time check saw: the instance finished in DingTalk, synced through the callback. */
export interface RealtimeResult {
  processInstanceId: string;
  ms: number;
  run?: RunRecord;
  billNumber?: string | null;
  comments: number;
  error?: string;
}

/**
 * Real-time mode: starts a new instance in the DingTalk simulator and finishes it (agree); the
 * simulator pushes `finish` to the registered callback, whose receiver enqueues a one-instance
 * sync run; resolves when that run has finished (or after `timeoutMs`, reported as an error).
 */
export async function runRealtime(
  runtime: Runtime,
  dingtalk: DingtalkSimulator,
  enqueued: (processInstanceId: string) => Promise<string>,
  syncId = SEED_001_SYNC,
  timeoutMs = 20_000,
): Promise<RealtimeResult> {
  const instance = dingtalk.startInstance();
  const started = performance.now();
  const runIdPromise = enqueued(instance.id);
  dingtalk.endInstance(instance.id, 'agree');
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  const run = await Promise.race([runIdPromise.then((id) => runtime.engine.waitForRun(id)), timeout]);
  clearTimeout(timer);
  const ms = performance.now() - started;
  const comments = dingtalk.state.comments.filter((c) => c.processInstanceId === instance.id).length;
  if (!run) return { processInstanceId: instance.id, ms, comments, error: '未收到回调 / no callback run' };
  const entry = await runtime.store.ledger.get(syncId, instance.id);
  return { processInstanceId: instance.id, ms, run, billNumber: entry?.targetNumber ?? null, comments };
}
