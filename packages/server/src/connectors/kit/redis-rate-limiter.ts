import type { Redis } from 'ioredis';
import { type Clock, systemClock } from './clock.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { redisScript } from './redis-script.ts';

/**
 * GCRA in one atomic step, on Redis's own clock (processes need not agree on time): reserve the
 * next slot of the bucket and return how many ms the caller must wait for it.
 */
const RESERVE = redisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local nextTat = tat + tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
local wait = tat - tonumber(ARGV[2]) - now
if wait <= 0 then return 0 end
return math.ceil(wait)
`);

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Key prefix shared by the processes of one cluster (default `qiao:`). */
  prefix?: string;
  /** Sleeps the reserved wait (default: real timers). */
  clock?: Clock;
}

/**
 * The RateLimiter port as a token bucket in Redis, keyed like the in-process one (connection, or
 * connection:operation): every process reserves its slot in one round trip, then sleeps until it —
 * no polling, and concurrent callers everywhere queue fairly. Redis down → `CLUSTER_UNAVAILABLE`.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const prefix = `${options.prefix ?? 'qiao:'}rate:`;
  const clock = options.clock ?? systemClock;
  return {
    async acquire(key, limit, signal) {
      const interval = 1000 / limit.perSecond;
      const tolerance = (Math.max(1, limit.burst ?? 1) - 1) * interval;
      const wait = Number(await RESERVE.run(options.redis, [prefix + key], [interval, tolerance]));
      if (wait > 0) await clock.sleep(wait, signal);
    },
  };
}
