import { durationToMs } from '../definitions/duration.ts';
import type { RetryPolicy } from '../definitions/schema.ts';

/** A retry policy with durations resolved to milliseconds. */
export interface ResolvedRetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  jitter: number;
}

/** The engine's policy when neither the step nor the flow declares one (same as the schema's defaults). */
export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 60_000,
  factor: 2,
  jitter: 0.2,
};

/** Converts a duration (`500`, `"500ms"`, `"30s"`, `"10m"`, `"2h"`, `"1d"`) to milliseconds. */
export function durationMs(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return durationToMs(value) ?? fallback;
}

/** Resolves the first declared policy (step, then flow) over the defaults. */
export function resolveRetryPolicy(
  ...candidates: Array<Partial<RetryPolicy> | undefined>
): ResolvedRetryPolicy {
  const policy = candidates.find((candidate) => candidate !== undefined);
  if (!policy) return DEFAULT_RETRY_POLICY;
  const d = DEFAULT_RETRY_POLICY;
  return {
    maxAttempts: policy.maxAttempts ?? d.maxAttempts,
    initialDelayMs: durationMs(policy.initialDelay, d.initialDelayMs),
    maxDelayMs: durationMs(policy.maxDelay, d.maxDelayMs),
    factor: policy.factor ?? d.factor,
    jitter: policy.jitter ?? d.jitter,
  };
}

/**
 * The wait before attempt `failedAttempt + 1`: exponential (`initial × factor^(n-1)`, capped at
 * `maxDelay`) with ± `jitter` spread drawn from `random` (a number in [0, 1)).
 */
export function backoffDelay(
  policy: ResolvedRetryPolicy,
  failedAttempt: number,
  random: () => number,
): number {
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.factor ** Math.max(0, failedAttempt - 1),
  );
  const spread = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.min(policy.maxDelayMs, Math.round(base * spread)));
}
