import type { RetryPolicy } from '../definitions/schema.ts';
import { QiaoError } from '../errors/index.ts';
import { parseDuration } from './window.ts';

/** A retry policy with durations resolved to milliseconds. */
export interface ResolvedRetry {
  maxAttempts: number;
  initialDelay: number;
  maxDelay: number;
  factor: number;
  jitter: number;
}

/** Resolves a sync's retry policy (defaults: 5 attempts, 500 ms doubling up to 60 s, 20 % jitter). */
export function resolveRetry(policy: Partial<RetryPolicy> | undefined): ResolvedRetry {
  return {
    maxAttempts: policy?.maxAttempts ?? 5,
    initialDelay: parseDuration(policy?.initialDelay ?? '500ms'),
    maxDelay: parseDuration(policy?.maxDelay ?? '60s'),
    factor: policy?.factor ?? 2,
    jitter: policy?.jitter ?? 0.2,
  };
}

/** The back-off before attempt `attempt + 1` (exponential, capped, with jitter). */
export function backoffDelay(
  policy: ResolvedRetry,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter;
  return Math.max(0, Math.round(base - spread + random() * 2 * spread));
}

/**
 * Runs `work`, retrying retryable errors (operational, auth-expired) with back-off up to
 * `maxAttempts`; user errors and the last failure are rethrown.
 */
export async function withRetry<T>(
  policy: ResolvedRetry,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  work: (attempt: number) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      const retryable = error instanceof QiaoError && error.retryable;
      if (!retryable || attempt >= policy.maxAttempts || signal?.aborted) throw error;
      await sleep(Math.max(error.retryAfterMs ?? 0, backoffDelay(policy, attempt)), signal);
    }
  }
}
