import { afterEach, describe, expect, it } from 'vitest';
import type { BatchItemResult, ConnectorGateway, Page } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { emptyStats, type SyncContext, type SyncStep } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { runSync } from './run-sync.ts';

// The phases' one-step-ahead work (README "One step ahead in each phase"): a batch's write-backs run
// beside the next batch, and the next page is listed while the current one is ledgered. What runs
// ahead must never hide a failure nor outlive the phase.

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'ahead-sync',
  name: 'ahead',
  source: { connection: 'src', operation: 'list', key: 'id' },
  mapping: { externalKey: '{{ id }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 5 },
  writeBack: { connection: 'erp', operation: 'mark', input: { key: '{{ key }}' } },
  retry: { maxAttempts: 2, initialDelay: 0 },
});

const recordsOf = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `R${String(from + i).padStart(3, '0')}` }));

function contextOf(store: Store, gateway: ConnectorGateway, extra: Partial<SyncContext> = {}): SyncContext {
  return {
    definition,
    runId: 'run-1',
    store,
    gateway,
    evaluator: createSyncEvaluator(),
    clock: () => 1_700_000_000_000,
    recordStep: async () => undefined,
    sleep: async () => undefined,
    ...extra,
  };
}

const written = async (request: { records: unknown[] }): Promise<BatchItemResult[]> =>
  request.records.map((record, index) => ({
    index,
    ok: true,
    targetNumber: `N-${(record as JsonObject).externalKey}`,
  }));

describe('sync phases one step ahead', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('fails the write phase when a write-back drain running beside the next batch fails, with no call left running', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    let inFlight = 0;
    let writeBacks = 0;
    const gateway: ConnectorGateway = {
      describe: async () => undefined,
      listPage: async () => ({ items: recordsOf(0, 20), next: null }),
      writeBatch: written,
      call: async () => {
        inFlight++;
        writeBacks++;
        await Promise.resolve();
        inFlight--;
        return { ok: true };
      },
    };
    const recordStep = async (step: SyncStep) => {
      if (step.path === 'writeBack:1') throw new Error('step store down');
    };
    await expect(runSync(contextOf(store, gateway, { recordStep }), emptyStats())).rejects.toThrow(
      'step store down',
    );
    expect(inFlight).toBe(0);
    // Batch 1's write-backs happened and are stored; batch 2 was written beside them, and its
    // write-backs were not started: they stay pending for the next run, nothing is lost.
    expect(writeBacks).toBe(5);
    const rows = await store.ledger.list(definition.id, {});
    expect(rows.filter((r) => r.writeBack === 'done')).toHaveLength(5);
    expect(rows.filter((r) => r.status === 'written' && r.writeBack === 'pending')).toHaveLength(5);
  });

  it('records a failing page listed ahead as its own failed step', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const steps: SyncStep[] = [];
    const gateway: ConnectorGateway = {
      describe: async () => undefined,
      listPage: async (request): Promise<Page> => {
        if (request.cursor === null) return { items: recordsOf(0, 3), next: 'p2' };
        throw new QiaoError('CONNECTOR_REJECTED', '第二页拒绝 / page 2 rejected');
      },
      writeBatch: written,
      call: async () => ({ ok: true }),
    };
    const ctx = contextOf(store, gateway, { recordStep: async (step) => void steps.push(step) });
    await expect(runSync(ctx, emptyStats())).rejects.toThrow('page 2 rejected');
    expect(steps.find((s) => s.path === 'page:1')).toMatchObject({ status: 'succeeded' });
    expect(steps.find((s) => s.path === 'page:2')).toMatchObject({
      status: 'failed',
      error: { code: 'CONNECTOR_REJECTED' },
    });
    // Page 1 is in the ledger and its cursor stored: a re-run resumes at page 2.
    expect(await store.syncState.get(definition.id)).toMatchObject({ cursor: { next: 'p2', pages: 1 } });
  });

  it('drops a page listed ahead when the run stops first, even if its call fails afterwards', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const stop = new AbortController();
    let failPage2: (error: Error) => void = () => undefined;
    const gateway: ConnectorGateway = {
      describe: async () => undefined,
      listPage: (request) => {
        if (request.cursor === null) return Promise.resolve({ items: recordsOf(0, 3), next: 'p2' });
        return new Promise<Page>((_, reject) => {
          failPage2 = reject;
        });
      },
      writeBatch: written,
      call: async () => ({ ok: true }),
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ctx = contextOf(store, gateway, {
        signal: stop.signal,
        onProgress: (event) => {
          if (event.type === 'page') stop.abort();
        },
      });
      await expect(runSync(ctx, emptyStats())).rejects.toMatchObject({ code: 'RUN_CANCELLED' });
      failPage2(new QiaoError('CONNECTOR_UNAVAILABLE', 'late failure'));
      // Node reports an unhandled rejection once the microtask queue is empty: one turn of the loop.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    // The page read before the stop is ledgered, and the stored cursor still names page 2.
    expect(await store.syncState.get(definition.id)).toMatchObject({ cursor: { next: 'p2', pages: 1 } });
    expect((await store.ledger.list(definition.id, {})).length).toBe(3);
  });
});
