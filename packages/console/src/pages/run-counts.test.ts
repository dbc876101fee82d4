import { describe, expect, it } from 'vitest';
import { syncRunCounts } from './run-counts.ts';

describe('sync run counts', () => {
  it('lists the counters in reading order with the records the ledger already had', () => {
    const counts = syncRunCounts({ read: 202, new: 0, skipped: 0, written: 0, failed: 0, writtenBack: 0 });
    expect(counts.map((c) => [c.key, c.value])).toEqual([
      ['read', 202],
      ['new', 0],
      ['known', 202],
      ['skipped', 0],
      ['written', 0],
      ['failed', 0],
      ['writtenBack', 0],
    ]);
  });

  it('shows the records adopted from the target after the written ones, when the stats count them', () => {
    const counts = syncRunCounts({
      read: 5,
      new: 5,
      skipped: 0,
      written: 5,
      adopted: 2,
      failed: 0,
      writtenBack: 3,
    });
    expect(counts.map((c) => c.key)).toEqual([
      'read',
      'new',
      'known',
      'skipped',
      'written',
      'adopted',
      'failed',
      'writtenBack',
    ]);
    expect(counts.find((c) => c.key === 'adopted')).toEqual({
      key: 'adopted',
      label: 'runCounts.adopted',
      value: 2,
    });
  });

  it('shows nothing for a flow run', () => {
    expect(syncRunCounts({ steps: 3, calls: 2 })).toEqual([]);
    expect(syncRunCounts(null)).toEqual([]);
  });
});
