import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { Engine } from '../runs/index.ts';
import type { RunRecord, Store } from '../store/port.ts';

/** The trigger type of flows that react to failures (alerts: a DingTalk robot message, a mail …). */
export const RUN_FAILED = 'runFailed';

/** What about a finished run makes it a failure worth telling: the run failed, or a sync run failed records. */
function failureOf(run: RunRecord): 'run' | 'records' | undefined {
  if (run.status === 'failed') return 'run';
  const failed = isJsonObject(run.stats) ? run.stats.failed : undefined;
  if (run.status === 'succeeded' && run.flowKind === 'sync' && typeof failed === 'number' && failed > 0)
    return 'records';
  return undefined;
}

/**
 * The trigger of an alert run: what failed and why, with a link path to the run — and its full
 * address when the console's public address is known (`QIAO_PUBLIC_URL`), so a chat message can link
 * to it. Only what the run page shows (ids, counts, the error's code and message), never inputs or payloads.
 */
export function runFailedPayload(run: RunRecord, failure: 'run' | 'records', publicUrl?: string): JsonObject {
  const path = `/runs/${encodeURIComponent(run.id)}`;
  const error = isJsonObject(run.error) ? run.error : undefined;
  return {
    type: RUN_FAILED,
    failure,
    run: {
      id: run.id,
      kind: run.flowKind,
      flowId: run.flowId,
      flowVersion: run.flowVersion,
      status: run.status,
      attempt: run.attempt,
      trigger:
        isJsonObject(run.trigger) && typeof run.trigger.type === 'string' ? run.trigger.type : 'manual',
      error: error ? { code: error.code ?? null, message: error.message ?? null } : null,
      stats: (run.stats ?? {}) as JsonValue,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      path,
      url: publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : null,
    },
  };
}

/** Whether an alert flow's trigger wants this failure. */
function wants(trigger: FlowDefinition['trigger'], run: RunRecord, failure: 'run' | 'records'): boolean {
  if (trigger.type !== RUN_FAILED) return false;
  if (failure === 'records' && !trigger.failedRecords) return false;
  return trigger.flows === undefined || trigger.flows.includes(run.flowId);
}

/**
 * The id of the alert run of `alertFlowId` for a failed run: one per pair, so telling twice (the live
 * event and a sweep, two processes) enqueues one run (`enqueue` with an id is idempotent).
 */
export function alertRunId(failedRunId: string, alertFlowId: string): string {
  return `${failedRunId}-alert-${alertFlowId}`;
}

/** An enabled alert flow at its current version; `since`: when that version (or its enabling) took effect. */
interface AlertFlow {
  id: string;
  version: number;
  trigger: FlowDefinition['trigger'];
  since: number;
}

async function alertFlows(store: Store): Promise<AlertFlow[]> {
  const flows: AlertFlow[] = [];
  for (const head of await store.documents.list('flow')) {
    if (!head.enabled) continue;
    const doc = await store.documents.get('flow', head.id, head.currentVersion);
    const flow = doc?.definition as unknown as FlowDefinition | undefined;
    if (!doc || !flow || flow.enabled === false || flow.trigger?.type !== RUN_FAILED) continue;
    flows.push({
      id: head.id,
      version: head.currentVersion,
      trigger: flow.trigger,
      since: Math.max(doc.createdAt, head.updatedAt),
    });
  }
  return flows;
}

/** Alert flows hearing of failed runs: see `watchRunFailures`. */
export interface RunFailureWatch {
  /**
   * The alert runs enqueued for a finished run this process heard of, once its handling is done (none
   * for a run that failed nothing, or that this process did not run or no longer remembers).
   */
  alertsOf(runId: string): Promise<string[]>;
  /**
   * Enqueues the alerts of failures in the last `lookbackMs` (default 24 h) that have none yet — a
   * process that died between a run's end and its alert, or a run whose process had no engine loop.
   * Only failures after the alert flow's current version (or its enabling) count. Returns how many.
   */
  sweep(options?: { now?: number; lookbackMs?: number }): Promise<number>;
  /** Stops listening; waits for alerts under way. */
  stop(): Promise<void>;
}

/** How many finished runs `alertsOf` remembers. */
const REMEMBERED = 256;
/** How far back `sweep` looks by default, and how many runs of each kind it reads at most. */
const SWEEP_LOOKBACK_MS = 24 * 3_600_000;
const SWEEP_LIMIT = 1000;

