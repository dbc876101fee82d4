import { describe, expect, it } from 'vitest';
import { isAdoptedNote, LEDGER_ORDERS, LEDGER_PAGE_SIZE, ledgerPath } from './sync-ledger-model.ts';

describe('ledger model', () => {
  it('lists newest first unless source-key order is chosen', () => {
    expect(LEDGER_ORDERS[0]).toBe('newest');
    expect(ledgerPath('/syncs/s1', { order: 'newest' })).toBe(
      `/syncs/s1/ledger?order=newest&limit=${LEDGER_PAGE_SIZE}`,
    );
  });
  it('keeps the filters and order when it asks for the page after a cursor', () => {
    const view = { status: 'failed', search: 'FKD 1', order: 'key' as const };
    expect(ledgerPath('/syncs/s1', view)).toBe(`/syncs/s1/ledger?status=failed&q=FKD+1&order=key&limit=200`);
    expect(ledgerPath('/syncs/s1', view, 'k/2')).toBe(
      '/syncs/s1/ledger?status=failed&q=FKD+1&order=key&limit=200&after=k%2F2',
    );
  });

  it('tells an adopted note (onDuplicate: adopt) from an error', () => {
    expect(isAdoptedNote({ code: 'CONNECTOR_DUPLICATE', message: 'm', details: { adopted: true } })).toBe(
      true,
    );
    expect(isAdoptedNote({ code: 'CONNECTOR_DUPLICATE', message: 'm' })).toBe(false);
    expect(isAdoptedNote({ details: { adopted: 'yes' } })).toBe(false);
    expect(isAdoptedNote(null)).toBe(false);
  });
});
