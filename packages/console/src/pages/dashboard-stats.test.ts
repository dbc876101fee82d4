import { describe, expect, it } from 'vitest';
import type { RunInfo } from '../api/types.ts';
import { runsPerFlow, runTotals } from './dashboard-stats.ts';

const NOW = 1_700_000_000_000;
const sync = (id: string, status: string, failed: number, createdAt = NOW - 60_000): RunInfo => ({
  id,
  flowId: 'expenses',
  flowKind: 'sync',
  status,
  createdAt,
  stats: { read: 10, new: 10, skipped: 0, written: 10 - failed, failed, writtenBack: 0 },
});
const flow = (id: string, status: string, createdAt = NOW - 7200_000): RunInfo => ({
  id,
  flowId: 'voucher',
  flowKind: 'flow',
  status,
  createdAt,
  // A flow's failed attempts (retried), not failed records.
  stats: { steps: 2, skipped: 0, attempts: 3, calls: 2, failed: 1 },
});

const runs = [
  sync('s1', 'succeeded', 0),
  sync('s2', 'succeeded', 3),
  sync('s3', 'failed', 0),
  sync('s4', 'succeeded', 2),
  flow('f1', 'succeeded'),
  flow('f2', 'running'),
];

describe('dashboard stats', () => {
  it('counts sync runs with failed records apart from the succeeded ones, per flow', () => {
    expect(runsPerFlow(runs)).toEqual([
      { flowId: 'expenses', runs: 4, failed: 1, partial: 2, succeeded: 1 },
      { flowId: 'voucher', runs: 2, failed: 0, partial: 0, succeeded: 1 },
    ]);
  });

  it('totals failed runs, sync runs with failed records and the runs of the last hour', () => {
    expect(runTotals(runs, NOW)).toEqual({ runs: 6, failed: 1, partial: 2, lastHour: 4 });
    expect(runTotals([], NOW)).toEqual({ runs: 0, failed: 0, partial: 0, lastHour: 0 });
  });
});
