import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { createStore } from '../store/index.ts';
import type { LedgerEntry, LedgerRepository, Store } from '../store/port.ts';
import { emptyStats, type SyncContext, type SyncStore } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { ledgerPage } from './ledger-page.ts';

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'filter-sync',
  name: 'filter',
  source: { connection: 'src', operation: 'list', key: 'id', filter: 'result = "agree"' },
  mapping: { FBillNo: '{{ id }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 50 },
});

const gateway: ConnectorGateway = {
  describe: async () => undefined,
  call: async () => ({}),
  listPage: async () => ({ items: [], next: null }),
  writeBatch: async () => [],
};

/**
 * The store as the write phase beside the reader sees it: right after each `addPending` of the page
 * resolves, a writer lists the `pending` rows (not awaited by the reader, as in run-sync.ts).
 */
function storeWithWriter(store: Store, seen: Array<Promise<LedgerEntry[]>>): SyncStore {
  const spy = (ledger: LedgerRepository): LedgerRepository => ({
    ...ledger,
    addPending: async (...args) => {
      const added = await ledger.addPending(...args);
      seen.push(store.ledger.list(definition.id, { status: ['pending'], limit: 100 }));
      return added;
    },
  });
  return {
    ledger: spy(store.ledger),
    syncState: store.syncState,
    transaction: (work) => store.transaction((tx) => work({ ...tx, ledger: spy(tx.ledger) })),
  };
}

describe('ledger page', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('never shows a writer a filtered record as pending', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const seen: Array<Promise<LedgerEntry[]>> = [];
    const ctx: SyncContext = {
      definition,
      runId: 'r1',
      store: storeWithWriter(store, seen),
      gateway,
      evaluator: createSyncEvaluator(),
      clock: () => 1_700_000_000_000,
      recordStep: async () => undefined,
    };
    const items = Array.from({ length: 20 }, (_, i) => ({
      id: `K${String(i).padStart(2, '0')}`,
      result: i % 3 === 0 ? 'refuse' : 'agree',
    }));
    const outcome = await ledgerPage(ctx, items, emptyStats(), () => undefined);
    expect(outcome).toMatchObject({ added: 20, skipped: 7 });
    expect(seen).toHaveLength(1);
    const pendingSeen = (await Promise.all(seen)).flat().map((e) => e.sourceKey);
    const refused = items.filter((item) => item.result === 'refuse').map((item) => item.id);
    expect(pendingSeen.filter((key) => refused.includes(key))).toEqual([]);
    expect(pendingSeen).toHaveLength(13);
    expect(await store.ledger.counts(definition.id)).toMatchObject({ pending: 13, skipped: 7 });
  });
});
