import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { bilingual, QiaoError } from '../../errors/index.ts';

/** A Lua script run atomically in Redis: by its SHA, sending the source once when Redis lacks it. */
export interface RedisScript {
  run(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown>;
}

/** Wraps a Lua source; failures surface as `CLUSTER_UNAVAILABLE` (operational: the engine retries). */
export function redisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, keys, args) {
      try {
        return await redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw unavailable(error);
      }
      try {
        return await redis.eval(source, keys.length, ...keys, ...args);
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/** The error for a Redis failure, keeping the cause. */
export function unavailable(cause: unknown): QiaoError {
  const text = cause instanceof Error ? cause.message : String(cause);
  return new QiaoError(
    'CLUSTER_UNAVAILABLE',
    bilingual(`集群协调服务（Redis）不可用：${text}`, `Redis unavailable: ${text}`),
    {
      cause,
    },
  );
}
