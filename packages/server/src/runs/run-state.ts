import { bilingual, QiaoError, quoted, type StructuredError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { RunRecord, RunStatus } from '../store/port.ts';
import { backoffDelay, type ResolvedRetryPolicy } from './retry-policy.ts';

/** The part of a run record the state machine decides. */
export type RunState = Pick<
  RunRecord,
  | 'status'
  | 'attempt'
  | 'notBefore'
  | 'error'
  | 'output'
  | 'checkpoint'
  | 'startedAt'
  | 'finishedAt'
  | 'leaseOwner'
  | 'leaseUntil'
>;

/** What can happen to a run. */
export type RunEvent =
  | { type: 'started'; now: number }
  | { type: 'step-succeeded'; checkpoint: JsonValue }
  | {
      type: 'step-failed';
      error: StructuredError;
      attempt: number;
      policy: ResolvedRetryPolicy;
      now: number;
      random: () => number;
    }
  | { type: 'cancelled'; now: number }
  | { type: 'finished'; output: JsonValue; now: number }
  | { type: 'released' };

const ACTIVE: readonly RunStatus[] = ['queued', 'running', 'retrying'];

/** Whether a run has reached a final status. */
export function isFinished(status: RunStatus): boolean {
  return !ACTIVE.includes(status);
}

/**
 * Whether a run waits for a slot of its flow: a worker took it, but every slot of the flow or sync is
 * held by another run, so it has not started (views show it as waiting, not as running or retrying).
 */
export function isWaiting(run: Pick<RunRecord, 'status' | 'waitingSince'>): boolean {
  return !isFinished(run.status) && (run.waitingSince ?? null) !== null;
}

/** Applies one event to a run's state; throws CONFLICT for an event its status does not allow. */
export function transition(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'started':
      expect(state, event.type, ACTIVE);
      return { ...state, status: 'running', notBefore: null, startedAt: state.startedAt ?? event.now };
    case 'step-succeeded':
      expect(state, event.type, ['running']);
      return { ...state, attempt: 1, error: null, checkpoint: event.checkpoint };
    case 'step-failed':
      expect(state, event.type, ['running']);
      return stepFailed(state, event);
    case 'cancelled':
      expect(state, event.type, ACTIVE);
      return { ...state, ...released(), status: 'cancelled', finishedAt: event.now, error: cancelledError() };
    case 'finished':
      expect(state, event.type, ['running']);
      return {
        ...state,
        ...released(),
        status: 'succeeded',
        output: event.output,
        error: null,
        finishedAt: event.now,
      };
    case 'released':
      expect(state, event.type, ['running']);
      return { ...state, ...released(), status: 'queued' };
  }
}

function stepFailed(state: RunState, event: Extract<RunEvent, { type: 'step-failed' }>): RunState {
  const error: StructuredError = { ...event.error, attempt: event.attempt };
  // A failed run records the attempt that failed: a call's checkpoint already counted the next one
  // (so a crash mid-call resumes as a new attempt), which no failure must leave behind.
  const attempt = event.attempt;
  if (!event.error.retryable) {
    return { ...state, ...released(), status: 'failed', attempt, error, finishedAt: event.now };
  }
  if (event.attempt >= event.policy.maxAttempts) {
    return {
      ...state,
      ...released(),
      status: 'failed',
      attempt,
      error: exhausted(error),
      finishedAt: event.now,
    };
  }
  const delay = Math.max(
    backoffDelay(event.policy, event.attempt, event.random),
    event.error.retryAfterMs ?? 0,
  );
  return {
    ...state,
    ...released(),
    status: 'retrying',
    error,
    attempt: event.attempt + 1,
    notBefore: event.now + delay,
  };
}

function exhausted(last: StructuredError): StructuredError {
  const said = quoted(last.message);
  const tries = last.attempt ?? 0;
  const out: StructuredError = {
    code: 'RUN_RETRIES_EXHAUSTED',
    kind: 'operational',
    retryable: false,
    message: bilingual(
      `重试 ${tries} 次后仍失败：${said.zh}`,
      `still failing after ${tries} attempts: ${said.en}`,
    ),
    details: { last: last as unknown as JsonValue },
  };
  if (last.attempt !== undefined) out.attempt = last.attempt;
  if (last.system !== undefined) out.system = last.system;
  return out;
}

function cancelledError(): StructuredError {
  return new QiaoError('RUN_CANCELLED', bilingual('运行已取消', 'run cancelled')).toStructured();
}

function released(): Pick<RunState, 'leaseOwner' | 'leaseUntil' | 'notBefore'> {
  return { leaseOwner: null, leaseUntil: null, notBefore: null };
}

function expect(state: RunState, event: RunEvent['type'], allowed: readonly RunStatus[]): void {
  if (!allowed.includes(state.status)) {
    throw new QiaoError(
      'CONFLICT',
      bilingual(
        `运行状态为 ${state.status}，不能处理事件 ${event}`,
        `a run in status ${state.status} cannot take the event ${event}`,
      ),
      {
        details: { status: state.status, event },
      },
    );
  }
}
