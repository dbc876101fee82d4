import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { backoffDelay, DEFAULT_RETRY_POLICY, durationMs, resolveRetryPolicy } from './retry-policy.ts';
import { isFinished, isWaiting, type RunState, transition } from './run-state.ts';

const queued: RunState = {
  status: 'queued',
  attempt: 1,
  notBefore: null,
  error: null,
  output: null,
  checkpoint: null,
  startedAt: null,
  finishedAt: null,
  leaseOwner: null,
  leaseUntil: null,
};
const policy = resolveRetryPolicy({
  maxAttempts: 3,
  initialDelay: '100ms',
  maxDelay: '1s',
  factor: 2,
  jitter: 0.5,
});
const unavailable = new QiaoError('CONNECTOR_UNAVAILABLE', '503').toStructured();
const rejected = new QiaoError('CONNECTOR_REJECTED', '凭证字号重复', {
  system: { errcode: 1001 },
}).toStructured();

function running(): RunState {
  return transition(queued, { type: 'started', now: 10 });
}

describe('run state', () => {
  it('starts a queued run once and keeps the first start time', () => {
    const started = running();
    expect(started).toMatchObject({ status: 'running', startedAt: 10 });
    const again = transition({ ...started, status: 'retrying' }, { type: 'started', now: 99 });
    expect(again.startedAt).toBe(10);
  });

  it('stores the checkpoint and resets the attempt on step success', () => {
    const state = transition({ ...running(), attempt: 3 }, { type: 'step-succeeded', checkpoint: { at: 2 } });
    expect(state).toMatchObject({ attempt: 1, checkpoint: { at: 2 }, status: 'running' });
  });

  it('schedules a retry with back-off and jitter for an operational error', () => {
    const failed = { type: 'step-failed', error: unavailable, policy, now: 1000 } as const;
    const low = transition(running(), { ...failed, attempt: 2, random: () => 0 });
    const high = transition(running(), { ...failed, attempt: 2, random: () => 0.999999 });
    expect(low).toMatchObject({ status: 'retrying', attempt: 3, notBefore: 1100 });
    expect(high.notBefore).toBe(1300);
    expect(low.error).toMatchObject({ code: 'CONNECTOR_UNAVAILABLE', attempt: 2 });
  });

  it('waits at least what a rate-limited system asked for', () => {
    const error = { ...unavailable, retryAfterMs: 5000 };
    const state = transition(running(), {
      type: 'step-failed',
      error,
      attempt: 1,
      policy,
      now: 0,
      random: () => 0.5,
    });
    expect(state.notBefore).toBe(5000);
  });

  it('fails fast on a user error and keeps the system message', () => {
    // A call's checkpoint has counted the next attempt already (attempt 2): the failed run says 1.
    const state = transition(
      { ...running(), attempt: 2 },
      {
        type: 'step-failed',
        error: rejected,
        attempt: 1,
        policy,
        now: 5,
        random: Math.random,
      },
    );
    expect(state).toMatchObject({ status: 'failed', attempt: 1, finishedAt: 5, leaseOwner: null });
    expect(state.error).toMatchObject({
      code: 'CONNECTOR_REJECTED',
      message: '凭证字号重复',
      system: { errcode: 1001 },
      attempt: 1,
    });
  });

  it('fails with retries exhausted after the last attempt', () => {
    const state = transition(running(), {
      type: 'step-failed',
      error: unavailable,
      attempt: 3,
      policy,
      now: 5,
      random: Math.random,
    });
    expect(state).toMatchObject({ status: 'failed', attempt: 3 });
    expect(state.error).toMatchObject({ code: 'RUN_RETRIES_EXHAUSTED', attempt: 3, retryable: false });
    expect(state.error?.message).toContain('503');
  });

  it('finishes, cancels and releases', () => {
    expect(transition(running(), { type: 'finished', output: { ok: true }, now: 7 })).toMatchObject({
      status: 'succeeded',
      output: { ok: true },
      finishedAt: 7,
    });
    expect(transition(queued, { type: 'cancelled', now: 8 }).error?.code).toBe('RUN_CANCELLED');
    expect(transition({ ...running(), leaseOwner: 'w' }, { type: 'released' })).toMatchObject({
      status: 'queued',
      leaseOwner: null,
    });
    expect(isFinished('cancelled')).toBe(true);
    expect(isFinished('retrying')).toBe(false);
  });

  it('rejects events a status does not allow', () => {
    const done = transition(running(), { type: 'finished', output: null, now: 1 });
    expect(() => transition(done, { type: 'cancelled', now: 2 })).toThrow(QiaoError);
    expect(() => transition(queued, { type: 'step-succeeded', checkpoint: null })).toThrow(/queued/);
  });
});

describe('waiting runs', () => {
  it('counts an unfinished run with a waiting mark as waiting, and nothing else', () => {
    expect(isWaiting({ status: 'running', waitingSince: 5 })).toBe(true);
    expect(isWaiting({ status: 'retrying', waitingSince: 5 })).toBe(true);
    expect(isWaiting({ status: 'running', waitingSince: null })).toBe(false);
    expect(isWaiting({ status: 'queued' })).toBe(false);
    expect(isWaiting({ status: 'cancelled', waitingSince: 5 })).toBe(false);
  });
});

describe('retry policy', () => {
  it('parses durations and falls back to defaults', () => {
    expect(durationMs('2h', 0)).toBe(7_200_000);
    expect(durationMs(undefined, 42)).toBe(42);
    expect(resolveRetryPolicy(undefined, undefined)).toEqual(DEFAULT_RETRY_POLICY);
    expect(resolveRetryPolicy(undefined, { maxAttempts: 2 }).maxAttempts).toBe(2);
  });

  it('caps the exponential delay at the maximum', () => {
    const p = resolveRetryPolicy({ initialDelay: 100, maxDelay: 250, factor: 2, jitter: 0 });
    expect([1, 2, 3, 4].map((n) => backoffDelay(p, n, () => 0.5))).toEqual([100, 200, 250, 250]);
  });
});
