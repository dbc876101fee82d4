/**
 * A worker process for the cluster integration tests (forked by redis-queue.int.test.ts): an engine
 * on the shared PostgreSQL store, woken through the Redis queue, whose gateway reports every call
 * over IPC. Configuration comes as JSON in argv[2]; `{type:'stop'}` stops it cleanly.
 */
import { Redis } from 'ioredis';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { createEngine } from '../runs/engine.ts';
import { createStore } from '../store/index.ts';
import { createRedisQueue } from './redis-queue.ts';

/** What the test passes to a worker process. */
export interface ClusterWorkerConfig {
  databaseUrl: string;
  schema: string;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  /** Calls never answer (a worker that is about to be killed mid-run). */
  hang: boolean;
  /** Simulated duration of one call. */
  workMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ClusterWorkerConfig;
const send = (message: Record<string, unknown>) => process.send?.(message);

const gateway: ConnectorGateway = {
  describe: async () => undefined,
  async call(request) {
    const key = String(request.input.key);
    send({ type: 'call', key, pid: process.pid });
    if (config.hang) return new Promise(() => {});
    await new Promise((resolve) => setTimeout(resolve, config.workMs));
    return { ok: key };
  },
  listPage: async () => ({ items: [], next: null }),
  writeBatch: async () => [],
};

const store = createStore({ url: config.databaseUrl, schema: config.schema, poolSize: 4 });
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const queue = createRedisQueue({ redis, prefix: config.prefix });
const engine = createEngine({
  store,
  gateway,
  queue,
  concurrency: config.concurrency,
  leaseMs: config.leaseMs,
  pollMs: config.pollMs,
  keepAlive: true,
  workerId: `worker-${process.pid}`,
});
engine.events.on('run:finished', ({ run }) => send({ type: 'finished', runId: run.id, status: run.status }));
engine.start();
await queue.ready();
send({ type: 'ready', pid: process.pid });

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'stop') return;
  void (async () => {
    await engine.stop();
    await queue.close();
    await redis.quit();
    await store.close();
    process.exit(0);
  })();
});
