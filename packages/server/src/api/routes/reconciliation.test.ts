import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LedgerStatus } from '../../store/port.ts';
import { ERP_CONNECTION, ERP_CONNECTOR, ERP_SYNC } from '../test-fixtures.ts';
import { createTestApi, type TestApi } from '../test-harness.ts';
import { reconcileLedger } from './reconciliation.ts';

const RECONCILE = { sourceAmount: '$decimalSum(lines.amount, 2)', targetAmount: '$decimalSum(ENTRY.AMT, 2)' };
const SYNC = {
  ...ERP_SYNC,
  mapping: { no: '{{ id }}', ENTRY: { $each: 'lines', $map: { AMT: '{{ $decimal(amount, 2) }}' } } },
  reconcile: RECONCILE,
};

/** The records: key → [status, source amounts, target amounts | null (not mapped yet)]. */
const ROWS: Array<[string, LedgerStatus, string[], string[] | null]> = [
  ['k01', 'written', ['0.10', '0.20'], ['0.1', '0.2']],
  ['k02', 'written', ['1,000.05'], ['1000.05']],
  ['k03', 'written', ['5'], ['5']],
  ['k04', 'failed', ['7.5'], ['7.5']],
  ['k05', 'pending', ['2.25'], null],
  ['k06', 'skipped', ['9'], null],
  ['k07', 'written', ['3.3'], ['3.3']],
];

async function seed(api: TestApi, syncId: string, rows = ROWS): Promise<void> {
  const { ledger } = api.runtime.store;
  const entries = rows.map(([key, , amounts]) => ({
    sourceKey: key,
    source: { id: key, lines: amounts.map((amount) => ({ amount })) },
    sourceTime: null,
    runId: 'r0',
  }));
  await ledger.addPending(syncId, entries, 1);
  await ledger.updateMany(
    syncId,
    rows.map(([key, status, , target]) => ({
      sourceKey: key,
      patch: { status, payload: target ? { no: key, ENTRY: target.map((AMT) => ({ AMT })) } : null },
    })),
  );
}

describe('api ledger reconciliation', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, SYNC, { ...SYNC, id: 'plain', reconcile: undefined }]) {
      const put = await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc });
      expect(put.status).toBe(201);
    }
    await seed(api, 'bills');
    await seed(api, 'plain');
  });
  afterAll(() => api.close());

  it('totals counts and exact amounts per status and balances written records', async () => {
    const res = await api.call('GET', '/api/v1/syncs/bills/ledger/reconciliation');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      syncId: 'bills',
      version: 1,
      reconcile: RECONCILE,
      balanced: true,
      scanned: 7,
    });
    expect(res.body.statuses.written).toEqual({
      count: 4,
      sourceAmount: '1008.65',
      targetAmount: '1008.65',
      sourceMissing: 0,
      targetMissing: 0,
    });
    expect(res.body.statuses.pending).toMatchObject({
      count: 1,
      sourceAmount: '2.25',
      targetAmount: '0',
      targetMissing: 1,
    });
    expect(res.body.statuses.failed).toMatchObject({ count: 1, sourceAmount: '7.5', targetAmount: '7.5' });
    expect(res.body.statuses.writing).toMatchObject({ count: 0, sourceAmount: '0' });
    expect(res.body.mismatches).toEqual([]);
  });

  it('pages the ledger in bounded keyset chunks with the same result', async () => {
    const list = vi.spyOn(api.runtime.store.ledger, 'list');
    const chunked = await reconcileLedger(api.runtime.store, 'bills', RECONCILE, { chunk: 2 });
    const limits = list.mock.calls.map(([, filter]) => filter.limit);
    const afters = list.mock.calls.map(([, filter]) => filter.after ?? null);
    list.mockRestore();
    expect(limits).toEqual([2, 2, 2, 2]);
    expect(afters).toEqual([null, 'k02', 'k04', 'k06']);
    const whole = await reconcileLedger(api.runtime.store, 'bills', RECONCILE);
    expect(chunked).toEqual(whole);
  });

  it('reports unbalanced written records with the mismatching keys', async () => {
    await api.runtime.store.ledger.update('bills', ['k03'], {
      payload: { no: 'k03', ENTRY: [{ AMT: '4.99' }] },
    });
    const res = await api.call('GET', '/api/v1/syncs/bills/ledger/reconciliation?status=written');
    expect(res.body.balanced).toBe(false);
    expect(res.body.statuses.written).toMatchObject({ sourceAmount: '1008.65', targetAmount: '1008.64' });
    expect(Object.keys(res.body.statuses)).toEqual(['written']);
    expect(res.body.mismatches).toEqual([
      { sourceKey: 'k03', status: 'written', sourceAmount: '5', targetAmount: '4.99' },
    ]);
    await api.runtime.store.ledger.update('bills', ['k03'], {
      payload: { no: 'k03', ENTRY: [{ AMT: '5' }] },
    });
  });

  it('counts a record whose amount cannot be read as missing and lists the error', async () => {
    await api.runtime.store.ledger.update('bills', ['k04'], {
      source: { id: 'k04', lines: [{ amount: '七元' }] },
    });
    const res = await api.call('GET', '/api/v1/syncs/bills/ledger/reconciliation?status=failed');
    expect(res.body.statuses.failed).toMatchObject({ count: 1, sourceAmount: '0', sourceMissing: 1 });
    expect(res.body.errorCount).toBe(1);
    expect(res.body.errors[0]).toMatchObject({ sourceKey: 'k04', side: 'source' });
  });

  it('answers counts only for a sync without reconcile', async () => {
    const res = await api.call('GET', '/api/v1/syncs/plain/ledger/reconciliation');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      syncId: 'plain',
      version: 1,
      reconcile: null,
      counts: { pending: 1, writing: 0, written: 4, failed: 1, skipped: 1 },
    });
  });

  it('refuses bad inputs with their codes', async () => {
    const unknown = await api.call('GET', '/api/v1/syncs/nope/ledger/reconciliation');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    const status = await api.call('GET', '/api/v1/syncs/bills/ledger/reconciliation?status=done');
    expect([status.status, status.body.code]).toEqual([400, 'INPUT_INVALID']);
    const chunk = await api.call('GET', '/api/v1/syncs/bills/ledger/reconciliation?chunk=0');
    expect([chunk.status, chunk.body.code]).toEqual([400, 'INPUT_INVALID']);
    const broken = { ...SYNC, id: 'broken', reconcile: { sourceAmount: '(( ', targetAmount: 'x' } };
    // A bad reconcile expression is refused at save, with its path, like every other expression.
    const syntax = await api.call('PUT', '/api/v1/syncs/broken', { body: broken });
    expect([syntax.status, syntax.body.code]).toEqual([400, 'DEFINITION_INVALID']);
    expect(JSON.stringify(syntax.body)).toContain('reconcile.sourceAmount');
    const badShape = { ...SYNC, id: 'shape', reconcile: { sourceAmount: 'x' } };
    const put = await api.call('PUT', '/api/v1/syncs/shape', { body: badShape });
    expect([put.status, put.body.code]).toEqual([400, 'DEFINITION_INVALID']);
  });
});
