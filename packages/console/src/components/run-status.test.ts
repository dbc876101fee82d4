import { describe, expect, it } from 'vitest';
import { failedRecordsOf, runDisplayStatus } from './run-status.ts';

describe('run display status', () => {
  it('shows a run waiting for its slot as waiting, whether leased or handed back between polls', () => {
    expect(runDisplayStatus({ status: 'running', waitingSince: 1_700_000_000_000 })).toBe('waiting');
    expect(runDisplayStatus({ status: 'retrying', waitingSince: 1_700_000_000_000 })).toBe('waiting');
  });

  it('shows every other run with its own status', () => {
    expect(runDisplayStatus({ status: 'running', waitingSince: null })).toBe('running');
    expect(runDisplayStatus({ status: 'queued' })).toBe('queued');
    expect(runDisplayStatus({ status: 'succeeded', waitingSince: 5 })).toBe('succeeded');
  });

  it('shows a succeeded sync run with failed records as partial', () => {
    const stats = { read: 12, new: 12, skipped: 0, written: 9, failed: 3, writtenBack: 9 };
    expect(runDisplayStatus({ status: 'succeeded', flowKind: 'sync', stats })).toBe('partial');
    expect(runDisplayStatus({ status: 'succeeded', flowKind: 'sync', stats: { ...stats, failed: 0 } })).toBe(
      'succeeded',
    );
    // A failed or cancelled run keeps its status; the counts do not make it better.
    expect(runDisplayStatus({ status: 'failed', flowKind: 'sync', stats })).toBe('failed');
    expect(runDisplayStatus({ status: 'cancelled', flowKind: 'sync', stats })).toBe('cancelled');
  });

  it("never reads a flow run's failed attempts as failed records", () => {
    const stats = { steps: 3, skipped: 0, attempts: 4, calls: 2, failed: 1 };
    expect(runDisplayStatus({ status: 'succeeded', flowKind: 'flow', stats })).toBe('succeeded');
    expect(failedRecordsOf({ status: 'succeeded', flowKind: 'flow', stats })).toBe(0);
  });
});

describe('failed records of a run', () => {
  it("counts a finished sync run's failed records", () => {
    expect(failedRecordsOf({ status: 'succeeded', flowKind: 'sync', stats: { failed: 3 } })).toBe(3);
  });

  it('is 0 without stats, with odd stats, or while the run is not done', () => {
    expect(failedRecordsOf({ status: 'succeeded', flowKind: 'sync' })).toBe(0);
    expect(failedRecordsOf({ status: 'succeeded', flowKind: 'sync', stats: null })).toBe(0);
    expect(failedRecordsOf({ status: 'succeeded', flowKind: 'sync', stats: { failed: '3' } })).toBe(0);
    expect(failedRecordsOf({ status: 'running', flowKind: 'sync', stats: { failed: 3 } })).toBe(0);
  });
});
