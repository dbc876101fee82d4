import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { createStore } from '../store/index.ts';
import type { RunRecord, Store } from '../store/port.ts';
import { createEngine, type Engine } from './engine.ts';

let store: Store | undefined;
let engine: Engine | undefined;

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await store?.close();
});

describe('worker pool', () => {
  it('does not start a second execution of a run it re-claims after its own lease lapsed', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const definition = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'f',
      name: 'f',
      enabled: true,
      trigger: { type: 'manual' },
      steps: [{ id: 'a', type: 'call', connection: 'c', operation: 'go' }],
    };
    await store.documents.put({ kind: 'flow', id: 'f', definition, now: 1 });
    let calls = 0;
    let release: () => void = () => undefined;
    let inCall: () => void = () => undefined;
    const called = new Promise<void>((resolve) => {
      inCall = resolve;
    });
    const gateway: ConnectorGateway = {
      describe: async () => undefined,
      call: async () => {
        calls++;
        inCall();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return 'done';
      },
      listPage: async () => ({ items: [], next: null }),
      writeBatch: async () => [],
    };
    // The clock jumps past the lease mid-call, as when the event loop stalls longer than leaseMs.
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    let reclaimed: (run: RunRecord) => void = () => undefined;
    const reclaim = new Promise<RunRecord>((resolve) => {
      reclaimed = resolve;
    });
    const runs = store.runs;
    const watched: Store = {
      ...store,
      runs: {
        ...runs,
        claim: async (input) => {
          const claimed = await runs.claim(input);
          if (skew > 0 && claimed.length > 0) reclaimed(claimed[0] as RunRecord);
          return claimed;
        },
      },
    };
    engine = createEngine({ store: watched, gateway, clock, pollMs: 20, leaseMs: 60_000 });
    const runId = await engine.enqueue('f', {});
    engine.start();
    await called;
    skew = 120_000;
    expect((await reclaim).id).toBe(runId);
    release();
    expect(await engine.waitForRun(runId)).toMatchObject({ status: 'succeeded', output: 'done' });
    expect(calls).toBe(1);
  });
});
