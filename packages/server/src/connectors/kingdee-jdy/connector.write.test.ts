import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../json.ts';
import { failure } from '../kit/testing/failure.ts';
import { type JdyHarness, startJdyHarness, voucher } from './test-harness.ts';

let h: JdyHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const createdLinkIds = (harness: JdyHarness) =>
  (harness.sim.inspect().vouchers as JsonObject[]).map((v) => v.linkId);

describe('kingdee-jdy writes', () => {
  it('saves a batch with partial success, keeping the system messages per voucher', async () => {
    h = await startJdyHarness();
    const unbalanced = voucher('w-2', 100, {
      entries: [
        { exp: '报销', acctNo: '6602.02', dc: 1, amount: 100 },
        { exp: '报销', acctNo: '1002', dc: -1, amount: 90 },
      ],
    });
    const records = [voucher('w-1'), unbalanced, voucher('seed-1'), voucher('w-4', 10, { entries: [] })];
    const results = await h.gateway.writeBatch({
      connection: 'jdy',
      operation: 'saveVouchers',
      input: {},
      records,
    });
    expect(results.map((r) => [r.index, r.ok, r.error?.code])).toEqual([
      [0, true, undefined],
      [1, false, 'CONNECTOR_REJECTED'],
      [2, false, 'CONNECTOR_DUPLICATE'],
      [3, false, 'CONNECTOR_REJECTED'],
    ]);
    expect(results[0]?.targetId).toMatch(/^\d+$/);
    expect(results[1]?.error?.message).toContain('借贷不平衡');
    expect(results[1]?.error?.system).toMatchObject({ code: 46001, linkId: 'w-2' });
    expect(results[2]?.error?.message).toContain('linkId[seed-1]已存在');
    expect(createdLinkIds(h)).toEqual(['w-1']);
  });

  it('splits more than 200 vouchers into saves of at most 200', async () => {
    h = await startJdyHarness();
    const records = Array.from({ length: 230 }, (_, i) => voucher(`bulk-${i}`, i + 1));
    const results = await h.gateway.writeBatch({
      connection: 'jdy',
      operation: 'saveVouchers',
      input: {},
      records,
    });
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.index)).toEqual(records.map((_, i) => i));
    expect(new Set(results.map((r) => r.targetId)).size).toBe(230);
    expect(h.callsOf('acct.voucher.save')).toBe(2);
    expect(h.sim.inspect().createdVouchers).toBe(230);
  });

  it('turns a lost response into an uncertain write that findWritten resolves without a second voucher', async () => {
    h = await startJdyHarness();
    const record = voucher('lost-1');
    h.sim.faults.force('acct.voucher.save', 'lostResponse');
    const error = await failure(
      h.gateway.writeBatch({ connection: 'jdy', operation: 'saveVouchers', input: {}, records: [record] }),
    );
    expect(error.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const found = await h.gateway.findWritten?.({
      connection: 'jdy',
      operation: 'saveVouchers',
      input: {},
      record,
    });
    const created = h.sim.inspect().vouchers as JsonObject[];
    expect(created).toHaveLength(1);
    expect(found?.targetId).toBe(created[0]?.vchId);
    expect(found?.targetNumber).toBe(`记-${created[0]?.vchNumber}`);
    const absent = await h.gateway.findWritten?.({
      connection: 'jdy',
      operation: 'saveVouchers',
      input: {},
      record: voucher('never-sent'),
    });
    expect(absent).toBeNull();
    // Re-sending anyway is refused by the system as a duplicate, never a second voucher.
    const again = await failure(
      h.gateway.call({ connection: 'jdy', operation: 'saveVoucher', input: { voucher: record } }),
    );
    expect(again.code).toBe('CONNECTOR_DUPLICATE');
    expect(h.sim.inspect().createdVouchers).toBe(1);
  });

  it('saveVoucher loses its response the same way and findWritten takes its input', async () => {
    h = await startJdyHarness();
    h.sim.faults.force('acct.voucher.save', 'lostResponse');
    const input = { voucher: voucher('lost-2') };
    const error = await failure(h.gateway.call({ connection: 'jdy', operation: 'saveVoucher', input }));
    expect(error.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const found = await h.gateway.findWritten?.({
      connection: 'jdy',
      operation: 'saveVoucher',
      input,
      record: input,
    });
    expect(found?.targetId).toMatch(/^\d+$/);
  });

  it('saveVoucher returns the vchId, or throws the voucher error with the system message', async () => {
    h = await startJdyHarness();
    const saved = await h.gateway.call({
      connection: 'jdy',
      operation: 'saveVoucher',
      input: { voucher: voucher('one-1') },
    });
    expect(saved).toMatchObject({ linkId: 'one-1', vchId: expect.stringMatching(/^\d+$/) });
    const bad = voucher('one-2', 5, { entries: [{ exp: 'x', acctNo: '9999', dc: 1, amount: 5 }] });
    const error = await failure(
      h.gateway.call({ connection: 'jdy', operation: 'saveVoucher', input: { voucher: bad } }),
    );
    expect(error.code).toBe('CONNECTOR_REJECTED');
    expect(error.system).toMatchObject({ code: 46001 });
    expect(error.message).toContain('9999');
  });

  it('refuses findWritten for a voucher without linkId rather than guess', async () => {
    h = await startJdyHarness();
    const record = voucher('x', 1, { linkId: '' });
    const error = await failure(
      h.gateway.findWritten?.({ connection: 'jdy', operation: 'saveVouchers', input: {}, record }) ??
        Promise.resolve(),
    );
    expect(error.code).toBe('INPUT_INVALID');
  });

  it('classifies 5xx as operational and the per-book limit (429) as rate-limited', async () => {
    h = await startJdyHarness();
    h.sim.faults.force('acct.voucher.save', 'serverError');
    const input = { voucher: voucher('f-1') };
    const down = await failure(h.gateway.call({ connection: 'jdy', operation: 'saveVoucher', input }));
    expect([down.code, down.retryable]).toEqual(['CONNECTOR_UNAVAILABLE', true]);
    h.sim.faults.force('acct.voucher.save', 'rateLimit');
    const limited = await failure(h.gateway.call({ connection: 'jdy', operation: 'saveVoucher', input }));
    expect(limited.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(h.sim.inspect().createdVouchers).toBe(0);
  });

  it('saves a 星辰 v2 voucher and finds it again by source_bill_no', async () => {
    h = await startJdyHarness();
    const item: JsonObject = {
      date: '2026-03-05',
      group_number: '记',
      source_bill_no: 'v2-bill-1',
      entry_list: [
        { explanation: '办公用品', account_number: '6602.01', debit_amount: 300 },
        { explanation: '办公用品', account_number: '1001', credit_amount: 300 },
      ],
    };
    const saved = await h.gateway.call({
      connection: 'jdy',
      operation: 'saveVoucherV2',
      input: { voucher: item },
    });
    expect(saved).toMatchObject({ id: expect.stringMatching(/^\d+$/) });
    const found = await h.gateway.findWritten?.({
      connection: 'jdy',
      operation: 'saveVoucherV2',
      input: {},
      record: { voucher: item },
    });
    expect(found?.targetId).toBe((saved as JsonObject).id);
    const bad = {
      ...item,
      source_bill_no: 'v2-bill-2',
      entry_list: (item.entry_list as JsonValue[]).slice(0, 1),
    };
    const error = await failure(
      h.gateway.call({ connection: 'jdy', operation: 'saveVoucherV2', input: { voucher: bad } }),
    );
    expect(error.code).toBe('CONNECTOR_REJECTED');
    expect(error.system).toMatchObject({ errcode: 10201 });
  });
});
