import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../store/index.ts';
import type { RunRecord, StepRecord, Store } from '../store/port.ts';
import { WriteBatcher } from './write-batcher.ts';

let store: Store;

beforeEach(async () => {
  store = createStore({ file: ':memory:' });
  await store.migrate();
});
afterEach(async () => {
  await store.close();
});

function run(id: string, leaseOwner: string | null, status: RunRecord['status'] = 'running'): RunRecord {
  return {
    id,
    flowKind: 'sync',
    flowId: 's',
    flowVersion: 1,
    status,
    trigger: null,
    checkpoint: null,
    output: null,
    error: null,
    attempt: 0,
    notBefore: null,
    leaseOwner,
    leaseUntil: leaseOwner === null ? null : 10_000,
    stats: {},
    createdAt: 1,
    startedAt: 1,
    finishedAt: null,
    retryOf: null,
  };
}

function step(runId: string, seq: number): StepRecord {
  const base = { input: null, output: { seq }, error: null, exchanges: [], startedAt: 2, finishedAt: 3 };
  return { runId, seq, path: `batch:${seq}`, status: 'succeeded', attempt: 1, ...base };
}

describe('write batcher', () => {
  it('writes what this worker holds and nothing of a run it lost, in one group', async () => {
    await store.runs.create(run('mine', 'w1'));
    await store.runs.create(run('lost', 'w2')); // taken over by another worker after a lapsed lease
    await store.runs.create(run('cancelled', null, 'cancelled'));
    const batcher = new WriteBatcher(store);
    const write = (runId: string) => ({
      runId,
      owner: 'w1',
      steps: [step(runId, 1), step(runId, 2)],
      patch: { checkpoint: { page: 2 } },
    });
    const submitted = ['mine', 'lost', 'cancelled'].map((id) => batcher.submit(write(id)));
    expect(await Promise.all(submitted)).toEqual([true, false, false]);
    expect((await store.steps.list('mine')).map((s) => s.seq)).toEqual([1, 2]);
    expect((await store.runs.get('mine'))?.checkpoint).toEqual({ page: 2 });
    for (const id of ['lost', 'cancelled']) {
      expect(await store.steps.list(id)).toEqual([]);
      expect((await store.runs.get(id))?.checkpoint).toBeNull();
    }
  });

  it('rejects every write of a group whose statements fail, and writes none of them', async () => {
    await store.runs.create(run('a', 'w1'));
    const batcher = new WriteBatcher(store);
    const bad = { ...step('a', 2), path: null as unknown as string }; // violates NOT NULL
    const good = batcher.submit({ runId: 'a', owner: 'w1', steps: [step('a', 1)], patch: { attempt: 1 } });
    const failing = batcher.submit({ runId: 'a', owner: 'w1', steps: [bad], patch: {} });
    await expect(good).rejects.toThrow();
    await expect(failing).rejects.toThrow();
    expect(await store.steps.list('a')).toEqual([]);
    expect((await store.runs.get('a'))?.attempt).toBe(0);
    // The connection is usable afterwards.
    expect(await batcher.submit({ runId: 'a', owner: 'w1', steps: [step('a', 1)], patch: {} })).toBe(true);
  });
});
