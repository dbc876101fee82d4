import { afterAll, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { JsonObject } from '../json.ts';
import { postgresTestStores } from '../store/postgres-testing.ts';
import { createEngine } from './engine.ts';

const stores = postgresTestStores('engine', 4);
const openStore = stores.open;

afterAll(stores.close);

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
