import { expect, it } from 'vitest';
import type { Store } from '../port.ts';

const entry = (key: string, extra: { sourceTime?: number | null } = {}) => ({
  sourceKey: key,
  source: { FBillNo: key, 金额: '123.45', lines: [{ qty: 1 }] },
  sourceTime: extra.sourceTime ?? null,
  runId: 'run-1',
});

/** Conformance cases of the sync ledger and sync state. */
export function ledgerCases(store: () => Store): void {
  it('adds pending entries and never re-adds a key already present', async () => {
    const ledger = store().ledger;
    expect(
      await ledger.addPending('s1', [entry('k1', { sourceTime: 5 }), entry('k2'), entry('k1')], 100),
    ).toEqual(['k1', 'k2']);
    expect(await ledger.get('s1', 'k1')).toEqual({
      syncId: 's1',
      sourceKey: 'k1',
      status: 'pending',
      targetId: null,
      targetNumber: null,
      attempts: 0,
      lastError: null,
      writeBack: 'none',
      writeBackError: null,
      sourceTime: 5,
      source: entry('k1').source,
      payload: null,
      runId: 'run-1',
      updatedAt: 100,
    });
    await ledger.update('s1', ['k1'], {
      status: 'written',
      targetId: 'T-1',
      targetNumber: 'FK001',
      updatedAt: 101,
    });
    expect(await ledger.addPending('s1', [entry('k1'), entry('k3')], 102)).toEqual(['k3']);
    expect(await ledger.get('s1', 'k1')).toMatchObject({
      status: 'written',
      targetId: 'T-1',
      updatedAt: 101,
    });
    expect(await ledger.addPending('s2', [entry('k1')], 103)).toEqual(['k1']);
  });

  it('handles thousands of keys in one call', async () => {
    const keys = Array.from({ length: 2500 }, (_, i) => `key-${String(i).padStart(5, '0')}`);
    const added = await store().ledger.addPending(
      'big',
      keys.map((k) => entry(k)),
      1,
    );
    expect(added.sort()).toEqual(keys);
    const again = await store().ledger.addPending(
      'big',
      [...keys, 'key-new'].map((k) => entry(k)),
      2,
    );
    expect(again).toEqual(['key-new']);
    expect((await store().ledger.counts('big')).pending).toBe(2501);
    const written = await store().ledger.update('big', keys, { status: 'written' }, ['pending']);
    expect(written).toBe(2500);
  });

  it('updates conditionally, counts attempts and lists with filters and pagination', async () => {
    const ledger = store().ledger;
    await ledger.addPending(
      's1',
      ['a', 'b', 'c', 'd'].map((k) => entry(k)),
      1,
    );
    expect(await ledger.update('s1', ['a', 'b'], { status: 'writing', payload: { x: 1 } }, ['pending'])).toBe(
      2,
    );
    expect(await ledger.update('s1', ['a', 'c'], { status: 'written' }, ['writing'])).toBe(1);
    const error = {
      code: 'CONNECTOR_REJECTED',
      kind: 'user',
      message: '单据编号重复',
      retryable: false,
    } as const;
    await ledger.update('s1', ['d'], {
      status: 'failed',
      lastError: error,
      writeBack: 'failed',
      writeBackError: error,
    });
    await ledger.incrementAttempts('s1', ['b', 'd'], 9);
    await ledger.incrementAttempts('s1', ['d'], 10);
    expect(await ledger.get('s1', 'd')).toMatchObject({
      attempts: 2,
      lastError: error,
      writeBackError: error,
      updatedAt: 10,
    });
    expect(await ledger.get('s1', 'b')).toMatchObject({ status: 'writing', attempts: 1, payload: { x: 1 } });
    expect(await ledger.counts('s1')).toEqual({ pending: 1, writing: 1, written: 1, failed: 1, skipped: 0 });
    const keys = async (filter: Parameters<Store['ledger']['list']>[1]) =>
      (await ledger.list('s1', filter)).map((e) => e.sourceKey);
    expect(await keys({})).toEqual(['a', 'b', 'c', 'd']);
    expect(await keys({ status: ['pending', 'failed'] })).toEqual(['c', 'd']);
    expect(await keys({ writeBack: ['failed'] })).toEqual(['d']);
    expect(await keys({ limit: 2, after: 'a' })).toEqual(['b', 'c']);
    expect(await ledger.get('s1', 'zzz')).toBeUndefined();
  });

  it('updates many entries with a different patch each, guarded by status', async () => {
    const ledger = store().ledger;
    await ledger.addPending(
      's1',
      ['a', 'b', 'c', 'd'].map((k) => entry(k)),
      1,
    );
    await ledger.update('s1', ['d'], { status: 'written' });
    const error = {
      code: 'CONNECTOR_REJECTED',
      kind: 'user',
      message: '金额无效',
      retryable: false,
    } as const;
    const changed = await ledger.updateMany(
      's1',
      [
        {
          sourceKey: 'a',
          patch: { status: 'writing', payload: { n: 'a', 金额: 1.5 }, attempts: 3, updatedAt: 7 },
        },
        { sourceKey: 'b', patch: { status: 'failed', lastError: error, payload: null, updatedAt: 8 } },
        { sourceKey: 'c', patch: { status: 'written', targetId: 'T-c', targetNumber: null, updatedAt: 9 } },
        { sourceKey: 'd', patch: { status: 'failed', updatedAt: 10 } },
        { sourceKey: 'missing', patch: { status: 'failed', updatedAt: 10 } },
      ],
      ['pending', 'writing'],
    );
    expect(changed).toBe(3);
    expect(await ledger.get('s1', 'a')).toMatchObject({
      status: 'writing',
      payload: { n: 'a', 金额: 1.5 },
      attempts: 3,
      updatedAt: 7,
    });
    expect(await ledger.get('s1', 'b')).toMatchObject({ status: 'failed', lastError: error, payload: null });
    expect(await ledger.get('s1', 'c')).toMatchObject({ status: 'written', targetId: 'T-c', updatedAt: 9 });
    expect(await ledger.get('s1', 'd')).toMatchObject({ status: 'written', updatedAt: 1 });
    expect(await ledger.updateMany('s1', [], ['pending'])).toBe(0);
    expect(await ledger.updateMany('s1', [{ sourceKey: 'a', patch: { updatedAt: 1 } }], [])).toBe(0);
    const twice = [
      { sourceKey: 'a', patch: { targetId: 'first' } },
      { sourceKey: 'a', patch: { targetId: 'last' } },
    ];
    expect(await ledger.updateMany('s1', twice)).toBe(1);
    expect((await ledger.get('s1', 'a'))?.targetId).toBe('last');
  });

  it('updates many entries all-or-nothing, thousands in one call', async () => {
    const ledger = store().ledger;
    const keys = Array.from({ length: 1200 }, (_, i) => `k-${String(i).padStart(4, '0')}`);
    await ledger.addPending(
      'big',
      keys.map((k) => entry(k)),
      1,
    );
    const patches = keys.map((k, i) => ({
      sourceKey: k,
      patch: { status: 'writing' as const, attempts: i },
    }));
    expect(await ledger.updateMany('big', patches, ['pending'])).toBe(1200);
    expect(await ledger.get('big', 'k-1199')).toMatchObject({ status: 'writing', attempts: 1199 });
    // A patch that breaks a NOT NULL column fails the call and undoes every other patch of it.
    const broken = [
      { sourceKey: 'k-0000', patch: { status: 'written' as const, targetId: 'T-0' } },
      { sourceKey: 'k-0001', patch: { status: null as unknown as 'written', targetId: 'T-1' } },
    ];
    // Issued together (SQLite: one group commit), the failing call must not undo or fail the other.
    const [failing, other] = await Promise.allSettled([
      ledger.updateMany('big', broken),
      ledger.update('big', ['k-0003'], { targetId: 'T-3' }),
    ]);
    expect(failing.status).toBe('rejected');
    expect(other).toEqual({ status: 'fulfilled', value: 1 });
    expect(await ledger.get('big', 'k-0000')).toMatchObject({ status: 'writing', targetId: null });
    expect(await ledger.get('big', 'k-0003')).toMatchObject({ targetId: 'T-3' });
    await expect(
      store().transaction(async (tx) => {
        await tx.ledger.updateMany('big', [{ sourceKey: 'k-0002', patch: { status: 'failed' } }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await ledger.counts('big')).writing).toBe(1200);
  });

  it('lists several statuses in key order, each from its own index walk', async () => {
    const ledger = store().ledger;
    const keys = Array.from({ length: 12 }, (_, i) => `k${String(i).padStart(2, '0')}`);
    await ledger.addPending(
      's1',
      keys.map((k) => entry(k)),
      1,
    );
    const statuses = ['written', 'writing', 'failed'] as const;
    await ledger.updateMany(
      's1',
      keys.slice(0, 9).map((k, i) => ({ sourceKey: k, patch: { status: statuses[i % 3] } })),
    );
    const keysOf = async (filter: Parameters<Store['ledger']['list']>[1]) =>
      (await ledger.list('s1', filter)).map((e) => e.sourceKey);
    expect(await keysOf({ status: ['pending', 'writing'], limit: 4 })).toEqual(['k01', 'k04', 'k07', 'k09']);
    expect(await keysOf({ status: ['writing', 'pending', 'writing'], after: 'k04', limit: 3 })).toEqual([
      'k07',
      'k09',
      'k10',
    ]);
    expect(await keysOf({ status: ['failed', 'written'], writeBack: ['none'] })).toEqual([
      'k00',
      'k02',
      'k03',
      'k05',
      'k06',
      'k08',
    ]);
    expect(await keysOf({ status: ['failed', 'written'], writeBack: ['pending'] })).toEqual([]);
    const many = await ledger.getMany('s1', ['k11', 'zz', 'k00', 'k11']);
    expect(many.map((e) => [e.sourceKey, e.status])).toEqual([
      ['k00', 'written'],
      ['k11', 'pending'],
    ]);
    expect(many[0]).toEqual(await ledger.get('s1', 'k00'));
    expect(await ledger.getMany('s1', [])).toEqual([]);
  });

  it('finds entries by a part of their source key or target number, ignoring case, wildcards taken literally', async () => {
    const ledger = store().ledger;
    await ledger.addPending(
      's1',
      ['PI-Alpha-1', 'pi-beta-2', 'PI_gamma%3', 'other'].map((k) => entry(k)),
      1,
    );
    await ledger.update('s1', ['other'], { status: 'written', targetNumber: 'FKD-000PI7' });
    await ledger.update('s1', ['pi-beta-2'], { status: 'failed' });
    const keysOf = async (filter: Parameters<Store['ledger']['list']>[1]) => ({
      full: (await ledger.list('s1', filter)).map((e) => e.sourceKey),
      small: (await ledger.listStates('s1', filter)).map((e) => e.sourceKey),
    });
    const both = (keys: string[]) => ({ full: keys, small: keys });
    expect(await keysOf({ search: 'alpha' })).toEqual(both(['PI-Alpha-1']));
    expect(await keysOf({ search: 'pi' })).toEqual(both(['PI-Alpha-1', 'PI_gamma%3', 'other', 'pi-beta-2']));
    expect(await keysOf({ search: 'fkd-000' })).toEqual(both(['other']));
    expect(await keysOf({ search: '_' })).toEqual(both(['PI_gamma%3']));
    expect(await keysOf({ search: '%3' })).toEqual(both(['PI_gamma%3']));
    expect(await keysOf({ search: 'pi', status: ['failed', 'written'] })).toEqual(
      both(['other', 'pi-beta-2']),
    );
    expect(await keysOf({ search: 'pi', status: ['pending'], after: 'PI-Alpha-1' })).toEqual(
      both(['PI_gamma%3']),
    );
    expect(await keysOf({ search: 'nothing' })).toEqual(both([]));
  });

  it('keeps documents apart: small rows, sources and payloads read on their own', async () => {
    const ledger = store().ledger;
    const added = await ledger.addPending(
      's1',
      [
        entry('a', { sourceTime: 3 }),
        { ...entry('b'), status: 'skipped' as const },
        { ...entry('c'), source: null },
      ],
      1,
    );
    expect(added).toEqual(['a', 'b', 'c']);
    expect(await ledger.counts('s1')).toMatchObject({ pending: 2, skipped: 1 });
    // An existing key keeps its status and its source.
    expect(await ledger.addPending('s1', [{ ...entry('b'), source: { other: true } }], 2)).toEqual([]);
    expect((await ledger.get('s1', 'b'))?.source).toEqual(entry('b').source);
    await ledger.update('s1', ['a'], { status: 'writing', payload: { FBillNo: 'a' }, attempts: 1 });
    const states = await ledger.listStates('s1', { status: ['pending', 'writing'] });
    expect(states).toEqual([
      {
        syncId: 's1',
        sourceKey: 'a',
        status: 'writing',
        targetId: null,
        targetNumber: null,
        attempts: 1,
        lastError: null,
        writeBack: 'none',
        writeBackError: null,
        sourceTime: 3,
        runId: 'run-1',
        updatedAt: 1,
      },
      expect.objectContaining({ sourceKey: 'c', status: 'pending' }),
    ]);
    expect(states[1]).not.toHaveProperty('source');
    expect(await ledger.getStates('s1', ['c', 'zz', 'a'])).toEqual([states[0], states[1]]);
    expect(await ledger.sources('s1', ['a', 'c', 'zz'])).toEqual(
      new Map<string, unknown>([
        ['a', entry('a').source],
        ['c', null],
      ]),
    );
    expect(await ledger.payloads('s1', ['a', 'b'])).toEqual(new Map([['a', { FBillNo: 'a' }]]));
    expect(await ledger.getMany('s1', ['a'])).toEqual([
      { ...states[0], source: entry('a').source, payload: { FBillNo: 'a' } },
    ]);
  });

  it('guards document updates by status like the row, and removes a payload set to null', async () => {
    const ledger = store().ledger;
    await ledger.addPending(
      's1',
      ['a', 'b', 'c'].map((k) => entry(k)),
      1,
    );
    await ledger.updateMany('s1', [
      { sourceKey: 'a', patch: { status: 'writing', payload: { v: 1 } } },
      { sourceKey: 'b', patch: { status: 'written', payload: { v: 1 } } },
    ]);
    // b is written: neither its row nor its payload may change under a guard on open statuses.
    const changed = await ledger.updateMany(
      's1',
      [
        { sourceKey: 'a', patch: { status: 'pending', payload: { v: 2 } } },
        { sourceKey: 'b', patch: { status: 'pending', payload: { v: 2 } } },
        { sourceKey: 'c', patch: { source: { fresh: true }, sourceTime: 9 } },
      ],
      ['pending', 'writing'],
    );
    expect(changed).toBe(2);
    expect(await ledger.payloads('s1', ['a', 'b'])).toEqual(
      new Map([
        ['a', { v: 2 }],
        ['b', { v: 1 }],
      ]),
    );
    expect(await ledger.get('s1', 'c')).toMatchObject({
      source: { fresh: true },
      sourceTime: 9,
      payload: null,
    });
    expect(await ledger.update('s1', ['a', 'b'], { payload: null }, ['pending'])).toBe(1);
    expect(await ledger.payloads('s1', ['a', 'b'])).toEqual(new Map([['b', { v: 1 }]]));
    expect(await ledger.update('s1', ['c'], { source: { again: 1 } }, ['written'])).toBe(0);
    expect((await ledger.get('s1', 'c'))?.source).toEqual({ fresh: true });
    const listed = await ledger.list('s1', { status: ['written', 'pending'], limit: 2 });
    expect(listed.map((e) => [e.sourceKey, e.payload])).toEqual([
      ['a', null],
      ['b', { v: 1 }],
    ]);
  });

  it('stores and replaces sync state', async () => {
    expect(await store().syncState.get('s1')).toBeUndefined();
    const state = {
      syncId: 's1',
      watermark: 1_700_000_000_000,
      cursor: { page: 3, token: 'abc' },
      windowFrom: 1,
      windowTo: 2,
      updatedAt: 5,
    };
    await store().syncState.put(state);
    expect(await store().syncState.get('s1')).toEqual(state);
    const next = { ...state, watermark: null, cursor: null, windowFrom: null, windowTo: null, updatedAt: 6 };
    await store().syncState.put(next);
    expect(await store().syncState.get('s1')).toEqual(next);
  });

  it('marks a schedule slot fired only for the caller that expected the previous one', async () => {
    const schedules = store().schedules;
    expect(await schedules.lastFired('f1')).toBeUndefined();
    const first = await Promise.all([
      schedules.markFired('f1', 100, undefined),
      schedules.markFired('f1', 100, undefined),
    ]);
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await schedules.markFired('f1', 200, 50)).toBe(false);
    expect(await schedules.markFired('f1', 200, 100)).toBe(true);
    expect(await schedules.lastFired('f1')).toBe(200);
  });
}
