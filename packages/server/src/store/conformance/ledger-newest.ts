import { expect, it } from 'vitest';
import { QiaoError } from '../../errors/index.ts';
import type { LedgerFilter, LedgerStatus, Store } from '../port.ts';

/** Keys of `s1` in the order they are first added: neither key order nor its reverse. */
const ADDED = ['m', 'c', 'x', 'a', 'q', 'f', 'z', 'b', 'k', 'd', 'y', 'e', 'p', 'g'].map((k) => `key-${k}`);
/** Newest first: the reverse of the order the keys were first added. */
const NEWEST = [...ADDED].reverse();
const STATUSES: LedgerStatus[] = ['written', 'failed', 'skipped', 'pending'];
/** The status `ADDED[i]` ends with (written ones have a target number `FKD-<key>`). */
const statusOf = (key: string) => STATUSES[ADDED.indexOf(key) % 4] as LedgerStatus;

const entry = (sourceKey: string) => ({ sourceKey, source: { sourceKey }, sourceTime: null, runId: 'r' });

/**
 * Conformance cases of the ledger listed newest first (`order: 'newest'`): the rows first added last
 * come first, whatever their status changes since; `page` hands the keyset cursor of the next page.
 */
export function ledgerNewestCases(store: () => Store): void {
  /** `s1` gets ADDED in four calls, a decoy sync `s0` between them (interleaved row ids), then states. */
  async function seed(): Promise<void> {
    const { ledger } = store();
    for (let at = 0; at < ADDED.length; at += 4) {
      await ledger.addPending('s1', ADDED.slice(at, at + 4).map(entry), at);
      await ledger.addPending('s0', [entry(`key-s0-${at}`), entry(ADDED[at] as string)], at);
    }
    // Seen again, and changed later: a row keeps the place of its first sighting.
    expect(await ledger.addPending('s1', [entry('key-m'), entry('key-c')], 99)).toEqual([]);
    await ledger.updateMany(
      's1',
      ADDED.map((sourceKey) => ({
        sourceKey,
        patch: {
          status: statusOf(sourceKey),
          targetNumber: statusOf(sourceKey) === 'written' ? `FKD-${sourceKey}` : null,
          updatedAt: 100,
        },
      })),
    );
    await ledger.update('s1', ['key-m'], { attempts: 3, updatedAt: 200 });
  }
  /** Every page of `filter` from the start, by the cursor each page hands on. */
  async function pages(filter: LedgerFilter): Promise<string[][]> {
    const out: string[][] = [];
    let after: string | undefined;
    for (let n = 0; n < 20; n++) {
      const page = await store().ledger.page('s1', { ...filter, ...(after === undefined ? {} : { after }) });
      out.push(page.entries.map((e) => e.sourceKey));
      if (page.next === null) return out;
      after = page.next;
    }
    throw new Error('the cursor never ended');
  }

  it('pages through every entry newest first, each exactly once, by the cursor', async () => {
    await seed();
    const three = await pages({ order: 'newest', limit: 3 });
    expect(three.map((p) => p.length)).toEqual([3, 3, 3, 3, 2]);
    expect(three.flat()).toEqual(NEWEST);
    // A last page exactly full hands a cursor; the page after it is empty and ends.
    expect(await pages({ order: 'newest', limit: 7 })).toEqual([NEWEST.slice(0, 7), NEWEST.slice(7), []]);
    const all = await store().ledger.page('s1', { order: 'newest' });
    expect([all.entries.map((e) => e.sourceKey), all.next]).toEqual([NEWEST, null]);
    expect(all.entries.find((e) => e.sourceKey === 'key-m')).toMatchObject({
      syncId: 's1',
      status: 'written',
      attempts: 3,
      targetNumber: 'FKD-key-m',
      source: { sourceKey: 'key-m' },
    });
    expect((await store().ledger.page('s0', { order: 'newest', limit: 2 })).entries).toHaveLength(2);
  });

  it('pages newest first within one status and within several', async () => {
    await seed();
    for (const status of [
      ['failed'],
      ['written'],
      ['pending', 'failed'],
      ['written', 'skipped', 'pending'],
    ]) {
      const expected = NEWEST.filter((k) => status.includes(statusOf(k)));
      const paged = await pages({ order: 'newest', status: status as LedgerStatus[], limit: 2 });
      expect(paged.flat(), status.join()).toEqual(expected);
      expect(paged.slice(0, -1).every((p) => p.length === 2)).toBe(true);
    }
  });

  it('finds by a part of the source key or target number newest first, with and without a status', async () => {
    await seed();
    const fkd = NEWEST.filter((k) => statusOf(k) === 'written');
    expect((await pages({ order: 'newest', search: 'fkd-KEY', limit: 2 })).flat()).toEqual(fkd);
    expect(
      (await pages({ order: 'newest', search: 'fkd', status: ['failed', 'written'], limit: 1 })).flat(),
    ).toEqual(fkd);
    // "ey-" matches every key; the status filter and the search narrow it together.
    expect((await pages({ order: 'newest', search: 'EY-', status: ['pending'], limit: 1 })).flat()).toEqual(
      NEWEST.filter((k) => statusOf(k) === 'pending'),
    );
    expect((await pages({ order: 'newest', search: 'key-q', limit: 1 })).flat()).toEqual(['key-q']);
    expect((await pages({ order: 'newest', search: 'nothing' })).flat()).toEqual([]);
  });

  it('lists the small rows and the entries in the same newest order', async () => {
    await seed();
    const { ledger } = store();
    const filter: LedgerFilter = { order: 'newest', status: ['failed', 'written'], limit: 4 };
    const entries = (await ledger.list('s1', filter)).map((e) => e.sourceKey);
    expect(entries).toEqual(NEWEST.filter((k) => ['failed', 'written'].includes(statusOf(k))).slice(0, 4));
    expect((await ledger.listStates('s1', filter)).map((e) => e.sourceKey)).toEqual(entries);
    const page = await ledger.page('s1', filter);
    expect(page.entries.map((e) => e.sourceKey)).toEqual(entries);
    const next = await ledger.listStates('s1', { ...filter, after: page.next ?? '' });
    expect(next.map((e) => e.sourceKey)).toEqual((await pages(filter)).flat().slice(4, 8));
  });

  it('hands the last source key as the cursor of key order', async () => {
    await seed();
    const byKey = [...ADDED].sort();
    const first = await store().ledger.page('s1', { limit: 5 });
    expect([first.entries.map((e) => e.sourceKey), first.next]).toEqual([byKey.slice(0, 5), byKey[4]]);
    expect((await pages({ limit: 5 })).flat()).toEqual(byKey);
    expect((await pages({ order: 'key', status: ['skipped', 'pending'], limit: 2 })).flat()).toEqual(
      byKey.filter((k) => ['skipped', 'pending'].includes(statusOf(k))),
    );
  });

  it('refuses a cursor of newest order that is not one', async () => {
    await seed();
    const refused = store().ledger.page('s1', { order: 'newest', after: 'key-m' });
    await expect(refused).rejects.toBeInstanceOf(QiaoError);
    await expect(refused).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(store().ledger.list('s1', { order: 'newest', after: '-1' })).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(await store().ledger.page('s1', { order: 'newest', after: '0' })).toEqual({
      entries: [],
      next: null,
    });
  });
}
