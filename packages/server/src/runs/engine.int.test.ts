import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createPostgresPool, quoteIdentifier } from '../store/postgres-pool.ts';
import { createEngine } from './engine.ts';

const url = process.env.DATABASE_URL;
const schema = `qiao_engine_${process.pid}_${randomBytes(3).toString('hex')}`;
const stores: Store[] = [];

async function openStore(): Promise<Store> {
  if (!url) throw new Error('DATABASE_URL is not set: the PostgreSQL engine tests need it');
  const store = createStore({ url, schema, poolSize: 4 });
  await store.migrate();
  stores.push(store);
  return store;
}

afterAll(async () => {
  for (const store of stores) await store.close();
  if (!url) return;
  const pool = createPostgresPool({ url, max: 1 });
  await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  await pool.end();
});

describe('engine on postgresql', () => {
  it('executes each run exactly once with two engines sharing the store', async () => {
    const hits = new Map<string, number>();
    const gateway: ConnectorGateway = {
      describe: async () => undefined,
      async call(request) {
        const key = String(request.input.key);
        hits.set(key, (hits.get(key) ?? 0) + 1);
        return { ok: key };
      },
      listPage: async () => ({ items: [], next: null }),
      writeBatch: async () => [],
    };
    const [a, b] = [await openStore(), await openStore()];
    const definition: JsonObject = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'pg',
      name: 'pg',
      concurrency: 8,
      trigger: { type: 'manual' },
      steps: [
        { id: 'v', type: 'set', values: { key: '{{ trigger.n }}' } },
        { id: 'c', type: 'call', connection: 'x', operation: 'y', input: { key: '{{ vars.key }}' } },
      ],
    };
    await a.documents.put({ kind: 'flow', id: 'pg', definition, now: 1 });
    const engines = [
      createEngine({ store: a, gateway, pollMs: 50 }),
      createEngine({ store: b, gateway, pollMs: 50 }),
    ];
    const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => engines[n % 2]!.enqueue('pg', { n })));
    for (const engine of engines) engine.start();
    // Whichever engine executes a run reports its finish.
    const runs = await Promise.all(
      ids.map((id) => Promise.any(engines.map((engine) => engine.waitForRun(id)))),
    );
    const finished = runs.map((run) => run.status);
    for (const engine of engines) await engine.stop();
    expect(finished.every((status) => status === 'succeeded')).toBe(true);
    expect([...hits.values()].every((n) => n === 1)).toBe(true);
    expect(hits.size).toBe(40);
  });
});
