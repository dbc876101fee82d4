import { Redis } from 'ioredis';
import type { CredentialCache } from '../connectors/kit/credential-cache.ts';
import type { RateLimiter } from '../connectors/kit/rate-limiter.ts';
import { createRedisCredentialCache } from '../connectors/kit/redis-credential-cache.ts';
import { createRedisRateLimiter } from '../connectors/kit/redis-rate-limiter.ts';
import type { RunQueue } from '../queue/port.ts';
import { createRedisQueue } from '../queue/redis-queue.ts';
import { credentialPayload, restoreCompanions } from './credential-companions.ts';
import type { SecretsCodec } from './secrets-codec.ts';

/** The collaborators cluster mode swaps in: run wake-ups, rate limits and credentials shared through Redis. */
export interface ClusterOptions {
  queue: RunQueue;
  rateLimiter: RateLimiter;
  credentials: CredentialCache;
  /** The shared Redis connection and key prefix, for other counts every process must share (sign-in throttling). */
  shared: SharedRedis;
  /** Closes the Redis connections (after the engine has stopped). */
  close(): Promise<void>;
}

/** A cluster's Redis connection and the prefix of every key Qiao writes there. */
export interface SharedRedis {
  redis: Redis;
  prefix: string;
}

/** Extras of `clusterOptionsFromEnv`. */
export interface ClusterExtras {
  /** Seals credentials stored in Redis with the runtime's secret key (shared QIAO_SECRET_KEY). */
  secrets?: SecretsCodec;
  /** Reports Redis connection errors (default: one line on stderr). */
  onError?: (error: unknown) => void;
}

/**
 * Cluster mode from the environment: with `REDIS_URL` set, a Redis queue, rate limiter and
 * credential cache under the prefix `QIAO_REDIS_PREFIX` (default `qiao:`); without it, undefined
 * (embedded mode: everything in-process).
 */
export function clusterOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  extras: ClusterExtras = {},
): ClusterOptions | undefined {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  const prefix = env.QIAO_REDIS_PREFIX?.trim() || 'qiao:';
  const onError = extras.onError ?? reportOnce();
  // Commands fail fast while Redis is away (the engine retries); wake-ups fall back to the poll.
  const redis = new Redis(url, { maxRetriesPerRequest: 2, enableAutoPipelining: true });
  redis.on('error', onError);
  const queue = createRedisQueue({ redis, prefix, onError });
  const rateLimiter = createRedisRateLimiter({ redis, prefix });
  const { secrets } = extras;
  const credentials = createRedisCredentialCache({
    redis,
    prefix,
    onError,
    // Sealed with the connectors' state beside the value (JDY's session), so another process can use it.
    ...(secrets
      ? {
          sealer: {
            seal: (v: string) => secrets.seal(credentialPayload(v)),
            open: (c: string) => restoreCompanions(secrets.open(c)),
          },
        }
      : {}),
  });
  return {
    queue,
    rateLimiter,
    credentials,
    shared: { redis, prefix },
    async close() {
      await queue.close();
      await credentials.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** An error reporter that prints each distinct message once (ioredis repeats them on every reconnect). */
function reportOnce(): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const text = error instanceof Error ? error.message : String(error);
    if (seen.has(text) || seen.size > 100) return;
    seen.add(text);
    console.error(`[qiao cluster] Redis: ${text}`);
  };
}
