/** Run statuses that may still change. */
const LIVE = new Set(['queued', 'running', 'retrying']);

/** What the run views read of a run to say how it is doing. */
export interface RunLike {
  status: string;
  waitingSince?: number | null;
  /** `flow` or `sync`. */
  flowKind?: unknown;
  /** The run's counters (a sync run's: `read`, `written`, `failed`, `writtenBack` …). */
  stats?: unknown;
}

/**
 * The records a finished sync run failed to write (`stats.failed`), 0 for any other run. A flow run's
 * `stats.failed` counts failed step attempts (retried), not records, so only a sync's counts.
 */
export function failedRecordsOf(run: RunLike): number {
  if (run.flowKind !== 'sync' || run.status !== 'succeeded') return 0;
  const stats = run.stats;
  if (typeof stats !== 'object' || stats === null) return 0;
  const failed = (stats as Record<string, unknown>).failed;
  return typeof failed === 'number' && Number.isFinite(failed) && failed > 0 ? failed : 0;
}

/**
 * The status a run is shown with: `waiting` while a worker holds it but another run of its flow or sync
 * holds the slot (`waitingSince` from the server: it has not started); `partial` for a sync run that
 * finished (status `succeeded`) with records that failed to write (they wait in the ledger); else its own
 * status. Filters keep the server's statuses: a `partial` run is a `succeeded` one.
 */
export function runDisplayStatus(run: RunLike): string {
  if (LIVE.has(run.status) && typeof run.waitingSince === 'number') return 'waiting';
  if (failedRecordsOf(run) > 0) return 'partial';
  return run.status;
}
