import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { createStore } from '../store/index.ts';
import type { RunRecord, Store } from '../store/port.ts';
import { createEngine, type Engine } from './engine.ts';
import { isWaiting } from './run-state.ts';

let store: Store | undefined;
let engine: Engine | undefined;
let others: Engine[] = [];
/** Resolves with the id of the next run `engine` announces as waiting for its slot. */
function nextWaiting(engine: Engine): Promise<string> {
  return new Promise((resolve) => engine.events.once('run:waiting', ({ runId }) => resolve(runId)));
}

/** Lets held executions end, so a failed test's engines can stop. */
let releaseHeld: (() => void) | undefined;

afterEach(async () => {
  releaseHeld?.();
  releaseHeld = undefined;
  await engine?.stop();
  engine = undefined;
  for (const other of others) await other.stop();
  others = [];
  await store?.close();
});

const NO_GATEWAY: ConnectorGateway = {
  describe: async () => undefined,
  call: async () => null,
  listPage: async () => ({ items: [], next: null }),
  writeBatch: async () => [],
};

/**
 * A store whose sync `s` (one run at a time) is executed by an executor that holds every run until
 * released, counting how many run at once; `denied` resolves when a run is refused a slot.
 */
async function heldSyncs() {
  const shared = createStore({ file: ':memory:' });
  await shared.migrate();
  const definition = {
    schemaVersion: 1,
    kind: 'sync',
    id: 's',
    name: 's',
    source: { connection: 'src', operation: 'list', key: 'id' },
    mapping: { id: '{{ id }}' },
    target: { connection: 'dst', operation: 'save', batchSize: 10 },
  };
  await shared.documents.put({ kind: 'sync', id: 's', definition, now: 1 });
  const state = { running: 0, most: 0, started: 0, hold: true };
  const releases: Array<() => void> = [];
  let firstStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    firstStarted = resolve;
  });
  let secondStarted: () => void = () => undefined;
  const startedTwice = new Promise<void>((resolve) => {
    secondStarted = resolve;
  });
  let onDenied: () => void = () => undefined;
  const denied = new Promise<void>((resolve) => {
    onDenied = resolve;
  });
  const executor = async () => {
    state.running++;
    state.started++;
    state.most = Math.max(state.most, state.running);
    firstStarted();
    if (state.started === 2) secondStarted();
    if (state.hold) await new Promise<void>((resolve) => releases.push(resolve));
    state.running--;
    return { status: 'succeeded' as const, output: null, checkpoint: null };
  };
  const runs = shared.runs;
  const watched: Store = {
    ...shared,
    runs: {
      ...runs,
      takeSlot: async (input) => {
        const taken = await runs.takeSlot(input);
        if (!taken) onDenied();
        return taken;
      },
    },
  };
  const engineOn = (workerId: string, concurrency = 1) =>
    createEngine({
      store: watched,
      gateway: NO_GATEWAY,
      workerId,
      concurrency,
      pollMs: 10,
      executors: { sync: executor },
    });
  /** Lets the held runs end, and the runs that start from now on run through. */
  const releaseAll = () => {
    state.hold = false;
    for (const release of releases.splice(0)) release();
  };
  /** A refusal of the slot, or a second run started beside the first (which the test then reports). */
  const deniedOrSecond = Promise.race([denied, startedTwice]);
  releaseHeld = releaseAll;
  return { shared, state, started, deniedOrSecond, engineOn, releaseAll };
}

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

  it('runs one sync at a time across engines sharing the store', async () => {
    const held = await heldSyncs();
    store = held.shared;
    engine = held.engineOn('w1');
    const second = held.engineOn('w2');
    others.push(second);
    const ids = [
      await engine.enqueue({ kind: 'sync', id: 's' }, {}),
      await engine.enqueue({ kind: 'sync', id: 's' }, {}),
    ];
    engine.start();
    second.start();
    await held.started;
    // The other engine claims the other run and is refused the sync's slot while the first runs.
    await held.deniedOrSecond;
    expect(held.state.running).toBe(1);
    // The refused run starts once the first is over; either engine may execute it: wait on both.
    const finished = ids.map((id) => Promise.race([engine!.waitForRun(id), second.waitForRun(id)]));
    held.releaseAll();
    expect((await Promise.all(finished)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(held.state).toMatchObject({ most: 1, started: 2 });
  });

  it("waits in runToCompletion while another engine's run of the same sync holds its slot", async () => {
    const held = await heldSyncs();
    store = held.shared;
    engine = held.engineOn('w1');
    const first = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    engine.start();
    await held.started;
    const cli = held.engineOn('cli');
    others.push(cli);
    const second = await cli.enqueue({ kind: 'sync', id: 's' }, {});
    const waiting: string[] = [];
    cli.events.on('run:waiting', ({ runId }) => waiting.push(runId));
    const done = cli.runToCompletion(second);
    await held.deniedOrSecond;
    expect(held.state).toMatchObject({ running: 1, started: 1 });
    held.releaseAll();
    expect((await done).status).toBe('succeeded');
    expect((await engine.waitForRun(first)).status).toBe('succeeded');
    expect(held.state).toMatchObject({ most: 1, started: 2 });
    // The wait is announced once (the CLI prints it), however many times the slot was asked for.
    expect(waiting).toEqual([second]);
  });
  it('shows a run waiting in runToCompletion as waiting, not started, and keeps it from other workers', async () => {
    const held = await heldSyncs();
    store = held.shared;
    engine = held.engineOn('w1');
    const first = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    engine.start();
    await held.started;
    const cli = held.engineOn('cli');
    others.push(cli);
    const second = await cli.enqueue({ kind: 'sync', id: 's' }, {});
    const announced = nextWaiting(cli);
    const done = cli.runToCompletion(second);
    // The mark is committed before the announcement.
    expect(await announced).toBe(second);
    const waiting = await held.shared.runs.get(second);
    expect(waiting).toMatchObject({ status: 'running', leaseOwner: 'cli', startedAt: null });
    expect(waiting?.waitingSince).toEqual(expect.any(Number));
    expect(isWaiting(waiting!)).toBe(true);
    // Its lease is live: no other worker takes it.
    expect(await held.shared.runs.claim({ owner: 'w3', now: Date.now(), leaseMs: 1000, limit: 5 })).toEqual(
      [],
    );
    held.releaseAll();
    const finished = await done;
    expect(finished).toMatchObject({ status: 'succeeded', waitingSince: null });
    expect(finished.startedAt).toBeGreaterThanOrEqual(waiting!.waitingSince!);
    expect((await engine.waitForRun(first)).status).toBe('succeeded');
  });

  it('shows a run parked behind its sync as waiting and starts it when the slot frees', async () => {
    const held = await heldSyncs();
    store = held.shared;
    // Room for two runs, but the sync allows one: the second is claimed and parked.
    engine = held.engineOn('w1', 2);
    const first = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    engine.start();
    await held.started;
    // A sync's start is stored before its first step, not with its first checkpoint.
    expect((await held.shared.runs.get(first))?.startedAt).toEqual(expect.any(Number));
    const announced = nextWaiting(engine);
    const second = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    expect(await announced).toBe(second);
    const parked = await held.shared.runs.get(second);
    // Claimed, so `running` under this worker's lease, but not started: a claim no longer sets startedAt.
    expect(parked).toMatchObject({ status: 'running', leaseOwner: 'w1', startedAt: null });
    expect(isWaiting(parked!)).toBe(true);
    expect(held.state).toMatchObject({ running: 1, started: 1 });
    held.releaseAll();
    expect((await engine.waitForRun(first)).status).toBe('succeeded');
    const ran = await engine.waitForRun(second);
    expect(ran).toMatchObject({ status: 'succeeded', waitingSince: null });
    expect(ran.startedAt).toBeGreaterThanOrEqual(parked!.waitingSince!);
    expect(isWaiting(ran)).toBe(false);
  });

  it("marks a run handed back because another engine's run holds the slot as waiting", async () => {
    const held = await heldSyncs();
    store = held.shared;
    engine = held.engineOn('w1');
    const first = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    engine.start();
    await held.started;
    const second = held.engineOn('w2');
    others.push(second);
    const announced = nextWaiting(second);
    const other = await second.enqueue({ kind: 'sync', id: 's' }, {});
    second.start();
    expect(await announced).toBe(other);
    // Handed back as `retrying` for a poll, or re-claimed meanwhile: waiting either way, since the first mark.
    const marked = await held.shared.runs.get(other);
    expect(marked).toMatchObject({ startedAt: null });
    expect(isWaiting(marked!)).toBe(true);
    const finished = [first, other].map((id) =>
      Promise.race([engine!.waitForRun(id), second.waitForRun(id)]),
    );
    held.releaseAll();
    const runs = await Promise.all(finished);
    expect(runs.map((r) => [r.status, r.waitingSince])).toEqual([
      ['succeeded', null],
      ['succeeded', null],
    ]);
  });

  it('clears the waiting mark of a waiting run that is cancelled', async () => {
    const held = await heldSyncs();
    store = held.shared;
    engine = held.engineOn('w1', 2);
    engine.start();
    await engine.enqueue({ kind: 'sync', id: 's' }, {});
    await held.started;
    const announced = nextWaiting(engine);
    const second = await engine.enqueue({ kind: 'sync', id: 's' }, {});
    await announced;
    expect(await engine.cancel(second)).toBe(true);
    const cancelled = await held.shared.runs.get(second);
    expect(cancelled).toMatchObject({ status: 'cancelled', waitingSince: null, startedAt: null });
    expect(isWaiting(cancelled!)).toBe(false);
  });
});
