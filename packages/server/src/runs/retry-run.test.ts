import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json.ts';
import type { RunRecord } from '../store/port.ts';
import { retryCheckpoint } from './retry-run.ts';

function syncRun(checkpoint: JsonValue): RunRecord {
  return {
    id: 'old',
    flowKind: 'sync',
    flowId: 'bills',
    flowVersion: 1,
    status: 'cancelled',
    trigger: { type: 'backfill', from: 1, to: 2 },
    checkpoint,
    output: null,
    error: null,
    attempt: 1,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: 0,
    startedAt: 0,
    finishedAt: 1,
    retryOf: null,
  };
}

describe('retry checkpoints of syncs', () => {
  it("keeps a backfill's place in its range and drops the counters", () => {
    const old = syncRun({ stats: { read: 40, written: 30 }, backfill: { windowFrom: 1_000, next: 'c-2' } });
    expect(retryCheckpoint({ old, definition: {} })).toEqual({
      backfill: { windowFrom: 1_000, next: 'c-2' },
    });
  });

  it('starts over when the checkpoint holds only counters, or nothing', () => {
    expect(retryCheckpoint({ old: syncRun({ stats: { read: 3 } }), definition: {} })).toBeNull();
    expect(retryCheckpoint({ old: syncRun(null), definition: {} })).toBeNull();
  });
});
