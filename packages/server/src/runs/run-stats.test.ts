import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createEngine, type Engine } from './engine.ts';
import { countStats, emptyFlowStats } from './run-stats.ts';

let store: Store | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.stop();
  await store?.close();
  engine = undefined;
  store = undefined;
});

function flakyGateway(failures: number): ConnectorGateway {
  let n = 0;
  return {
    describe: async () => undefined,
    async call() {
      n++;
      if (n <= failures) throw new QiaoError('CONNECTOR_UNAVAILABLE', '503');
      return { saved: n };
    },
    listPage: async () => ({ items: [], next: null }),
    writeBatch: async () => [],
  };
}

describe('run stats', () => {
  it('adds counters without changing the input', () => {
    const start = emptyFlowStats();
    const next = countStats(start, { attempts: 1, calls: 1 });
    expect(next).toEqual({ steps: 0, skipped: 0, attempts: 1, calls: 1, failed: 0 });
    expect(start.attempts).toBe(0);
    expect(countStats(undefined, { steps: 2 }).steps).toBe(2);
  });

  it('counts steps, skips, attempts, calls and failures of an action flow run', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const retry = { maxAttempts: 5, initialDelay: 1, maxDelay: 2, factor: 1, jitter: 0 };
    const definition: JsonObject = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'counted',
      name: 'counted',
      trigger: { type: 'manual' },
      steps: [
        { id: 'prep', type: 'set', values: { n: 1 } },
        { id: 'save', type: 'call', connection: 'c', operation: 'save', retry },
        { id: 'never', type: 'set', when: 'false', values: { n: 2 } },
      ],
    };
    await store.documents.put({ kind: 'flow', id: 'counted', definition, now: 1 });
    engine = createEngine({ store, gateway: flakyGateway(2), pollMs: 20 });
    engine.start();
    const run = await engine.waitForRun(await engine.enqueue('counted', {}));
    expect(run.status).toBe('succeeded');
    const expected = { steps: 2, skipped: 1, attempts: 4, calls: 3, failed: 2 };
    expect(run.stats).toEqual(expected);
    expect((await store.runs.get(run.id))?.stats).toEqual(expected);
    // A retry is a new run and counts only its own work.
    const again = await engine.waitForRun(await engine.retry(run.id, { fromStep: 'save' }));
    expect(again.stats).toEqual({ steps: 1, skipped: 1, attempts: 1, calls: 1, failed: 0 });
  });
});
