import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { createJdySimulator } from './create-jdy-simulator.ts';
import { connectJdyClient } from './test-client.ts';

const VOUCHER = '/jdy/v2/fi/voucher';

const t = useSimulator(
  () => createJdySimulator({ instances: 1200, anchorPeriod: '2026-03', tokenCallsPerMinute: 0 }),
  connectJdyClient,
);

describe('jdy simulator v2 vouchers', () => {
  it('caps page_size at 100 silently while total_page uses the requested size', async () => {
    const count = [202601, 202602, 202603].reduce((n, p) => n + t.sim.state.vouchers.seeded.countIn(p), 0);
    expect(count).toBe(300);
    const big = await t.client.v2(VOUCHER, {
      params: { start_period: '2026-01', end_period: '202603', page_size: '500' },
    });
    expect(big.json.errcode).toBe(0);
    expect(big.json.data).toMatchObject({ count, total_page: 1, page: 1 });
    expect(big.json.data.rows).toHaveLength(100);
    const page3 = await t.client.v2(VOUCHER, {
      params: { start_period: '2026-01', end_period: '2026-03', page_size: '100', page: '3' },
    });
    expect(page3.json.data).toMatchObject({ count, total_page: 3 });
    expect(page3.json.data.rows[99].voucher_no).toBe(`记-${t.sim.state.vouchers.seeded.countIn(202603)}`);
  });

  it('saves vouchers and reads them back in detail', async () => {
    const body: JsonObject = {
      items: [
        {
          date: '2026-03-09',
          group_number: '记',
          remark: '差旅报销',
          source_bill_no: 'BX-0009',
          entry_list: [
            {
              explanation: '报销差旅费',
              account_number: '6602.02',
              debit_amount: 300.25,
              assist: [{ type: 'bd_department', number: 'BM000002' }],
            },
            {
              explanation: '报销差旅费',
              account_id: t.sim.state.accounts.find('1002')?.id ?? '',
              credit_amount: '300.25',
            },
          ],
        },
      ],
    };
    const saved = await t.client.v2(VOUCHER, { method: 'POST', body });
    expect(saved.json.errcode).toBe(0);
    const [id] = saved.json.data.ids;
    const detail = await t.client.v2('/jdy/v2/fi/voucher_detail', { params: { id } });
    expect(detail.json.data).toMatchObject({
      id,
      period: '2026-03',
      debit_total: 300.25,
      credit_total: 300.25,
      source_bill_no: 'BX-0009',
    });
    expect(detail.json.data.entry_list[0]).toMatchObject({
      account_number: '6602.02',
      debit_amount: 300.25,
      assist: [{ type: 'bd_department', number: 'BM000002' }],
    });
    expect(detail.json.data.entry_list[1]).toMatchObject({ account_number: '1002', credit_amount: 300.25 });
    const byNumber = await t.client.v2('/jdy/v2/fi/voucher_detail', {
      params: { number: detail.json.data.voucher_no, period: '2026-03' },
    });
    expect(byNumber.json.data.id).toBe(id);
  });

  it('rejects an invalid batch as a whole with a business error', async () => {
    const good: JsonObject = {
      date: '2026-03-09',
      entry_list: [
        { explanation: 'a', account_number: '1001', debit_amount: 1 },
        { account_number: '1002', credit_amount: 1 },
      ],
    };
    const bad: JsonObject = {
      date: '2026-03-09',
      entry_list: [
        { explanation: 'a', account_number: '1001', debit_amount: 1 },
        { account_number: '1002', credit_amount: 2 },
      ],
    };
    const r = await t.client.v2(VOUCHER, { method: 'POST', body: { items: [good, bad] } });
    expect(r.json.errcode).toBe(10201);
    expect(r.json.description).toContain('第2张凭证：借贷不平衡');
    expect(t.sim.state.vouchers.createdCount).toBe(0);
    const missing = await t.client.v2('/jdy/v2/fi/voucher_detail', { params: { id: '1' } });
    expect(missing.json.errcode).toBe(10201);
  });

  it('requires the signature, the app-token and the router header', async () => {
    expect((await t.client.v2(VOUCHER, { sign: false })).status).toBe(519);
    expect((await t.client.v2(VOUCHER, { router: null })).status).toBe(404);
    const noToken = await t.client.v2(VOUCHER, { headers: { 'app-token': 'eyJnope' } });
    expect(noToken.json.errcode).toBe(1030002001);
    expect((await t.client.v2('/jdy/v2/fi/account')).json.data.count).toBe(t.sim.state.accounts.list.length);
  });
});
