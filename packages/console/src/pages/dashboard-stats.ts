import type { RunInfo } from '../api/types.ts';

/** Runs of one flow: total, failed and succeeded. */
export interface FlowStat {
  flowId: string;
  runs: number;
  failed: number;
  succeeded: number;
}

/** Aggregates runs per flow, busiest first. */
export function runsPerFlow(runs: RunInfo[]): FlowStat[] {
  const by = new Map<string, FlowStat>();
  for (const run of runs) {
    const id = String(run.flowId ?? '—');
    const stat = by.get(id) ?? { flowId: id, runs: 0, failed: 0, succeeded: 0 };
    stat.runs += 1;
    if (run.status === 'failed') stat.failed += 1;
    if (run.status === 'succeeded') stat.succeeded += 1;
    by.set(id, stat);
  }
  return [...by.values()].sort((a, b) => b.runs - a.runs);
}
