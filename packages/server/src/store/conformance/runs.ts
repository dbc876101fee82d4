import { expect, it } from 'vitest';
import type { Store } from '../port.ts';
import { makeRun, makeStep } from './fixtures.ts';

const T = 1_700_000_000_000;

/** Conformance cases of runs, steps and transactions. */
export function runCases(store: () => Store): void {
  it('round-trips a run with json values and epoch-ms times', async () => {
    const run = makeRun({
      id: 'r1',
      checkpoint: { next: 'b', vars: { list: [1, 2.5, 'x', null, true], s: 'just a string' } },
      output: 'plain string output',
      error: { code: 'CONNECTOR_TIMEOUT', kind: 'operational', message: '超时', retryable: true, attempt: 2 },
      stats: { read: 3 },
      leaseUntil: 4_102_444_800_000,
    });
    await store().runs.create(run);
    expect(await store().runs.get('r1')).toEqual(run);
    expect(await store().runs.get('missing')).toBeUndefined();
  });

  it('creates a run with a given id once: a second create of that id changes nothing', async () => {
    const first = makeRun({ id: 'once', trigger: { n: 1 } });
    expect(await store().runs.createIfAbsent(first)).toBe(true);
    expect(
      await store().runs.createIfAbsent(makeRun({ id: 'once', trigger: { n: 2 }, status: 'failed' })),
    ).toBe(false);
    expect(await store().runs.get('once')).toEqual(first);
    await expect(store().runs.create(makeRun({ id: 'once' }))).rejects.toThrow();
  });

  it('updates runs, conditionally on the status when asked', async () => {
    await store().runs.create(makeRun({ id: 'r1' }));
    expect(await store().runs.update('r1', { status: 'running', startedAt: T + 1 })).toBe(true);
    expect(await store().runs.update('r1', { status: 'succeeded' }, ['queued'])).toBe(false);
    const done = { status: 'succeeded', output: { ok: 1 }, error: null, finishedAt: T + 2 } as const;
    expect(await store().runs.update('r1', done, ['running'])).toBe(true);
    expect(await store().runs.get('r1')).toMatchObject({ ...done, startedAt: T + 1 });
    expect(await store().runs.update('nope', { status: 'failed' })).toBe(false);
  });

  it('updates a run only while the expected worker holds its lease', async () => {
    await store().runs.create(makeRun({ id: 'r1', status: 'running', leaseOwner: 'w1', leaseUntil: T + 10 }));
    expect(await store().runs.update('r1', { attempt: 2 }, ['running'], 'w2')).toBe(false);
    expect(await store().runs.update('r1', { attempt: 3 }, undefined, 'w2')).toBe(false);
    expect((await store().runs.get('r1'))?.attempt).toBe(0);
    expect(await store().runs.update('r1', { attempt: 4 }, ['running'], 'w1')).toBe(true);
    expect((await store().runs.get('r1'))?.attempt).toBe(4);
    // A takeover moves the lease; the old owner's writes no longer land.
    expect(await store().runs.update('r1', { leaseOwner: 'w2' }, ['running'], 'w1')).toBe(true);
    expect(await store().runs.update('r1', { attempt: 5 }, ['running'], 'w1')).toBe(false);
    expect(await store().runs.update('r1', {}, ['running'], 'w1')).toBe(false);
    expect(await store().runs.update('r1', {}, ['running'], 'w2')).toBe(true);
    expect(await store().runs.get('r1')).toMatchObject({ attempt: 4, leaseOwner: 'w2' });
  });

  it('lists runs by filter, newest first, with keyset pagination', async () => {
    for (let i = 0; i < 6; i++) {
      const status = i % 2 === 0 ? 'succeeded' : 'failed';
      await store().runs.create(
        makeRun({ id: `r${i}`, flowId: i < 4 ? 'a' : 'b', status, createdAt: T + i }),
      );
    }
    const ids = (runs: { id: string }[]) => runs.map((r) => r.id);
    expect(ids(await store().runs.list({}))).toEqual(['r5', 'r4', 'r3', 'r2', 'r1', 'r0']);
    expect(ids(await store().runs.list({ flowId: 'a', status: ['failed'] }))).toEqual(['r3', 'r1']);
    expect(ids(await store().runs.list({ createdFrom: T + 2, createdTo: T + 4 }))).toEqual(['r3', 'r2']);
    const page1 = await store().runs.list({ limit: 2 });
    expect(ids(await store().runs.list({ limit: 2, before: page1[1]!.id }))).toEqual(['r3', 'r2']);
    expect(await store().runs.countByStatus()).toEqual({
      queued: 0,
      running: 0,
      retrying: 0,
      succeeded: 3,
      failed: 3,
      cancelled: 0,
    });
    expect((await store().runs.countByStatus('b')).succeeded).toBe(1);
  });

  it('claims due runs and leases them to the owner', async () => {
    await store().runs.create(makeRun({ id: 'queued', createdAt: T }));
    await store().runs.create(makeRun({ id: 'later', notBefore: T + 1000, createdAt: T }));
    await store().runs.create(
      makeRun({ id: 'retry-due', status: 'retrying', notBefore: T - 1, createdAt: T + 1 }),
    );
    await store().runs.create(
      makeRun({ id: 'retry-later', status: 'retrying', notBefore: T + 5000, createdAt: T }),
    );
    await store().runs.create(
      makeRun({ id: 'held', status: 'running', leaseOwner: 'w0', leaseUntil: T + 100 }),
    );
    await store().runs.create(makeRun({ id: 'done', status: 'succeeded' }));
    const claimed = await store().runs.claim({ owner: 'w1', now: T, leaseMs: 30_000, limit: 10 });
    expect(claimed.map((r) => r.id)).toEqual(['queued', 'retry-due']);
    // Taking a run is not starting it (it may wait for its flow's slot): the engine sets startedAt.
    expect(claimed[0]).toMatchObject({
      status: 'running',
      leaseOwner: 'w1',
      leaseUntil: T + 30_000,
      startedAt: null,
    });
    expect(await store().runs.get('queued')).toMatchObject({ status: 'running', leaseOwner: 'w1' });
    expect(await store().runs.claim({ owner: 'w2', now: T, leaseMs: 1, limit: 10 })).toEqual([]);
    const afterDelay = await store().runs.claim({ owner: 'w2', now: T + 1000, leaseMs: 1, limit: 10 });
    expect(afterDelay.map((r) => r.id)).toEqual(['held', 'later']);
  });

  it('keeps a waiting mark and the first start through claims until the holder clears it', async () => {
    await store().runs.create(
      makeRun({ id: 'w', status: 'running', leaseOwner: 'w1', leaseUntil: T + 10, startedAt: T - 50 }),
    );
    expect(await store().runs.update('w', { waitingSince: T }, ['running'], 'w2')).toBe(false);
    expect(await store().runs.update('w', { waitingSince: T }, ['running'], 'w1')).toBe(true);
    expect(await store().runs.get('w')).toMatchObject({ waitingSince: T });
    // Its worker died: another takes the run over, still waiting, and the first start stays.
    const [taken] = await store().runs.claim({ owner: 'w2', now: T + 11, leaseMs: 100, limit: 1 });
    expect(taken).toMatchObject({ id: 'w', leaseOwner: 'w2', waitingSince: T, startedAt: T - 50 });
    expect(await store().runs.update('w', { waitingSince: null }, ['running'], 'w2')).toBe(true);
    expect((await store().runs.get('w'))?.waitingSince).toBeNull();
  });

  it('reclaims a run whose lease expired and honours limit and flow kind', async () => {
    await store().runs.create(makeRun({ id: 's1', flowKind: 'sync', createdAt: T }));
    await store().runs.create(makeRun({ id: 'f1', createdAt: T + 1 }));
    await store().runs.create(makeRun({ id: 'f2', createdAt: T + 2 }));
    expect(
      (await store().runs.claim({ owner: 'a', now: T, leaseMs: 10, limit: 1, flowKind: 'flow' })).map(
        (r) => r.id,
      ),
    ).toEqual(['f1']);
    await store().runs.renewLease('someone-else', ['f1'], T + 1_000_000);
    const reclaimed = await store().runs.claim({
      owner: 'b',
      now: T + 11,
      leaseMs: 1000,
      limit: 5,
      flowKind: 'flow',
    });
    expect(reclaimed.map((r) => `${r.id}:${r.leaseOwner}`)).toEqual(['f1:b', 'f2:b']);
    await store().runs.renewLease('b', ['f1'], T + 500);
    expect(
      await store().runs.claim({ owner: 'c', now: T + 100, leaseMs: 10, limit: 5, flowKind: 'flow' }),
    ).toEqual([]);
    expect((await store().runs.get('f2'))?.leaseOwner).toBe('b');
    expect(
      (await store().runs.claim({ owner: 'c', now: T + 100, leaseMs: 10, limit: 5 })).map((r) => r.id),
    ).toEqual(['s1']);
  });

  it('never gives the same run to two concurrent claimers', async () => {
    for (let i = 0; i < 60; i++)
      await store().runs.create(makeRun({ id: `r${String(i).padStart(2, '0')}`, createdAt: T + i }));
    const claimers = ['w1', 'w2', 'w3', 'w4'].map(async (owner) => {
      const got: string[] = [];
      for (;;) {
        const batch = await store().runs.claim({ owner, now: T + 100, leaseMs: 60_000, limit: 4 });
        if (batch.length === 0) return got;
        got.push(...batch.map((r) => r.id));
      }
    });
    const all = (await Promise.all(claimers)).flat();
    expect(all).toHaveLength(60);
    expect(new Set(all).size).toBe(60);
  });

  it("shares a flow's concurrency slots between its running runs, freeing one when its run stops", async () => {
    const running = (id: string) =>
      makeRun({ id, status: 'running', leaseOwner: `w-${id}`, leaseUntil: T + 1000 });
    for (const id of ['a', 'b', 'c', 'x']) await store().runs.create(running(id));
    const take = (runId: string, flowKey = 'sync:s1', limit = 2) =>
      store().runs.takeSlot({ flowKey, runId, limit, now: T });
    expect(await take('a')).toBe(true);
    expect(await take('b')).toBe(true);
    expect(await take('c')).toBe(false);
    expect(await take('a')).toBe(true); // a run holding a slot keeps it
    expect(await take('x', 'flow:other')).toBe(true); // another flow's slots are its own
    expect(await store().runs.update('a', { status: 'succeeded' })).toBe(true);
    expect(await take('c')).toBe(true); // a's slot: a no longer runs
    expect(await take('b')).toBe(true);
    // A limit lowered to 1: slot 0 is c's, so a run holding slot 1 does not count as holding one.
    expect(await take('b', 'sync:s1', 1)).toBe(false);
  });

  it('takes over the slot of a run whose lease lapsed and sends that run back to retrying', async () => {
    await store().runs.create(
      makeRun({ id: 'old', status: 'running', leaseOwner: 'w1', leaseUntil: T + 10 }),
    );
    await store().runs.create(
      makeRun({ id: 'new', status: 'running', leaseOwner: 'w2', leaseUntil: T + 5000 }),
    );
    expect(await store().runs.takeSlot({ flowKey: 'sync:s1', runId: 'old', limit: 1, now: T })).toBe(true);
    expect(await store().runs.takeSlot({ flowKey: 'sync:s1', runId: 'new', limit: 1, now: T + 5 })).toBe(
      false,
    );
    expect(await store().runs.takeSlot({ flowKey: 'sync:s1', runId: 'new', limit: 1, now: T + 20 })).toBe(
      true,
    );
    expect(await store().runs.get('old')).toMatchObject({
      status: 'retrying',
      notBefore: T + 20,
      leaseOwner: null,
      leaseUntil: null,
    });
    // The old worker's writes no longer land.
    expect(await store().runs.update('old', { attempt: 9 }, ['running'], 'w1')).toBe(false);
  });

  it('gives a free slot to exactly one of several concurrent takers', async () => {
    const ids = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    for (const id of ids)
      await store().runs.create(makeRun({ id, status: 'running', leaseOwner: id, leaseUntil: T + 1000 }));
    const got = await Promise.all(
      ids.map((runId) => store().runs.takeSlot({ flowKey: 'sync:s1', runId, limit: 2, now: T })),
    );
    expect(got.filter(Boolean)).toHaveLength(2);
  });

  it('checkpoints steps and patch only while the owner holds the run, all or nothing', async () => {
    const held = { status: 'running', leaseOwner: 'w1', leaseUntil: T + 10 } as const;
    for (const id of ['held', 'taken', 'cancelled']) await store().runs.create(makeRun({ id, ...held }));
    await store().runs.update('taken', { leaseOwner: 'w2' }); // another worker took it over
    await store().runs.update('cancelled', { status: 'cancelled', leaseOwner: null });
    const replaced = makeStep('held', 1, { status: 'failed', output: { retry: true } });
    await store().steps.put(makeStep('held', 1, { status: 'running', output: null, finishedAt: null }));
    const write = (runId: string, seq: number) => ({
      runId,
      owner: 'w1',
      steps: [makeStep(runId, seq), makeStep(runId, seq + 1)],
      patch: { checkpoint: { at: seq }, stats: { read: seq } },
    });
    const ok = await store().runs.checkpoint([
      { ...write('held', 1), steps: [replaced, makeStep('held', 2)] },
      write('taken', 1),
      write('cancelled', 1),
      {
        runId: 'held',
        owner: 'w1',
        steps: [makeStep('held', 3)],
        patch: { status: 'succeeded', finishedAt: T + 5 },
      },
      { runId: 'held', owner: 'w1', steps: [makeStep('held', 4)], patch: {} }, // ended by the write before
    ]);
    expect(ok).toEqual([true, false, false, true, false]);
    expect(await store().steps.list('held')).toEqual([replaced, makeStep('held', 2), makeStep('held', 3)]);
    expect(await store().runs.get('held')).toMatchObject({
      status: 'succeeded',
      checkpoint: { at: 1 },
      stats: { read: 1 },
    });
    for (const id of ['taken', 'cancelled']) {
      expect(await store().steps.list(id)).toEqual([]);
      expect(await store().runs.get(id)).toMatchObject({ checkpoint: null, stats: {} });
    }
    await store().runs.create(makeRun({ id: 'other', ...held }));
    expect(await store().runs.checkpoint([{ runId: 'other', owner: 'w1', steps: [], patch: {} }])).toEqual([
      true,
    ]);
    expect(await store().runs.checkpoint([])).toEqual([]);
  });

  it('puts, replaces and lists steps in seq order', async () => {
    await store().steps.put(makeStep('r1', 2));
    await store().steps.put(makeStep('r1', 1, { status: 'running', output: null, finishedAt: null }));
    await store().steps.put(makeStep('r2', 1));
    const failed = makeStep('r1', 1, {
      status: 'failed',
      error: { code: 'STEP_FAILED', kind: 'user', message: '失败', retryable: false },
    });
    await store().steps.put(failed);
    expect(await store().steps.list('r1')).toEqual([failed, makeStep('r1', 2)]);
    expect(await store().steps.list('none')).toEqual([]);
  });

  it('commits a transaction and rolls it back when the work throws', async () => {
    await store().transaction(async (tx) => {
      await tx.runs.create(makeRun({ id: 'kept' }));
      await tx.steps.put(makeStep('kept', 1));
    });
    const failing = store().transaction(async (tx) => {
      await tx.runs.create(makeRun({ id: 'lost' }));
      await tx.transaction(async (inner) => inner.steps.put(makeStep('lost', 1)));
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(await store().runs.get('kept')).toBeDefined();
    expect(await store().runs.get('lost')).toBeUndefined();
    expect(await store().steps.list('lost')).toEqual([]);
  });
}
