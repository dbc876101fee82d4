import type { Clock } from './clock.ts';
import type { RateLimitSpec } from './connector-declaration.ts';

/**
 * The rate-limit port: waits until `key` may make one more call. In-process here; Redis in cluster
 * mode. May return nothing when the call may go at once (callers `await` only a returned promise).
 */
export interface RateLimiter {
  acquire(key: string, limit: RateLimitSpec, signal?: AbortSignal): Promise<void> | undefined;
}

/**
 * An in-process token bucket per key, kept as a "theoretical arrival time" (GCRA): each acquire
 * reserves the next free slot at once, so concurrent callers queue fairly without a lock, and a
 * bucket of `burst` lets that many calls through back to back.
 */
export function createTokenBucketLimiter(options: { clock: Clock }): RateLimiter {
  const { clock } = options;
  const arrival = new Map<string, number>();
  return {
    acquire(key, limit, signal) {
      const interval = 1000 / limit.perSecond;
      const tolerance = (Math.max(1, limit.burst ?? 1) - 1) * interval;
      const now = clock.now();
      const tat = Math.max(arrival.get(key) ?? now, now);
      const allowedAt = tat - tolerance;
      arrival.set(key, tat + interval);
      if (arrival.size > 10_000) prune(arrival, now);
      const wait = allowedAt - now;
      return wait > 0 ? clock.sleep(wait, signal) : undefined;
    },
  };
}

function prune(arrival: Map<string, number>, now: number): void {
  for (const [key, tat] of arrival) if (tat < now) arrival.delete(key);
}
