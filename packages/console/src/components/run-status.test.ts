import { describe, expect, it } from 'vitest';
import { runDisplayStatus } from './run-status.ts';

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
});
