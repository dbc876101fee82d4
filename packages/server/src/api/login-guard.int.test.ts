import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedisTestSpace } from '../queue/redis-testing.ts';
import { createLoginGuard } from './login-guard.ts';

const space = createRedisTestSpace();
afterEach(() => space.dropPrefixes());
afterAll(() => space.redis.quit());

const limits = { perAccount: 3, perAddress: 10, windowSeconds: 60 };

describe('login guard in cluster mode (Redis)', () => {
  it('counts failed sign-ins on every node: the failures one node saw hold the account back on another', async () => {
    const shared = { redis: space.redis, prefix: space.prefix('login') };
    const nodeA = createLoginGuard(limits, shared);
    const nodeB = createLoginGuard(limits, shared);
    await nodeA.failed('admin', '10.0.0.1');
    await nodeB.failed('admin', '10.0.0.1');
    await expect(nodeA.check('admin', '10.0.0.1')).resolves.toBeUndefined();
    await nodeA.failed('admin', '10.0.0.1');
    await expect(nodeB.check('admin', '10.0.0.1')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    // A success on either node clears the count for both.
    await nodeB.succeeded('admin', '10.0.0.1');
    await expect(nodeA.check('admin', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('keeps separate prefixes apart', async () => {
    const a = createLoginGuard(limits, { redis: space.redis, prefix: space.prefix('a') });
    const b = createLoginGuard(limits, { redis: space.redis, prefix: space.prefix('b') });
    for (let i = 0; i < 3; i++) await a.failed('admin', 'x');
    await expect(a.check('admin', 'x')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(b.check('admin', 'x')).resolves.toBeUndefined();
  });
});
