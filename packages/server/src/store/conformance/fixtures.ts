import type { RunRecord, StepRecord } from '../port.ts';

/** A queued run with every field set; override what a test cares about. */
export function makeRun(overrides: Partial<RunRecord> & { id: string }): RunRecord {
  return {
    flowKind: 'flow',
    flowId: 'flow-a',
    flowVersion: 1,
    status: 'queued',
    trigger: { kind: 'manual', payload: { 单号: 'BX-001', amount: 12.5 } },
    checkpoint: null,
    output: null,
    error: null,
    attempt: 0,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: 1_700_000_000_000,
    startedAt: null,
    finishedAt: null,
    retryOf: null,
    waitingSince: null,
    ...overrides,
  };
}

/** A finished step of a run. */
export function makeStep(runId: string, seq: number, overrides: Partial<StepRecord> = {}): StepRecord {
  return {
    runId,
    seq,
    path: `step${seq}`,
    status: 'succeeded',
    attempt: 1,
    input: { seq },
    output: { ok: true, list: [1, 'two', null] },
    error: null,
    exchanges: [],
    startedAt: 1_700_000_000_000 + seq,
    finishedAt: 1_700_000_000_010 + seq,
    ...overrides,
  };
}
