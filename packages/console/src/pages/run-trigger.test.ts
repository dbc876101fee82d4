import { describe, expect, it } from 'vitest';
import { summarizeTrigger } from './run-trigger.tsx';

describe('run trigger summary', () => {
  it('reads a backfill range, a schedule slot, callback items and who started a run', () => {
    expect(summarizeTrigger({ type: 'backfill', from: 1, to: 2, by: 'admin' })).toEqual({
      type: 'backfill',
      from: 1,
      to: 2,
      by: 'admin',
    });
    expect(summarizeTrigger({ type: 'schedule', slot: 5, scheduledAt: 'x' })).toEqual({
      type: 'schedule',
      at: 5,
    });
    expect(summarizeTrigger({ type: 'callback', items: ['a'] })).toEqual({ type: 'callback', items: 1 });
  });

  it('names the failed run an alert run tells of', () => {
    const trigger = {
      type: 'runFailed',
      failure: 'run',
      run: { id: 'r-9', flowId: 'voucherToJdy', status: 'failed' },
    };
    expect(summarizeTrigger(trigger)).toEqual({
      type: 'runFailed',
      failed: { id: 'r-9', flowId: 'voucherToJdy' },
    });
    expect(summarizeTrigger({ type: 'runFailed' })).toEqual({ type: 'runFailed' });
  });

  it('takes a trigger without a type (a manual run input) as manual', () => {
    expect(summarizeTrigger({ amount: 3 })).toEqual({ type: 'manual' });
    expect(summarizeTrigger(null)).toEqual({ type: 'manual' });
  });

  it('recognises a form-fired run by its formId and event, even when a field is called type', () => {
    const record = { id: 'r1', formId: 'voucher', event: 'created', createdAt: 1, lines: [], type: '记' };
    expect(summarizeTrigger(record)).toEqual({ type: 'form' });
    expect(summarizeTrigger({ formId: 'voucher', amount: 3 })).toEqual({ type: 'manual' });
  });
});
