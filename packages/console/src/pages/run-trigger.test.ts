import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../i18n/messages.ts';
import { KNOWN_TRIGGERS, summarizeTrigger } from './run-trigger.tsx';

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

  it('reads a retry of failed records with the keys it named, or of every failed record', () => {
    expect(summarizeTrigger({ type: 'retryFailed', keys: ['a', 'b'] })).toEqual({
      type: 'retryFailed',
      items: 2,
    });
    expect(summarizeTrigger({ type: 'retryFailed', keys: null })).toEqual({ type: 'retryFailed' });
  });

  it('has a label in both languages for every trigger type the server stores', () => {
    for (const type of KNOWN_TRIGGERS) {
      expect(MESSAGES.zh, type).toHaveProperty([`trigger.${type}`]);
      expect(MESSAGES.en, type).toHaveProperty([`trigger.${type}`]);
    }
    expect([...KNOWN_TRIGGERS]).toContain('retryFailed');
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
