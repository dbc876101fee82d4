import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { createTokenBucketLimiter } from './rate-limiter.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('token bucket limiter', () => {
  it('spaces calls at the rate once the burst is spent', async () => {
    const clock = createManualClock(0);
    const limiter = createTokenBucketLimiter({ clock });
    const granted: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire('k', { perSecond: 10, burst: 2 });
      granted.push(clock.now());
    }
    expect(granted).toEqual([0, 0, 100, 200, 300]);
  });

  it('queues concurrent callers fairly and keeps keys apart', async () => {
    const clock = createManualClock(0);
    const waits: number[] = [];
    const limiter = createTokenBucketLimiter({
      clock: { now: clock.now, sleep: async (ms) => void waits.push(ms) },
    });
    await Promise.all([1, 2, 3, 4].map(() => limiter.acquire('a', { perSecond: 20 })));
    await limiter.acquire('b', { perSecond: 20 });
    expect(waits).toEqual([50, 100, 150]);
  });

  it('refills while idle up to the burst only', async () => {
    const clock = createManualClock(0);
    const limiter = createTokenBucketLimiter({ clock });
    await limiter.acquire('k', { perSecond: 1, burst: 3 });
    clock.advance(60_000);
    for (let i = 0; i < 4; i++) await limiter.acquire('k', { perSecond: 1, burst: 3 });
    expect(clock.sleeps).toEqual([1000]);
  });

  it('is applied by the gateway per connection and operation', async () => {
    server = await startLocalServer(() => ({ json: {} }));
    const clock = createManualClock(0);
    const keys: string[] = [];
    const limiter = createTokenBucketLimiter({ clock });
    const gateway = createConnectorGateway({
      clock,
      rateLimiter: {
        acquire: (key, limit) => {
          keys.push(`${key}@${limit.perSecond}`);
          return limiter.acquire(key, limit);
        },
      },
      connectors: createConnectorRegistry([
        {
          id: 'r',
          version: '1',
          name: { zh: 'r', en: 'r' },
          auth: { type: 'none' },
          rateLimit: { perSecond: 20, per: 'operation' },
          operations: { a: { path: '/a' }, b: { path: '/b' } },
        },
      ]),
      connections: {
        resolve: async () => ({ connectorId: 'r', config: { baseUrl: server?.url ?? '' }, secrets: {} }),
      },
    });
    for (let i = 0; i < 3; i++) await gateway.call({ connection: 'c', operation: 'a', input: {} });
    await gateway.call({ connection: 'c', operation: 'b', input: {} });
    expect(keys).toEqual(['c:a@20', 'c:a@20', 'c:a@20', 'c:b@20']);
    expect(clock.sleeps).toEqual([50, 50]);
    gateway.close();
  });

  it("applies a connection's own rate in the connector's scope (per operation stays per operation)", async () => {
    server = await startLocalServer(() => ({ json: {} }));
    const keys: string[] = [];
    const connector = (per: 'operation' | 'connection') => ({
      id: `r-${per}`,
      version: '1',
      name: { zh: 'r', en: 'r' },
      auth: { type: 'none' as const },
      rateLimit: { perSecond: 20, per },
      operations: { a: { path: '/a' }, b: { path: '/b' } },
    });
    const gateway = createConnectorGateway({
      rateLimiter: { acquire: (key, limit) => void keys.push(`${key}@${limit.perSecond}`) },
      connectors: createConnectorRegistry([connector('operation'), connector('connection')]),
      connections: {
        resolve: async (id) => ({
          connectorId: id === 'p' ? 'r-operation' : 'r-connection',
          config: { baseUrl: server?.url ?? '' },
          secrets: {},
          rateLimit: { perSecond: 5 },
        }),
      },
    });
    for (const connection of ['p', 'q'])
      for (const operation of ['a', 'b']) await gateway.call({ connection, operation, input: {} });
    expect(keys).toEqual(['p:a@5', 'p:b@5', 'q@5', 'q@5']);
    gateway.close();
  });
});

describe('token bucket without a wait', () => {
  it('lets a call under the limit go at once, without a promise to await', () => {
    const clock = createManualClock(0);
    const limiter = createTokenBucketLimiter({ clock });
    expect(limiter.acquire('k', { perSecond: 10, burst: 2 })).toBeUndefined();
    expect(limiter.acquire('k', { perSecond: 10, burst: 2 })).toBeUndefined();
    expect(limiter.acquire('k', { perSecond: 10, burst: 2 })).toBeInstanceOf(Promise);
  });
});
