import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createEngine, type Engine } from './engine.ts';

type Handler = (input: JsonObject) => JsonValue | Promise<JsonValue>;

function stubGateway(handlers: Record<string, Handler>): ConnectorGateway & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    describe: async () => undefined,
    async call(request) {
      calls.push(request.operation);
      const handler = handlers[request.operation];
      if (!handler) throw new QiaoError('CONNECTOR_UNKNOWN_OPERATION', request.operation);
      return handler(request.input);
    },
    listPage: async () => ({ items: [], next: null }),
    writeBatch: async () => [],
  };
}

function flow(id: string, steps: unknown[], extra: Partial<FlowDefinition> = {}): JsonObject {
  return {
    schemaVersion: 1,
    kind: 'flow',
    id,
    name: id,
    enabled: true,
    concurrency: 4,
    trigger: { type: 'manual' },
    steps,
    ...extra,
  } as JsonObject;
}

let store: Store;
let engine: Engine | undefined;

async function setup(
  definitions: JsonObject[],
  gateway: ConnectorGateway,
  options: { concurrency?: number } = {},
) {
  store = createStore({ file: ':memory:' });
  await store.migrate();
  for (const definition of definitions)
    await store.documents.put({ kind: 'flow', id: String(definition.id), definition, now: 1 });
  engine = createEngine({ store, gateway, pollMs: 50, ...options });
  return engine;
}

afterEach(async () => {
  await engine?.stop();
  engine = undefined;
  await store?.close();
});

