import { expect, it } from 'vitest';
import type {
  LedgerEntry,
  LedgerFilter,
  LedgerState,
  LedgerStatus,
  Store,
  WriteBackStatus,
} from '../port.ts';

/**
 * Conformance cases of the ledger's reads over every status and write-back: the open-status and
 * write-back indexes hold only some rows (migration 0004), so each filter is read inside and outside them.
 */
export function ledgerReadCases(store: () => Store): void {
  /** Twelve keys in `s1`: status by key modulo 4, write-back by key modulo 3 (and a decoy sync `s0`). */
  async function seed(): Promise<void> {
    const { ledger } = store();
    const keys = Array.from({ length: 12 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    for (const syncId of ['s0', 's1'])
      await ledger.addPending(
        syncId,
        keys.map((sourceKey) => ({ sourceKey, source: { sourceKey }, sourceTime: null, runId: 'r' })),
        1,
      );
    const statuses: LedgerStatus[] = ['written', 'failed', 'skipped', 'pending'];
    const writeBacks: WriteBackStatus[] = ['done', 'pending', 'failed'];
    await ledger.updateMany(
      's1',
      keys.map((sourceKey, i) => ({
        sourceKey,
        patch: { status: statuses[i % 4], writeBack: writeBacks[i % 3], payload: { i }, updatedAt: 2 },
      })),
    );
  }
  const expected = (keep: (i: number) => boolean) =>
    Array.from({ length: 12 }, (_, i) => i)
      .filter(keep)
      .map((i) => `k${String(i).padStart(2, '0')}`);

  it('lists and counts rows of every status and write-back, with and without documents', async () => {
    await seed();
    const { ledger } = store();
    const both = async (filter: LedgerFilter) => {
      const states = (await ledger.listStates('s1', filter)).map((e) => e.sourceKey);
      const entries = (await ledger.list('s1', filter)).map((e) => e.sourceKey);
      expect(entries).toEqual(states);
      return states;
    };
    expect(await both({ status: ['written'] })).toEqual(expected((i) => i % 4 === 0));
    expect(await both({ status: ['written', 'pending'], limit: 4 })).toEqual(['k00', 'k03', 'k04', 'k07']);
    expect(await both({ status: ['failed', 'skipped'] })).toEqual(
      expected((i) => i % 4 === 1 || i % 4 === 2),
    );
    expect(await both({ writeBack: ['pending'] })).toEqual(expected((i) => i % 3 === 1));
    expect(await both({ writeBack: ['pending', 'failed'], after: 'k04' })).toEqual(
      expected((i) => i > 4 && i % 3 !== 0),
    );
    expect(await both({ writeBack: ['done'] })).toEqual(expected((i) => i % 3 === 0));
    expect(await both({ status: ['written', 'failed'], writeBack: ['failed', 'done'] })).toEqual(
      expected((i) => (i % 4 === 0 || i % 4 === 1) && i % 3 !== 1),
    );
    expect(await ledger.counts('s1')).toEqual({ pending: 3, writing: 0, written: 3, failed: 3, skipped: 3 });
    expect(await ledger.counts('s0')).toEqual({ pending: 12, writing: 0, written: 0, failed: 0, skipped: 0 });
    expect(await ledger.counts('none')).toEqual({
      pending: 0,
      writing: 0,
      written: 0,
      failed: 0,
      skipped: 0,
    });
  });

  it('reads the small rows as the full entries have them', async () => {
    await seed();
    const { ledger } = store();
    await ledger.update('s1', ['k05'], {
      lastError: { code: 'CONNECTOR_REJECTED', kind: 'user', message: 'no', retryable: false },
      targetId: 't5',
      targetNumber: 'FKD5',
      attempts: 2,
      sourceTime: 99,
    });
    const filter: LedgerFilter = { status: ['written', 'failed', 'pending'] };
    const small = ({ source: _s, payload: _p, ...state }: LedgerEntry): LedgerState => state;
    const entries = await ledger.list('s1', filter);
    expect(await ledger.listStates('s1', filter)).toEqual(entries.map(small));
    const keys = entries.map((e) => e.sourceKey);
    expect(await ledger.getStates('s1', keys)).toEqual((await ledger.getMany('s1', keys)).map(small));
    expect(entries.find((e) => e.sourceKey === 'k05')).toMatchObject({
      syncId: 's1',
      status: 'failed',
      lastError: { code: 'CONNECTOR_REJECTED' },
      targetNumber: 'FKD5',
      attempts: 2,
      sourceTime: 99,
      payload: { i: 5 },
      source: { sourceKey: 'k05' },
    });
  });
}
