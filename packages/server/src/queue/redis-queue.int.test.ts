import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { JsonObject } from '../json.ts';
import { createEngine } from '../runs/engine.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createPostgresPool, quoteIdentifier } from '../store/postgres-pool.ts';
import type { ClusterWorkerConfig } from './redis-cluster-worker.ts';
import { createRedisQueue } from './redis-queue.ts';
import { createRedisTestSpace, requiredEnv, startChild, type TestChild } from './redis-testing.ts';

const WORKER = fileURLToPath(new URL('./redis-cluster-worker.ts', import.meta.url));
const schema = `qiao_cluster_${process.pid}_${randomBytes(3).toString('hex')}`;
const space = createRedisTestSpace();
const { redis, children, prefix } = space;
let store: Store | undefined;

afterEach(() => space.cleanUp());

afterAll(async () => {
  await store?.close();
  const pool = createPostgresPool({ url: requiredEnv('DATABASE_URL'), max: 1 });
  await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  await pool.end();
  await redis.quit();
});

/** The shared store with a flow whose one call step reports to the worker's gateway. */
async function sharedStore(flowId: string): Promise<Store> {
  store ??= createStore({ url: requiredEnv('DATABASE_URL'), schema, poolSize: 4 });
  await store.migrate();
  const definition: JsonObject = {
    schemaVersion: 1,
    kind: 'flow',
    id: flowId,
    name: flowId,
    concurrency: 64,
    trigger: { type: 'manual' },
    steps: [{ id: 'c', type: 'call', connection: 'x', operation: 'y', input: { key: '{{ trigger.n }}' } }],
  };
  await store.documents.put({ kind: 'flow', id: flowId, definition, now: 1 });
  return store;
}

function worker(config: Partial<ClusterWorkerConfig> & { prefix: string }): TestChild {
  const child = startChild(WORKER, {
    databaseUrl: requiredEnv('DATABASE_URL'),
    schema,
    redisUrl: requiredEnv('REDIS_URL'),
    concurrency: 8,
    leaseMs: 30_000,
    pollMs: 60_000,
    hang: false,
    workMs: 2,
    ...config,
  } satisfies ClusterWorkerConfig);
  children.push(child);
  return child;
}

/** Enqueues `count` runs from a process that does not execute them (an API process). */
async function enqueueFromApi(target: Store, flowId: string, queuePrefix: string, count: number) {
  const queue = createRedisQueue({ redis, prefix: queuePrefix });
  const gateway = {} as ConnectorGateway;
  const api = createEngine({ store: target, gateway, queue });
  const ids = await Promise.all(Array.from({ length: count }, (_, n) => api.enqueue(flowId, { n })));
  await queue.close();
  return ids;
}

function finishedIds(child: TestChild): Set<string> {
  return new Set(child.messages.filter((m) => m.type === 'finished').map((m) => String(m.runId)));
}

/** Resolves once the children together reported every id of `ids` as finished. */
function allFinished(workers: TestChild[], ids: string[]): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const done = new Set(workers.flatMap((w) => [...finishedIds(w)]));
      if (ids.every((id) => done.has(id))) resolve();
    };
    for (const w of workers) w.process.on('message', check);
    check();
  });
}

function callsByKey(workers: TestChild[]): Map<string, number> {
  const calls = new Map<string, number>();
  for (const m of workers.flatMap((w) => w.messages.filter((x) => x.type === 'call'))) {
    calls.set(String(m.key), (calls.get(String(m.key)) ?? 0) + 1);
  }
  return calls;
}

describe('redis queue', () => {
  it('wakes a subscriber of another connection, at once or at the given time', async () => {
    const p = prefix('wake');
    const publisher = createRedisQueue({ redis, prefix: p });
    const subscriber = createRedisQueue({ redis, prefix: p });
    const seen: string[] = [];
    const second = new Promise<number>((resolve) =>
      subscriber.subscribe((id) => {
        seen.push(id);
        if (id === 'later') resolve(Date.now());
      }),
    );
    await subscriber.ready();
    const at = Date.now() + 50;
    await publisher.notify('later', at);
    await publisher.notify('now');
    expect(await second).toBeGreaterThanOrEqual(at - 1);
    expect(seen).toEqual(['now', 'later']);
    const other = createRedisQueue({ redis, prefix: prefix('other') });
    await other.notify('elsewhere');
    await publisher.notify('last');
    await new Promise<void>((resolve) => subscriber.subscribe((id) => id === 'last' && resolve()));
    expect(seen).toEqual(['now', 'later', 'last']);
    await Promise.all([publisher.close(), subscriber.close(), other.close()]);
  });

  it('runs 200 runs exactly once across two worker processes woken through redis', async () => {
    const p = prefix('exactly-once');
    const target = await sharedStore('cluster-once');
    // A 60 s poll: only the Redis wake-ups can get the runs done within the test's time.
    const workers = [worker({ prefix: p }), worker({ prefix: p })];
    await Promise.all(workers.map((w) => w.waitFor((m) => m.type === 'ready')));
    const started = Date.now();
    const ids = await enqueueFromApi(target, 'cluster-once', p, 200);
    await allFinished(workers, ids);
    const elapsed = Date.now() - started;
    const calls = callsByKey(workers);
    expect(calls.size).toBe(200);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    for (const w of workers) expect(w.messages.filter((m) => m.type === 'call').length).toBeGreaterThan(0);
    const runs = await Promise.all(ids.map((id) => target.runs.get(id)));
    expect(runs.every((run) => run?.status === 'succeeded')).toBe(true);
    console.log(`[cluster] 200 runs on 2 workers in ${elapsed} ms (${Math.round(200_000 / elapsed)} runs/s)`);
  });

  it('finishes the runs of a worker killed with SIGKILL once its leases expire', async () => {
    const p = prefix('sigkill');
    const target = await sharedStore('cluster-kill');
    const fast = { prefix: p, leaseMs: 1000, pollMs: 100, concurrency: 4 };
    const doomed = worker({ ...fast, hang: true });
    await doomed.waitFor((m) => m.type === 'ready');
    const ids = await enqueueFromApi(target, 'cluster-kill', p, 12);
    // The doomed worker holds four runs mid-call (leased) when it dies.
    await doomed.waitFor(() => doomed.messages.filter((m) => m.type === 'call').length === 4);
    const survivor = worker(fast);
    await survivor.waitFor((m) => m.type === 'ready');
    doomed.process.kill('SIGKILL');
    await doomed.exited;
    await allFinished([survivor], ids);
    const held = doomed.messages.filter((m) => m.type === 'call').map((m) => String(m.key));
    const redone = survivor.messages.filter((m) => m.type === 'call').map((m) => String(m.key));
    expect(held).toHaveLength(4);
    expect(new Set(redone)).toEqual(new Set(Array.from({ length: 12 }, (_, n) => String(n))));
    const runs = await Promise.all(ids.map((id) => target.runs.get(id)));
    expect(runs.every((run) => run?.status === 'succeeded' && run.leaseOwner === null)).toBe(true);
  });
});
