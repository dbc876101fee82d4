import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisQueue } from '../queue/redis-queue.ts';
import { dropPrefix, requiredEnv, testRedis, uniquePrefix } from '../queue/redis-testing.ts';
import { generateSecretKey } from '../secrets/key.ts';
import { createRuntime } from './create-runtime.ts';

const redis = testRedis();
const prefix = uniquePrefix('runtime');
afterAll(async () => {
  await dropPrefix(redis, prefix);
  await redis.quit();
});

describe('runtime in cluster mode', () => {
  it('announces enqueued runs through redis when REDIS_URL is set', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'qiao-cluster-'));
    const env = {
      REDIS_URL: requiredEnv('REDIS_URL'),
      QIAO_REDIS_PREFIX: prefix,
      QIAO_SECRET_KEY: generateSecretKey(),
    };
    const runtime = await createRuntime({ dataDir, env });
    const listener = createRedisQueue({ redis, prefix });
    const heard = new Promise<string>((resolve) => listener.subscribe(resolve));
    await listener.ready();
    await runtime.documents.apply({
      schemaVersion: 1,
      kind: 'flow',
      id: 'wake',
      name: 'wake',
      enabled: true,
      concurrency: 4,
      trigger: { type: 'manual' },
      steps: [{ id: 's', type: 'set', values: { a: 1 } }],
    });
    const runId = await runtime.engine.enqueue('wake', {});
    expect(await heard).toBe(runId);
    await listener.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});
