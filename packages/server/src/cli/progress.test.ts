import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../store/port.ts';
import { flowFigures } from './progress.ts';

/** A step record of run r1 (an attempt of one step), with `exchanges` HTTP exchanges. */
function step(
  seq: number,
  path: string,
  status: StepRecord['status'],
  attempt = 1,
  exchanges = 0,
): StepRecord {
  return {
    runId: 'r1',
    seq,
    path,
    status,
    attempt,
    input: null,
    output: null,
    error: null,
    exchanges: exchanges > 0 ? Array.from({ length: exchanges }, () => ({})) : null,
    startedAt: 0,
    finishedAt: 1,
  };
}

describe('flowFigures', () => {
  it('counts steps run by their last attempt, every attempt, skipped steps and the requests sent', () => {
    const figures = flowFigures([
      step(0, 'token', 'succeeded', 1, 2), // a credential fetch and the call
      step(1, 'save', 'failed', 1, 1),
      step(2, 'save', 'succeeded', 2, 1), // retried: one step, two attempts
      step(3, 'notify', 'skipped'),
      step(4, 'mapped', 'failed'), // failed before any request
    ]);
    expect(figures).toEqual({ run: 3, succeeded: 2, failed: 1, skipped: 1, attempts: 4, calls: 4 });
  });

  it('is all zero for a run with no step', () => {
    expect(flowFigures([])).toEqual({ run: 0, succeeded: 0, failed: 0, skipped: 0, attempts: 0, calls: 0 });
  });
});