/**
 * Failure triggers: when a run of this process's engine ends `failed` (retries exhausted or a
 * permanent error) — or a sync run ends with failed records, for flows that ask — every enabled flow
 * whose trigger is `{type: runFailed, flows?, failedRecords?}` gets a run with runFailedPayload, whose
 * id is `alertRunId` (one alert run per failure and alert flow, however often it is told). A failure
 * of an alert run itself triggers nothing (no loops). The finished run is committed before the event;
 * an alert that a dying process did not enqueue is enqueued by the next `sweep` (`qiao serve`: at start, then every 5 minutes).
 */
export function watchRunFailures(options: {
  store: Store;
  engine: Pick<Engine, 'enqueue' | 'events'>;
  onError?: (error: unknown) => void;
  /** Told when a finished run has been looked at (alerts enqueued, or none due): tests, logs. */
  onHandled?: (runId: string, alertRunIds: string[]) => void;
  /** The console's public address (`QIAO_PUBLIC_URL`): alert payloads then carry the run's full `url`. */
  publicUrl?: string | undefined;
}): RunFailureWatch {
  const { store, engine } = options;
  const enqueueAlert = (flow: AlertFlow, run: RunRecord, failure: 'run' | 'records') =>
    engine.enqueue(
      { kind: 'flow', id: flow.id, version: flow.version },
      runFailedPayload(run, failure, options.publicUrl),
      {
        id: alertRunId(run.id, flow.id),
      },
    );
  const alert = async (finished: RunRecord): Promise<string[]> => {
    // Only failed runs and finished sync runs can be failures: nothing is read for the rest; an alert
    // run's own failure alerts nobody (no loops).
    if (finished.status !== 'failed' && !(finished.flowKind === 'sync' && finished.status === 'succeeded'))
      return [];
    if (isAlertRun(finished)) return [];
    // A sync's counters are stored beside the run's end, not in the event's copy.
    const run = (await store.runs.get(finished.id)) ?? finished;
    const failure = failureOf(run);
    if (failure === undefined) return [];
    const ids: string[] = [];
    for (const flow of await alertFlows(store))
      if (wants(flow.trigger, run, failure)) ids.push(await enqueueAlert(flow, run, failure));
    return ids;
  };
  const remembered = new Map<string, Promise<string[]>>();
  const pending = new Set<Promise<unknown>>();
  const listener = ({ run }: { run: RunRecord }) => {
    const handled = alert(run).then(
      (ids) => {
        options.onHandled?.(run.id, ids);
        return ids;
      },
      (error: unknown) => {
        options.onError?.(error);
        return [] as string[];
      },
    );
    remembered.set(run.id, handled);
    if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value as string);
    pending.add(handled);
    void handled.finally(() => pending.delete(handled));
  };
  engine.events.on('run:finished', listener);

  const sweep: RunFailureWatch['sweep'] = async ({
    now = Date.now(),
    lookbackMs = SWEEP_LOOKBACK_MS,
  } = {}) => {
    const flows = await alertFlows(store);
    if (flows.length === 0) return 0;
    const createdFrom = now - lookbackMs;
    const runs = await store.runs.list({ status: ['failed'], createdFrom, limit: SWEEP_LIMIT });
    if (flows.some((flow) => flow.trigger.type === RUN_FAILED && flow.trigger.failedRecords))
      runs.push(
        ...(await store.runs.list({
          flowKind: 'sync',
          status: ['succeeded'],
          createdFrom,
          limit: SWEEP_LIMIT,
        })),
      );
    let enqueued = 0;
    for (const run of runs) {
      const failure = failureOf(run);
      if (failure === undefined || isAlertRun(run)) continue;
      for (const flow of flows) {
        if ((run.finishedAt ?? 0) < flow.since || !wants(flow.trigger, run, failure)) continue;
        if (await store.runs.get(alertRunId(run.id, flow.id))) continue;
        await enqueueAlert(flow, run, failure);
        enqueued++;
      }
    }
    return enqueued;
  };

  return {
    alertsOf: async (runId) => (await remembered.get(runId)) ?? [],
    sweep,
    // Stopping waits for alerts under way, so a closing runtime (e.g. `qiao run` after a failed run) still queues them.
    async stop() {
      engine.events.off('run:finished', listener);
      await Promise.all(pending);
    },
  };
}

function isAlertRun(run: RunRecord): boolean {
  return isJsonObject(run.trigger) && run.trigger.type === RUN_FAILED;
}
