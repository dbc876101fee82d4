import type { RunInfo } from '../api/types.ts';
import { failedRecordsOf } from '../components/run-status.ts';

/** Runs of one flow or sync: total, failed, succeeded with failed records (`partial`) and wholly succeeded. */
export interface FlowStat {
  flowId: string;
  runs: number;
  failed: number;
  /** Sync runs that finished with records that failed to write (counted apart from `succeeded`). */
  partial: number;
  succeeded: number;
}

/** Aggregates runs per flow, busiest first. */
export function runsPerFlow(runs: RunInfo[]): FlowStat[] {
  const by = new Map<string, FlowStat>();
  for (const run of runs) {
    const id = String(run.flowId ?? '—');
    const stat = by.get(id) ?? { flowId: id, runs: 0, failed: 0, partial: 0, succeeded: 0 };
    stat.runs += 1;
    if (run.status === 'failed') stat.failed += 1;
    else if (failedRecordsOf(run) > 0) stat.partial += 1;
    else if (run.status === 'succeeded') stat.succeeded += 1;
    by.set(id, stat);
  }
  return [...by.values()].sort((a, b) => b.runs - a.runs);
}

/** The dashboard's headline figures over the runs it loaded. */
export interface RunTotals {
  runs: number;
  /** Runs that failed. */
  failed: number;
  /** Sync runs that finished with records that failed to write. */
  partial: number;
  /** Runs created in the hour before `now`. */
  lastHour: number;
}

/** Totals of the runs: failed runs, sync runs with failed records, runs in the last hour. */
export function runTotals(runs: RunInfo[], now: number): RunTotals {
  const hourAgo = now - 3600_000;
  const totals: RunTotals = { runs: runs.length, failed: 0, partial: 0, lastHour: 0 };
  for (const run of runs) {
    if (run.status === 'failed') totals.failed += 1;
    // Runs, not records: a record that failed again in a retry would count twice (the ledger has them).
    if (failedRecordsOf(run) > 0) totals.partial += 1;
    if ((run.createdAt ?? 0) >= hourAgo) totals.lastHour += 1;
  }
  return totals;
}
