import type { JsonObject } from '../json.ts';

/**
 * Counters of an action-flow run, kept in its checkpoint (so a resumed run keeps counting) and
 * copied to `run.stats` with every durable write: steps completed, steps skipped by `when`,
 * step attempts executed (retries and interrupted attempts included), calls made (attempts of
 * `call` steps) and failed attempts.
 */
export interface FlowStats {
  steps: number;
  skipped: number;
  attempts: number;
  calls: number;
  failed: number;
}

/** The counters of a run that has not started (or of a checkpoint written before stats existed). */
export function emptyFlowStats(): FlowStats {
  return { steps: 0, skipped: 0, attempts: 0, calls: 0, failed: 0 };
}

/** Adds `delta` to the counters (a pure function: the input is not changed). */
export function countStats(stats: FlowStats | undefined, delta: Partial<FlowStats>): FlowStats {
  const base = stats ?? emptyFlowStats();
  return {
    steps: base.steps + (delta.steps ?? 0),
    skipped: base.skipped + (delta.skipped ?? 0),
    attempts: base.attempts + (delta.attempts ?? 0),
    calls: base.calls + (delta.calls ?? 0),
    failed: base.failed + (delta.failed ?? 0),
  };
}

/** The counters as the run's `stats` column holds them. */
export function statsJson(stats: FlowStats | undefined): JsonObject {
  return { ...(stats ?? emptyFlowStats()) };
}
