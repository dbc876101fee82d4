import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forgetSessions } from '../connectors/kingdee-jdy/session.ts';
import {
  DEFAULT_JDY_CREDENTIALS as CRED,
  createJdySimulator,
} from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import type { QiaoDocument } from '../definitions/index.ts';
import { dropPrefix, requiredEnv, testRedis, uniquePrefix } from '../queue/redis-testing.ts';
import { generateSecretKey } from '../secrets/key.ts';
import { createRuntime } from './create-runtime.ts';

const redis = testRedis();
const prefix = uniquePrefix('credentials');
afterAll(async () => {
  await dropPrefix(redis, prefix);
  await redis.quit();
});

describe('connector credentials in cluster mode', () => {
  it("share a JDY token with its session: another process's book calls get the data centre and book ids", async () => {
    const sim = createJdySimulator({ instances: 5, anchorPeriod: 202603, tokenCallsPerMinute: 0 });
    const server = await sim.start();
    const env = {
      REDIS_URL: requiredEnv('REDIS_URL'),
      QIAO_REDIS_PREFIX: prefix,
      QIAO_SECRET_KEY: generateSecretKey(),
    };
    const connection = {
      schemaVersion: 1,
      kind: 'connection',
      id: 'jdy',
      connector: 'kingdee-jdy',
      config: { baseUrl: server.url, outerInstanceId: CRED.outerInstanceId },
      secrets: { clientId: CRED.clientId, clientSecret: CRED.clientSecret },
    } as unknown as QiaoDocument;
    const dirs = [await mkdtemp(join(tmpdir(), 'qiao-a-')), await mkdtemp(join(tmpdir(), 'qiao-b-'))];
    const [a, b] = await Promise.all(dirs.map((dataDir) => createRuntime({ dataDir, env })));
    try {
      for (const runtime of [a, b]) await runtime?.documents.apply(connection);
      const call = { connection: 'jdy', operation: 'getAccessToken', input: {} };
      const first = await a?.gateway.call(call);
      expect(first).toMatchObject({ sId: CRED.serviceId, dbId: CRED.accountId });
      // Process B never exchanged: only Redis holds the token — and, sealed with it, its session.
      forgetSessions();
      const second = await b?.gateway.call(call);
      expect(second).toMatchObject({ sId: CRED.serviceId, dbId: CRED.accountId });
      expect(sim.calls.get('auth.token')).toBe(1);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
      await server.close();
      await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
    }
  });
});
