import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRedisTestSpace, requiredEnv, startChild } from '../../queue/redis-testing.ts';
import type { Clock } from './clock.ts';
import type { KitWorkerConfig } from './redis-kit-worker.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

const WORKER = fileURLToPath(new URL('./redis-kit-worker.ts', import.meta.url));
const space = createRedisTestSpace();
const { redis, children, prefix } = space;

afterEach(() => space.cleanUp());
afterAll(() => redis.quit());

/** A clock that records the waits it is asked for and returns at once. */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { now: () => Date.now(), sleep: async (ms) => void waits.push(ms), waits };
}

describe('redis rate limiter', () => {
  it('lets the burst through, then reserves slots one interval apart', async () => {
    const clock = recordingClock();
    const limiter = createRedisRateLimiter({ redis, prefix: prefix('burst'), clock });
    await Promise.all(Array.from({ length: 5 }, () => limiter.acquire('k', { perSecond: 10, burst: 2 })));
    expect(clock.waits).toHaveLength(3);
    const sorted = [...clock.waits].sort((a, b) => a - b);
    // Each wait is its slot's distance from now: 100, 200, 300 ms less the little time the calls took.
    sorted.forEach((wait, i) => {
      expect(wait).toBeGreaterThan((i + 1) * 100 - 30);
      expect(wait).toBeLessThanOrEqual((i + 1) * 100);
    });
  });

  it('keeps keys and prefixes apart', async () => {
    const clock = recordingClock();
    const a = createRedisRateLimiter({ redis, prefix: prefix('a'), clock });
    const b = createRedisRateLimiter({ redis, prefix: prefix('b'), clock });
    await a.acquire('k', { perSecond: 1 });
    await a.acquire('other', { perSecond: 1 });
    await b.acquire('k', { perSecond: 1 });
    expect(clock.waits).toEqual([]);
    await a.acquire('k', { perSecond: 1 });
    expect(clock.waits).toHaveLength(1);
  });

  it('holds the combined rate of two processes sharing a connection', async () => {
    const p = prefix('combined');
    const perSecond = 50;
    const config = {
      mode: 'rate' as const,
      redisUrl: requiredEnv('REDIS_URL'),
      prefix: p,
      count: 15,
      perSecond,
    };
    const workers = [0, 1].map(() =>
      startChild(WORKER, { ...config, baseUrl: '' } satisfies KitWorkerConfig),
    );
    children.push(...workers);
    await Promise.all(workers.map((w) => w.waitFor((m) => m.type === 'ready')));
    for (const w of workers) w.send({ type: 'go' });
    const reports = await Promise.all(workers.map((w) => w.waitFor((m) => m.type === 'granted')));
    const perProcess = reports.map((r) => r.granted as number[]);
    const all = perProcess.flat().sort((a, b) => a - b);
    const interval = 1000 / perSecond;
    // 30 slots at 50/s take at least 29 intervals however they are split (each process alone: 14);
    // the slack covers timer jitter between a reserved slot and the moment its sleeper wakes.
    const slack = 2 * interval;
    expect(all.at(-1)! - all[0]!).toBeGreaterThanOrEqual(29 * interval - slack);
    for (let i = 0; i + 20 < all.length; i++) {
      expect(all[i + 20]! - all[i]!).toBeGreaterThanOrEqual(20 * interval - slack);
    }
    // Both processes were served all along, interleaved rather than one after the other.
    const [first, second] = perProcess as [number[], number[]];
    expect(Math.max(first[0]!, second[0]!)).toBeLessThan(Math.min(first.at(-1)!, second.at(-1)!));
  });
});
