import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import type { TableCache } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { loadTables } from './lookup-tables.ts';

function definitionWith(tables: JsonObject) {
  return syncSchema.parse({
    schemaVersion: 1,
    kind: 'sync',
    id: 'bills',
    name: 'bills',
    source: { connection: 'src', operation: 'list', key: 'id' },
    mapping: { no: '{{ id }}' },
    target: { connection: 'erp', operation: 'save' },
    tables,
  });
}

/** 5 department rows, 2 a page (cursor = offset); counts the pages asked for and keeps the last input. */
function departments(pages: { count: number; input?: JsonObject }): ConnectorGateway {
  const rows: JsonObject[] = Array.from({ length: 5 }, (_, i) => ({ FNumber: `BM00${i}`, F_Ding: `d${i}` }));
  return {
    describe: async () => undefined,
    call: async () => null,
    listPage: async (request) => {
      pages.count++;
      pages.input = request.input;
      const offset = Number(request.cursor ?? 0);
      return { items: rows.slice(offset, offset + 2), next: offset + 2 < rows.length ? offset + 2 : null };
    },
    writeBatch: async () => [],
  };
}

describe('lookup tables loaded when a run starts', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function load(tables: JsonObject, gateway: ConnectorGateway) {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    return {
      store,
      load: () =>
        loadTables({
          definition: definitionWith(tables),
          store: store as Store,
          gateway,
          evaluator: createSyncEvaluator(),
        }),
    };
  }

  it('reads every page of a list operation into key → value, beside written-out tables', async () => {
    const pages: { count: number; input?: JsonObject } = { count: 0 };
    const { load: run } = await load(
      {
        orgs: { 公司: '100' },
        depts: { $from: { connection: 'k3', operation: 'query', key: 'F_Ding', value: 'FNumber' } },
        rows: {
          $from: {
            connection: 'k3',
            operation: 'query',
            key: 'FNumber',
            input: { FormId: "{{ 'BD_' & 'Department' }}", Limit: 2 },
          },
        },
      },
      departments(pages),
    );
    const tables = await run();
    expect(tables.orgs).toEqual({ 公司: '100' });
    expect(tables.depts).toEqual({ d0: 'BM000', d1: 'BM001', d2: 'BM002', d3: 'BM003', d4: 'BM004' });
    expect((tables.rows as JsonObject).BM003).toEqual({ FNumber: 'BM003', F_Ding: 'd3' });
    expect(pages.count).toBe(6);
    // The input is templated like a source's.
    expect(pages.input).toEqual({ FormId: 'BD_Department', Limit: 2 });
  });

  it('fails rather than load a partial table past maxRows', async () => {
    const { load: run } = await load(
      { depts: { $from: { connection: 'k3', operation: 'query', key: 'F_Ding', maxRows: 3 } } },
      departments({ count: 0 }),
    );
    await expect(run()).rejects.toThrow(/more than 3 rows/);
  });

  it("reads another sync's written keys → target number, in chunks", async () => {
    const { store: s, load: run } = await load(
      { employees: { $from: { sync: 'users' } }, ids: { $from: { sync: 'users', value: 'targetId' } } },
      departments({ count: 0 }),
    );
    const entries = Array.from({ length: 2100 }, (_, i) => ({
      sourceKey: `u${String(i).padStart(4, '0')}`,
      source: null as JsonValue,
      sourceTime: null,
      runId: 'r',
    }));
    await s.ledger.addPending('users', entries, 1);
    const written = entries.slice(0, 2050).map((e, i) => ({
      sourceKey: e.sourceKey,
      patch: { status: 'written' as const, targetNumber: `E${i}`, targetId: String(100 + i), updatedAt: 2 },
    }));
    await s.ledger.updateMany('users', written, ['pending']);
    const tables = await run();
    const employees = tables.employees as JsonObject;
    expect(Object.keys(employees)).toHaveLength(2050);
    expect(employees.u0000).toBe('E0');
    expect(employees.u2049).toBe('E2049');
    expect(employees.u2050).toBeUndefined();
    expect((tables.ids as JsonObject).u0001).toBe('101');
  });

  it('reuses a table with refresh across runs while it is younger than that, per sync version', async () => {
    const pages = { count: 0 };
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const cache: TableCache = new Map();
    const now = { t: 1_000_000 };
    const definition = definitionWith({
      depts: {
        $from: { connection: 'k3', operation: 'query', key: 'F_Ding', value: 'FNumber', refresh: '10m' },
      },
      fresh: { $from: { connection: 'k3', operation: 'query', key: 'F_Ding' } },
    });
    const run = (version: number, reused: string[] = []) =>
      loadTables(
        {
          definition,
          definitionVersion: version,
          store: store as Store,
          gateway: departments(pages),
          evaluator: createSyncEvaluator(),
          tableCache: cache,
          clock: () => now.t,
        },
        undefined,
        reused,
      );
    await run(1);
    expect(pages.count).toBe(6);
    const reused: string[] = [];
    now.t += 9 * 60_000;
    expect((await run(1, reused)).depts).toMatchObject({ d4: 'BM004' });
    expect(reused).toEqual(['depts']);
    expect(pages.count).toBe(9); // only `fresh` was read again
    await run(2);
    expect(pages.count).toBe(15); // a new version of the sync loads its own
    now.t += 2 * 60_000;
    await run(1);
    expect(pages.count).toBe(21); // ten minutes old: loaded again
  });
});
