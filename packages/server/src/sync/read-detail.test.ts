import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { LedgerRepository, Store } from '../store/port.ts';
import { emptyStats } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { runSync } from './run-sync.ts';

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'detail-sync',
  name: 'detail',
  source: {
    connection: 'src',
    operation: 'listIds',
    key: 'id',
    detail: { operation: 'get', input: { id: '{{ item.id }}' } },
    filter: "status = 'DONE'",
  },
  mapping: { externalKey: '{{ id }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 50 },
});

/** Lists ids only; `get` answers the current detail of an id and counts the calls. */
function detailGateway(details: Map<string, JsonObject>, counts: { details: number }): ConnectorGateway {
  return {
    describe: async () => undefined,
    call: async (request) => {
      counts.details++;
      return details.get(String(request.input.id)) ?? null;
    },
    listPage: async () => ({ items: [...details.keys()].map((id) => ({ id })), next: null }),
    writeBatch: async (request) => request.records.map((_, index) => ({ index, ok: true })),
  };
}

function countingLedger(ledger: LedgerRepository, calls: string[]): LedgerRepository {
  return new Proxy(ledger, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

describe('sync read phase with a detail call', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('looks a page up in the ledger once and fetches details only of new or skipped keys', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const details = new Map<string, JsonObject>(
      ['A1', 'A2', 'A3', 'A4'].map((id) => [id, { id, status: id === 'A3' ? 'RUNNING' : 'DONE' }]),
    );
    const counts = { details: 0 };
    const run = async (runId: string) => {
      const calls: string[] = [];
      const result = await runSync(
        {
          definition,
          runId,
          store: { ...(store as Store), ledger: countingLedger((store as Store).ledger, calls) },
          gateway: detailGateway(details, counts),
          evaluator: createSyncEvaluator(),
          clock: () => 1_700_000_000_000,
          recordStep: async () => undefined,
          sleep: async () => undefined,
        },
        emptyStats(),
      );
      return { result, calls };
    };
    const first = await run('r1');
    expect(counts.details).toBe(4);
    expect(first.result.ledger).toMatchObject({ written: 3, skipped: 1 });
    details.set('A3', { id: 'A3', status: 'DONE' });
    const second = await run('r2');
    expect(counts.details).toBe(5);
    expect(second.calls.filter((c) => c === 'getStates')).toHaveLength(1);
    expect(second.calls).not.toContain('getMany');
    expect(second.calls).not.toContain('get');
    expect(second.result.ledger).toMatchObject({ written: 4, skipped: 0 });
  });
});
