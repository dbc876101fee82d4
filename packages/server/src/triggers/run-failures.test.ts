import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../json.ts';
import type { EngineEvents, FlowRef } from '../runs/index.ts';
import { makeRun } from '../store/conformance/fixtures.ts';
import { createStore } from '../store/index.ts';
import type { RunRecord, Store } from '../store/port.ts';
import { runFailedPayload, watchRunFailures } from './run-failures.ts';

const alertFlow = (id: string, trigger: Record<string, unknown>) => ({
  schemaVersion: 1,
  kind: 'flow',
  id,
  name: id,
  trigger: { type: 'runFailed', failedRecords: false, ...trigger },
  steps: [{ id: 'a', type: 'set', values: {} }],
});

function syncRun(stats: Record<string, number>): RunRecord {
  const times = { createdAt: 1, startedAt: 1, finishedAt: 2 };
  const trigger = { type: 'schedule' };
  return makeRun({
    id: 'run-s',
    flowKind: 'sync',
    flowId: 'bills',
    status: 'succeeded',
    attempt: 1,
    trigger,
    ...times,
    stats,
  });
}

describe('run failure triggers', () => {
  let store: Store;
  let events: EventEmitter<EngineEvents>;
  let enqueued: Array<{ ref: FlowRef; trigger: JsonValue }>;
  let handled: () => Promise<void>;
  beforeEach(async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    events = new EventEmitter<EngineEvents>();
    enqueued = [];
    let arrived: () => void = () => {};
    handled = () =>
      new Promise((resolve) => {
        arrived = resolve;
      });
    watchRunFailures({
      store,
      engine: {
        events: events as never,
        async enqueue(ref, trigger) {
          enqueued.push({ ref, trigger });
          return `alert-${enqueued.length}`;
        },
      },
      onHandled: () => arrived(),
    });
  });
  afterEach(() => store.close());

  it('tells flows that ask for failed records when a sync run ends with some, with its counters', async () => {
    await store.documents.put({
      kind: 'flow',
      id: 'records',
      definition: alertFlow('records', { failedRecords: true }),
      now: 1,
    });
    await store.documents.put({
      kind: 'flow',
      id: 'runsOnly',
      definition: alertFlow('runsOnly', {}),
      now: 1,
    });
    const run = syncRun({ read: 10, written: 8, failed: 2 });
    // The event's copy may lack the counters (they are stored beside it): the stored run is read.
    await store.runs.create(run);
    const done = handled();
    events.emit('run:finished', { run: { ...run, stats: {} } });
    await done;
    expect(enqueued).toHaveLength(1);
    expect(enqueued[0]?.ref).toMatchObject({ kind: 'flow', id: 'records' });
    expect(enqueued[0]?.trigger).toMatchObject({
      failure: 'records',
      run: { flowId: 'bills', stats: { failed: 2 } },
    });
  });

  it('links the failed run by its full address when the public address is known', () => {
    const run = syncRun({ failed: 1 });
    expect(runFailedPayload(run, 'records').run).toMatchObject({ path: '/runs/run-s', url: null });
    expect(runFailedPayload(run, 'records', 'https://qiao.example.com/').run).toMatchObject({
      path: '/runs/run-s',
      url: 'https://qiao.example.com/runs/run-s',
    });
  });
});