describe('engine', () => {
  it('stops cleanly in the middle of a claim: nothing starts after stop, claimed runs go back to the queue', async () => {
    const gateway = stubGateway({ save: () => ({ ok: true }) });
    const def = flow('busy', [{ id: 's', type: 'call', connection: 'c', operation: 'save', input: {} }]);
    const e = await setup([def], gateway, { concurrency: 2 });
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await e.enqueue('busy', { i }));
    // Stop the engine while its first claim is under way (sent, not yet committed).
    const claim = store.runs.claim.bind(store.runs);
    let stopping: (value: { claimed: Promise<unknown>; stopped: Promise<void> }) => void = () => {};
    const underWay = new Promise<{ claimed: Promise<unknown>; stopped: Promise<void> }>((resolve) => {
      stopping = resolve;
    });
    store.runs.claim = (input) => {
      const claimed = claim(input);
      stopping({ claimed, stopped: e.stop() });
      return claimed;
    };
    e.start();
    const { claimed, stopped } = await underWay;
    await stopped;
    await claimed; // what that claim took is in the store by now
    const statuses = (await Promise.all(ids.map((id) => store.runs.get(id)))).map((run) => run?.status);
    expect(statuses).toEqual(ids.map(() => 'queued'));
    expect(gateway.calls).toEqual([]);
  });

  it('runs set, map, condition, forEach and lookup steps with one record each', async () => {
    const gateway = stubGateway({ save: (input) => ({ id: `S-${String(input.no)}` }) });
    const def = flow('f1', [
      { id: 'vars', type: 'set', values: { prefix: 'PZ' } },
      {
        id: 'total',
        type: 'map',
        mapping: { sum: '{{ $sum(trigger.rows.amount) }}', label: '{{ vars.prefix }}-{{ trigger.no }}' },
      },
      {
        id: 'big',
        type: 'condition',
        if: 'steps.total.output.sum > 100',
        // biome-ignore lint/suspicious/noThenProperty: `then` is the condition step's branch key, never awaited
        then: [{ id: 'flag', type: 'set', values: { big: true } }],
      },
      {
        id: 'lines',
        type: 'forEach',
        items: 'trigger.rows',
        steps: [
          { id: 'save', type: 'call', connection: 'c', operation: 'save', input: { no: '{{ item.no }}' } },
        ],
      },
      { id: 'dept', type: 'lookup', key: 'trigger.dept', table: { d1: '财务部' } },
      { id: 'never', type: 'map', when: 'false', mapping: 1 },
    ]);
    const e = await setup([def], gateway);
    e.start();
    const runId = await e.enqueue('f1', {
      no: 7,
      dept: 'd1',
      rows: [
        { no: 1, amount: 60 },
        { no: 2, amount: 50 },
      ],
    });
    const run = await e.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    const steps = await store.steps.list(runId);
    expect(steps.map((s) => `${s.path}:${s.status}`)).toEqual([
      'vars:succeeded',
      'total:succeeded',
      'big:succeeded',
      'flag:succeeded',
      'lines:succeeded',
      'lines[0].save:succeeded',
      'lines[1].save:succeeded',
      'dept:succeeded',
      'never:skipped',
    ]);
    expect(steps[1]?.output).toEqual({ sum: 110, label: 'PZ-7' });
    expect(steps[7]?.output).toBe('财务部');
    const stored = await store.runs.get(runId);
    expect(stored?.checkpoint).toMatchObject({
      vars: { prefix: 'PZ', big: true },
      steps: { lines: { output: [{ id: 'S-1' }, { id: 'S-2' }] } },
    });
    expect(gateway.calls).toEqual(['save', 'save']);
  });

  it('retries an operational error and fails fast on a user error', async () => {
    let n = 0;
    const gateway = stubGateway({
      flaky: () => {
        n++;
        if (n < 3) throw new QiaoError('CONNECTOR_UNAVAILABLE', '503');
        return { ok: n };
      },
      bad: () => {
        throw new QiaoError('CONNECTOR_REJECTED', '金额不能为负', { system: { errcode: 40001 } });
      },
    });
    const retry = { maxAttempts: 4, initialDelay: 1, maxDelay: 5, factor: 2, jitter: 0 };
    const e = await setup(
      [
        flow('flaky', [{ id: 'go', type: 'call', connection: 'c', operation: 'flaky', retry }]),
        flow('bad', [{ id: 'go', type: 'call', connection: 'c', operation: 'bad', retry }]),
      ],
      gateway,
    );
    e.start();
    const [okRun, badRun] = await Promise.all([e.enqueue('flaky', {}), e.enqueue('bad', {})]);
    const [ok, bad] = await Promise.all([e.waitForRun(okRun), e.waitForRun(badRun)]);
    expect(ok.status).toBe('succeeded');
    expect((await store.steps.list(okRun)).map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'succeeded'],
    ]);
    expect(bad).toMatchObject({
      status: 'failed',
      error: { code: 'CONNECTOR_REJECTED', message: '金额不能为负', attempt: 1 },
    });
    expect(await store.steps.list(badRun)).toHaveLength(1);
  });

  it('cancels a run waiting in a call and retries it from a step', async () => {
    let release: (() => void) | undefined;
    const gateway = stubGateway({
      slow: () => new Promise((resolve) => (release = () => resolve('late'))),
      fast: () => 'ok',
    });
    const e = await setup(
      [
        flow('f', [
          { id: 'a', type: 'set', values: { x: 1 } },
          { id: 'b', type: 'call', connection: 'c', operation: 'slow' },
          { id: 'c', type: 'call', connection: 'c', operation: 'fast' },
        ]),
      ],
      gateway,
    );
    e.start();
    const started = new Promise<void>((resolve) =>
      e.events.on('step:started', ({ step }) => step.path === 'b' && resolve()),
    );
    const runId = await e.enqueue('f', {});
    await started;
    expect(await e.cancel(runId)).toBe(true);
    release?.();
    expect((await e.waitForRun(runId)).status).toBe('cancelled');
    expect(await e.cancel(runId)).toBe(false);
    gateway.calls.length = 0;
    const retried = await e.retry(runId, { fromStep: 'c' });
    const run = await e.waitForRun(retried);
    expect(run).toMatchObject({ status: 'succeeded', retryOf: runId, output: 'ok' });
    expect(gateway.calls).toEqual(['fast']);
    // A succeeded run has nothing to retry unless a step is named; a step named runs again from there.
    await expect(e.retry(retried)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await e.waitForRun(await e.retry(retried, { fromStep: 'c' }))).status).toBe('succeeded');
    expect(gateway.calls).toEqual(['fast', 'fast']);
  });

  it('keeps a full flow from stalling another flow', async () => {
    const waiting: Array<() => void> = [];
    let open = false;
    let inFlight = 0;
    let maxInFlight = 0;
    const hold = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      if (!open) await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return 1;
    };
    const gateway = stubGateway({ hold, quick: () => 2 });
    const e = await setup(
      [
        flow('slow', [{ id: 's', type: 'call', connection: 'a', operation: 'hold' }], { concurrency: 1 }),
        flow('quick', [{ id: 'q', type: 'call', connection: 'b', operation: 'quick' }]),
      ],
      gateway,
      { concurrency: 3 },
    );
    e.start();
    const slowRuns = await Promise.all([1, 2, 3, 4, 5].map(() => e.enqueue('slow', {})));
    const quick = await e.enqueue('quick', {});
    expect((await e.waitForRun(quick)).status).toBe('succeeded');
    expect(waiting).toHaveLength(1);
    open = true;
    waiting.shift()?.();
    const runs = await Promise.all(slowRuns.map((id) => e.waitForRun(id)));
    expect(runs.map((run) => run.status)).toEqual(Array(5).fill('succeeded'));
    expect(maxInFlight).toBe(1);
  });

  it('takes over a run whose worker died once its lease expired', async () => {
    const gateway = stubGateway({ go: () => 'done' });
    const e = await setup(
      [flow('f', [{ id: 'a', type: 'call', connection: 'c', operation: 'go' }])],
      gateway,
    );
    const runId = await e.enqueue('f', {});
    const [dead] = await store.runs.claim({ owner: 'dead-worker', now: Date.now(), leaseMs: 30, limit: 1 });
    expect(dead?.id).toBe(runId);
    e.start();
    const run = await e.waitForRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', output: 'done' });
    expect((await store.runs.get(runId))?.leaseOwner).toBeNull();
  });

  it('checkpoints and releases current runs on a graceful stop', async () => {
    let finishCall: (() => void) | undefined;
    let callStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (callStarted = resolve));
    const first = stubGateway({
      first: () =>
        new Promise((done) => {
          finishCall = () => done('one');
          callStarted();
        }),
    });
    const steps = [
      { id: 'a', type: 'call', connection: 'c', operation: 'first' },
      { id: 'b', type: 'call', connection: 'c', operation: 'second' },
    ];
    const e = await setup([flow('f', steps)], first);
    e.start();
    await e.enqueue('f', {});
    await started;
    const stopped = e.stop();
    finishCall?.();
    await stopped;
    const [run] = await store.runs.list({ flowId: 'f' });
    expect(run).toMatchObject({ status: 'queued', leaseOwner: null });
    expect((await store.steps.list(run!.id)).map((s) => `${s.path}:${s.status}`)).toEqual(['a:succeeded']);

    const calls: string[] = [];
    engine = createEngine({
      store,
      gateway: stubGateway({
        first: () => {
          calls.push('first');
          return 'again';
        },
        second: () => {
          calls.push('second');
          return 'two';
        },
      }),
      pollMs: 50,
    });
    engine.start();
    expect(await engine.waitForRun(run!.id)).toMatchObject({ status: 'succeeded', output: 'two' });
    expect(calls).toEqual(['second']);
  });

  it('runs one run to completion without the claim loop, waiting out retries', async () => {
    let n = 0;
    const gateway = stubGateway({
      flaky: () => {
        if (++n === 1) throw new QiaoError('CONNECTOR_TIMEOUT', 'timeout');
        return n;
      },
    });
    const retry = { maxAttempts: 2, initialDelay: 1, maxDelay: 1, factor: 1, jitter: 0 };
    const e = await setup(
      [flow('f', [{ id: 'a', type: 'call', connection: 'c', operation: 'flaky', retry }])],
      gateway,
    );
    const runId = await e.enqueue('f', {});
    const run = await e.runToCompletion(runId);
    expect(run).toMatchObject({ status: 'succeeded', output: 2 });
    expect((await store.steps.list(runId)).map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('fails a run whose flow version cannot be loaded', async () => {
    const e = await setup([flow('f', [{ id: 'a', type: 'set', values: {} }])], stubGateway({}));
    e.start();
    const run = await e.waitForRun(await e.enqueue({ id: 'f', version: 9 }, {}));
    expect(run).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', kind: 'user' } });
  });
});
