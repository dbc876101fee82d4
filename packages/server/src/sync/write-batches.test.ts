import { afterEach, describe, expect, it } from 'vitest';
import type { BatchItemResult, ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { LedgerRepository, Store } from '../store/port.ts';
import { emptyStats, type SyncContext } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { runSync } from './run-sync.ts';

const definitionWith = (batchSize: number) =>
  syncSchema.parse({
    schemaVersion: 1,
    kind: 'sync',
    id: 'count-sync',
    name: 'count',
    source: { connection: 'src', operation: 'list', key: 'id' },
    // Every 10th record splits into two bills: a mapping failure settled in the batch's first update.
    mapping: {
      externalKey: '{{ id }}',
      $chunk: { field: 'lines', size: 1 },
      lines: { $each: 'lines', $map: { qty: '{{ qty }}' } },
    },
    target: { connection: 'erp', operation: 'save', batchSize },
    writeBack: { connection: 'erp', operation: 'mark', input: { key: '{{ key }}' } },
    retry: { maxAttempts: 2, initialDelay: 0 },
  });

/** An in-process gateway: one page of `total` records; the target rejects every 7th record, answers the rest. */
function fakeGateway(total: number): ConnectorGateway {
  const records = Array.from({ length: total }, (_, i) => ({
    id: `R${String(i).padStart(4, '0')}`,
    lines: i % 10 === 3 ? [{ qty: 1 }, { qty: 2 }] : [{ qty: 1 }],
  }));
  return {
    describe: async () => undefined,
    call: async () => ({ ok: true }),
    listPage: async () => ({ items: records, next: null }),
    writeBatch: async (request) =>
      request.records.map((record, index): BatchItemResult => {
        const key = String((record as JsonObject).externalKey);
        if (Number(key.slice(1)) % 7 === 0)
          return {
            index,
            ok: false,
            error: { code: 'CONNECTOR_REJECTED', kind: 'user', message: '重复', retryable: false },
          };
        return { index, ok: true, targetId: `T-${key}`, targetNumber: `N-${key}` };
      }),
  };
}

/** Counts every ledger call by method name. */
function countingLedger(ledger: LedgerRepository, calls: Map<string, number>): LedgerRepository {
  return new Proxy(ledger, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function syncOnce(store: Store, total: number, batchSize: number) {
  const calls = new Map<string, number>();
  const ctx: SyncContext = {
    definition: definitionWith(batchSize),
    runId: `run-${total}`,
    store: { ...store, ledger: countingLedger(store.ledger, calls) },
    gateway: fakeGateway(total),
    evaluator: createSyncEvaluator(),
    clock: () => 1_700_000_000_000,
    recordStep: async () => undefined,
    sleep: async () => undefined,
  };
  const result = await runSync(ctx, emptyStats());
  return { result, calls: Object.fromEntries(calls) as Record<string, number> };
}

describe('sync write phase', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('makes the same ledger calls per batch whatever the batch size', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const small = await syncOnce(store, 60, 20);
    await store.close();
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const large = await syncOnce(store, 120, 40);
    // Same number of batches (3), twice the records: no ledger call may scale with the records.
    expect(large.calls).toEqual(small.calls);
    expect(small.calls.get).toBeUndefined();
    expect(small.calls.incrementAttempts).toBeUndefined();
    // Sources and payloads come from the run's hand-off: nothing is read back with its documents.
    for (const read of ['list', 'getMany', 'sources', 'payloads']) expect(small.calls[read]).toBeUndefined();
    // Per batch: mark writing (with settled entries), results, write-back outcomes.
    expect(small.calls.updateMany).toBe(3 * 3);
    const failedKeys = (n: number) =>
      Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 === 0 || i % 10 === 3).length;
    expect(large.result.ledger).toMatchObject({ written: 120 - failedKeys(120), failed: failedKeys(120) });
    expect(large.result.stats).toMatchObject({
      written: 120 - failedKeys(120),
      writtenBack: 120 - failedKeys(120),
    });
  });

  it('reads sources and payloads from the store for entries an earlier run ledgered', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const definition = definitionWith(20);
    // Left by an earlier run: one pending record, one sent with an unknown outcome (uncertain).
    await store.ledger.addPending(
      definition.id,
      [
        { sourceKey: 'R0001', source: { id: 'R0001', lines: [{ qty: 5 }] }, sourceTime: null, runId: 'old' },
        { sourceKey: 'R0002', source: { id: 'R0002', lines: [{ qty: 6 }] }, sourceTime: null, runId: 'old' },
      ],
      1,
    );
    const stored = { externalKey: 'R0002', lines: [{ qty: 6 }], sentBefore: true };
    await store.ledger.update(definition.id, ['R0002'], { status: 'writing', payload: stored, attempts: 1 });
    const sent: JsonValue[] = [];
    const gateway = fakeGateway(0);
    const calls = new Map<string, number>();
    await runSync({
      definition,
      runId: 'run-2',
      store: { ...store, ledger: countingLedger(store.ledger, calls) },
      gateway: {
        ...gateway,
        writeBatch: async (request) => {
          sent.push(...request.records);
          return gateway.writeBatch(request);
        },
      },
      evaluator: createSyncEvaluator(),
      clock: () => 1_700_000_000_000,
      recordStep: async () => undefined,
      sleep: async () => undefined,
    });
    expect(sent).toEqual([{ externalKey: 'R0001', lines: [{ qty: 5 }] }, stored]);
    expect(calls.get('sources')).toBe(2); // the batch, then its write-backs
    expect(await store.ledger.get(definition.id, 'R0002')).toMatchObject({
      status: 'written',
      writeBack: 'done',
      payload: stored,
    });
  });

  it('stores the failed mapping, the payload and the attempt with the batch', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await syncOnce(store, 20, 20);
    const split = await store.ledger.get('count-sync', 'R0003');
    expect(split).toMatchObject({ status: 'failed', attempts: 1, lastError: { code: 'MAPPING_FAILED' } });
    const rejected = await store.ledger.get('count-sync', 'R0007');
    expect(rejected).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'CONNECTOR_REJECTED' },
    });
    expect(rejected?.payload as JsonValue).toEqual({ externalKey: 'R0007', lines: [{ qty: 1 }] });
    expect(await store.ledger.get('count-sync', 'R0001')).toMatchObject({
      status: 'written',
      targetNumber: 'N-R0001',
      writeBack: 'done',
      attempts: 1,
    });
  });
});
