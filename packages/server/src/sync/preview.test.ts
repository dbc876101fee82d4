import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { previewSync } from './preview.ts';

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'preview-sync',
  name: 'preview',
  source: {
    connection: 'src',
    operation: 'list',
    key: 'id',
    detail: { operation: 'get', input: { id: '{{ item.id }}' } },
    filter: "status = 'DONE'",
  },
  mapping: { no: '{{ id }}', amount: '{{ $decimal(amount, 2) }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 50 },
});

/** Pages of 3 ids (cursor = next page number); `get` answers a detail, or fails for id `broken`. */
function pagedGateway(ids: Array<string | null>, calls: string[]): ConnectorGateway {
  return {
    describe: async () => undefined,
    listPage: async (request) => {
      const page = Number(request.cursor ?? 0);
      calls.push(`list:${page}`);
      const items: JsonValue[] = ids
        .slice(page * 3, page * 3 + 3)
        .map((id): JsonValue => (id === null ? {} : { id }));
      return { items, next: (page + 1) * 3 < ids.length ? page + 1 : null };
    },
    call: async (request) => {
      const id = String(request.input.id);
      calls.push(`get:${id}`);
      if (id === 'broken') throw new QiaoError('CONNECTOR_UNAVAILABLE', 'the system answered 500');
      return { id, status: id.startsWith('r') ? 'RUNNING' : 'DONE', amount: id === 'bad' ? 'x' : '1,200.5' };
    },
    writeBatch: async () => {
      throw new Error('a preview never writes');
    },
  };
}

describe('previewSync', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function preview(ids: Array<string | null>, limit: number, items?: JsonValue[]) {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const calls: string[] = [];
    const result = await previewSync(
      {
        definition,
        gateway: pagedGateway(ids, calls),
        evaluator: createSyncEvaluator(),
        store,
        clock: () => 1_700_000_000_000,
      },
      { limit, ...(items ? { items } : {}) },
    );
    return { result, calls };
  }

  it('lists pages until it has `limit` keyed records, skipping keyless and repeated items', async () => {
    const { result, calls } = await preview(['a', null, 'a', 'b', 'r1', 'c', 'd'], 3);
    expect(result.records.map((r) => r.key)).toEqual(['a', 'b', 'r1']);
    expect(result).toMatchObject({ pages: 2, listed: 6, keyless: 1, more: true, error: null, window: null });
    // Details only of the records shown.
    expect(calls.filter((c) => c.startsWith('get:'))).toEqual(['get:a', 'get:b', 'get:r1']);
  });

  it('maps records that pass the filter, not the filtered ones, and says what fails', async () => {
    const { result } = await preview(['a', 'r1', 'bad', 'broken'], 10);
    const byKey = Object.fromEntries(result.records.map((r) => [r.key, r]));
    expect(byKey.a).toMatchObject({ status: 'new', passes: true, mapped: { no: 'a', amount: 1200.5 } });
    expect(byKey.r1?.passes).toBe(false);
    expect(byKey.r1?.mapped).toBeUndefined();
    expect(byKey.bad?.error).toMatchObject({ code: 'MAPPING_FAILED', details: { field: 'amount' } });
    expect(byKey.broken?.error?.code).toBe('CONNECTOR_UNAVAILABLE');
    expect(result.more).toBe(false);
  });

  it('shows the ledger status of known keys', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await store.ledger.addPending(
      definition.id,
      [{ sourceKey: 'b', source: { id: 'b' }, sourceTime: null, runId: 'r', status: 'skipped' }],
      1,
    );
    const result = await previewSync(
      {
        definition,
        gateway: pagedGateway(['a', 'b'], []),
        evaluator: createSyncEvaluator(),
        store,
        clock: Date.now,
      },
      { limit: 5 },
    );
    expect(result.records.map((r) => [r.key, r.status])).toEqual([
      ['a', 'new'],
      ['b', 'skipped'],
    ]);
  });

  it('maps stored sources of chosen or failed ledger keys without any call', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await store.ledger.addPending(
      definition.id,
      [
        { sourceKey: 'f1', source: { id: 'f1', status: 'DONE', amount: '2' }, sourceTime: null, runId: 'r' },
        { sourceKey: 'f2', source: { id: 'f2', status: 'DONE', amount: 'x' }, sourceTime: null, runId: 'r' },
        { sourceKey: 'ok', source: { id: 'ok', status: 'DONE', amount: '3' }, sourceTime: null, runId: 'r' },
      ],
      1,
    );
    await store.ledger.update(definition.id, ['f1', 'f2'], { status: 'failed', updatedAt: 2 });
    const calls: string[] = [];
    const deps = {
      definition,
      gateway: pagedGateway(['a'], calls),
      evaluator: createSyncEvaluator(),
      store,
      clock: Date.now,
    };
    const failed = await previewSync(deps, { failed: true, limit: 1 });
    expect(failed.records.map((r) => [r.key, r.status, r.mapped])).toEqual([
      ['f1', 'failed', { no: 'f1', amount: 2 }],
    ]);
    expect(failed.more).toBe(true);
    const chosen = await previewSync(deps, { keys: ['f2', 'ok', 'zz'] });
    expect(chosen.records.map((r) => [r.key, r.status, r.error?.code ?? null])).toEqual([
      ['f2', 'failed', 'MAPPING_FAILED'],
      ['ok', 'pending', null],
    ]);
    expect(chosen.unknownKeys).toEqual(['zz']);
    expect(calls).toEqual([]);
  });

  it('reads given items instead of listing', async () => {
    const { result, calls } = await preview(['a', 'b', 'c'], 5, [{ id: 'c' }, {}]);
    expect(result.records.map((r) => r.key)).toEqual(['c']);
    expect(result).toMatchObject({ pages: 0, listed: 2, keyless: 1 });
    expect(calls).toEqual(['get:c']);
  });
});
