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
 * The trigger of an alert run: what failed and why, with a link path to the run. Only what the run
 * page shows (ids, counts, the error's code and message), never inputs or payloads.
 */
export function runFailedPayload(run: RunRecord, failure: 'run' | 'records'): JsonObject {
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
      path: `/runs/${run.id}`,
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
 * Failure triggers: when a run of this process's engine ends `failed` (retries exhausted or a
 * permanent error) — or a sync run ends with failed records, for flows that ask — every enabled flow
 * whose trigger is `{type: runFailed, flows?, failedRecords?}` gets a run with runFailedPayload. A
 * failure of an alert run itself triggers nothing (no loops). The finished run is committed before the
 * event; a process that dies right between the two loses that alert (the run and its error stay stored).
 */
export function watchRunFailures(options: {
  store: Store;
  engine: Pick<Engine, 'enqueue' | 'events'>;
  onError?: (error: unknown) => void;
  /** Told when a finished run has been looked at (alerts enqueued, or none due): tests, logs. */
  onHandled?: (runId: string, alerts: number) => void;
}): () => Promise<void> {
  const alert = async (finished: RunRecord): Promise<number> => {
    // Only failed runs and finished sync runs can be failures: nothing is read for the rest; an alert
    // run's own failure alerts nobody (no loops).
    if (finished.status !== 'failed' && !(finished.flowKind === 'sync' && finished.status === 'succeeded'))
      return 0;
    if (isJsonObject(finished.trigger) && finished.trigger.type === RUN_FAILED) return 0;
    // A sync's counters are stored beside the run's end, not in the event's copy.
    const run = (await options.store.runs.get(finished.id)) ?? finished;
    const failure = failureOf(run);
    if (failure === undefined) return 0;
    let alerts = 0;
    for (const head of await options.store.documents.list('flow')) {
      if (!head.enabled) continue;
      const doc = await options.store.documents.get('flow', head.id, head.currentVersion);
      const flow = doc?.definition as unknown as FlowDefinition | undefined;
      if (!flow || flow.enabled === false || !wants(flow.trigger, run, failure)) continue;
      await options.engine.enqueue(
        { kind: 'flow', id: head.id, version: head.currentVersion },
        runFailedPayload(run, failure),
      );
      alerts++;
    }
    return alerts;
  };
  const pending = new Set<Promise<void>>();
  const listener = ({ run }: { run: RunRecord }) => {
    const handled = alert(run).then(
      (alerts) => options.onHandled?.(run.id, alerts),
      (error: unknown) => options.onError?.(error),
    );
    pending.add(handled);
    void handled.finally(() => pending.delete(handled));
  };
  options.engine.events.on('run:finished', listener);
  // Stopping waits for alerts under way, so a closing runtime (e.g. `qiao run` after a failed run) still queues them.
  return async () => {
    options.engine.events.off('run:finished', listener);
    await Promise.all(pending);
  };
}
