import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../json.ts';
import { makeRun } from '../store/conformance/fixtures.ts';
import type { RunRecord } from '../store/port.ts';
import { retryCheckpoint } from './retry-run.ts';

/** A cancelled backfill run of a sync, with this checkpoint. */
function syncRun(checkpoint: JsonValue): RunRecord {
  return makeRun({
    id: 'old',
    flowKind: 'sync',
    flowId: 'bills',
    status: 'cancelled',
    trigger: { type: 'backfill', from: 1, to: 2 },
    checkpoint,
  });
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
