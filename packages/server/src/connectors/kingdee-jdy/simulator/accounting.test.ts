import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { DEFAULT_JDY_CREDENTIALS as CRED, createJdySimulator } from './create-jdy-simulator.ts';
import { connectJdyClient, JdyTestClient } from './test-client.ts';

const SAVE = '/jdyaccouting/voucher';
const LIST = '/jdyaccouting/voucherlist';

function voucher(linkId: string, amount: number | string = 1280.5, extra: JsonObject = {}): JsonObject {
  return {
    linkId,
    date: '2026-03-05',
    yearPeriod: 202603,
    entries: [
      { acctNo: '6602.02', dc: 1, amount, exp: '张伟报销差旅费', deptNo: 'BM000001' },
      { acctNo: '1002', dc: -1, amount, exp: '张伟报销差旅费' },
    ],
    ...extra,
  };
}

const t = useSimulator(
  () => createJdySimulator({ instances: 120, anchorPeriod: 202603, tokenCallsPerMinute: 0 }),
  connectJdyClient,
);

describe('jdy simulator family-a voucher save', () => {
  it('saves a batch and numbers vouchers per period and group', async () => {
    const seededInMarch = t.sim.state.vouchers.seeded.countIn(202603);
    expect(seededInMarch).toBe(10);
    const r = await t.client.acct(SAVE, [
      voucher('A-1'),
      voucher('A-2', 10, { groupName: '付' }),
      voucher('A-3'),
    ]);
    expect(r.status).toBe(200);
    expect(r.json.code).toBe(0);
    expect(r.json.list.map((i: { code: number }) => i.code)).toEqual([0, 0, 0]);
    const saved = r.json.list.map((i: { vchId: string }) => t.sim.state.vouchers.get(i.vchId));
    expect(
      saved.map((v: { groupName: string; vchNumber: number }) => `${v.groupName}-${v.vchNumber}`),
    ).toEqual([`记-${seededInMarch + 1}`, '付-1', `记-${seededInMarch + 2}`]);
    expect(saved[0].entries[0]).toMatchObject({
      acctNo: '6602.02',
      amount: '1280.50',
      aux: { deptNo: 'BM000001' },
    });
    const state = (await (await fetch(`${t.url}/__sim/state`)).json()) as { createdVouchers: number };
    expect(state.createdVouchers).toBe(3);
  });

  it('checks the balance with exact decimals', async () => {
    const exact = {
      ...voucher('D-1'),
      entries: [
        { acctNo: '6602.01', dc: 1, amount: 0.1, exp: '办公费' },
        { acctNo: '6602.04', dc: 1, amount: 0.2, exp: '通讯费' },
        { acctNo: '1001', dc: -1, amount: 0.3, exp: '现金支付' },
      ],
    };
    const off = {
      ...voucher('D-2'),
      entries: [
        { acctNo: '6602.01', dc: 1, amount: '100.00', exp: '办公费' },
        { acctNo: '1001', dc: -1, amount: '99.99', exp: '现金支付' },
      ],
    };
    const r = await t.client.acct(SAVE, [exact, off]);
    expect(r.json.list[0].code).toBe(0);
    expect(r.json.list[1]).toEqual({
      code: 46001,
      msg: '借贷不平衡：借方合计100.00，贷方合计99.99',
      vchId: '',
    });
  });

  it('rejects unknown and non-leaf accounts per item while saving the rest', async () => {
    const unknown = {
      ...voucher('E-1'),
      entries: [
        { acctNo: '9999', dc: 1, amount: 1, exp: 'x' },
        { acctNo: '1002', dc: -1, amount: 1, exp: 'x' },
      ],
    };
    const parent = {
      ...voucher('E-2'),
      entries: [
        { acctNo: '6602', dc: 1, amount: 1, exp: 'x' },
        { acctNo: '1002', dc: -1, amount: 1, exp: 'x' },
      ],
    };
    const r = await t.client.acct(SAVE, [unknown, voucher('E-3'), parent]);
    expect(r.json.code).toBe(0);
    expect(r.json.list[0].code).toBe(46001);
    expect(r.json.list[0].msg).toContain('科目[9999]不存在');
    expect(r.json.list[1].code).toBe(0);
    expect(r.json.list[2].code).toBe(46001);
    expect(r.json.list[2].msg).toContain('[6602 管理费用]不是末级科目');
    expect(t.sim.state.vouchers.createdCount).toBe(1);
  });

  it('rejects a duplicate linkid from an earlier call, the same batch or the seeded book', async () => {
    await t.client.acct(SAVE, [voucher('L-1')]);
    const r = await t.client.acct(SAVE, [voucher('L-1'), voucher('L-2'), voucher('L-2'), voucher('seed-3')]);
    const codes = r.json.list.map((i: { code: number }) => i.code);
    expect(codes).toEqual([46001, 0, 46001, 46001]);
    expect(r.json.list[0].msg).toMatch(/^linkId\[L-1\]已存在/);
    expect(r.json.list[3].msg).toContain('seed-3');
  });

  it('rejects bad fields, a taken number and a period that does not match the date', async () => {
    const r = await t.client.acct(SAVE, [
      voucher('F-1', 5, { yearPeriod: 202602 }),
      voucher('F-2', 5, { vchNumber: 3 }),
      voucher('F-3', 5, { groupName: '银' }),
      { ...voucher('F-4'), entries: [{ acctNo: '6602.01', dc: 2, amount: 1.234, exp: '' }] },
      voucher('F-5', 5, { date: '2026-02-30' }),
      { linkId: 'F-6', date: '2026-03-01', entries: [] },
      'not a voucher',
    ]);
    const msgs: string[] = r.json.list.map((i: { msg: string }) => i.msg);
    expect(r.json.list.every((i: { code: number }) => i.code === 46001)).toBe(true);
    expect(msgs[0]).toContain('会计期间yearPeriod[202602]与凭证日期[2026-03-05]不一致');
    expect(msgs[1]).toContain('凭证号[记-3]在期间202603已存在');
    expect(msgs[2]).toContain('凭证字[银]不存在');
    expect(msgs[3]).toContain('借贷方向dc');
    expect(msgs[3]).toContain('最多两位小数');
    expect(msgs[3]).toContain('摘要exp不能为空');
    expect(msgs[4]).toContain('凭证日期date');
    expect(msgs[5]).toContain('entries不能为空');
    expect(msgs[6]).toContain('JSON对象');
  });

  it('answers 46004 above 200 vouchers, 46003 for none and 46001 for a non-array body', async () => {
    const big = Array.from({ length: 201 }, (_, i) => voucher(`B-${i}`));
    const r = await t.client.acct(SAVE, big);
    expect(r.json.code).toBe(46004);
    expect(r.json.list).toBeUndefined();
    expect(t.sim.state.vouchers.createdCount).toBe(0);
    const ok = await t.client.acct(SAVE, big.slice(0, 200));
    expect(ok.json.list).toHaveLength(200);
    expect((await t.client.acct(SAVE, [])).json.code).toBe(46003);
    expect((await t.client.acct(SAVE, voucher('X'))).json.code).toBe(46001);
  });
});

describe('jdy simulator family-a request checks', () => {
  it('validates sid and dbid with the 4202x and 4203x codes', async () => {
    const code = async (query: Record<string, string>) =>
      (await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603' }, { query })).json;
    expect((await code({ sId: '' })).code).toBe(42030);
    expect((await code({ sId: 'abc' })).code).toBe(42031);
    expect((await code({ sId: '999' })).code).toBe(42032);
    const swapped = await code({ sId: CRED.accountId, dbId: CRED.serviceId });
    expect(swapped.code).toBe(42032);
    expect(swapped.msg).toContain('填反');
    expect((await code({ dbId: '' })).code).toBe(42020);
    expect((await code({ dbId: '12x' })).code).toBe(42021);
    expect((await code({ dbId: '999' })).code).toBe(42022);
  });

  it('answers 4010 for a missing or unknown access token', async () => {
    expect((await t.client.acct(LIST, {}, { query: { access_token: '' } })).json.code).toBe(4010);
    expect((await t.client.acct(LIST, {}, { query: { access_token: 'f'.repeat(32) } })).json.code).toBe(4010);
  });

  it('needs the router header: missing gives 404, another data centre 519', async () => {
    const missing = await t.client.acct(LIST, {}, { router: null });
    expect(missing.status).toBe(404);
    expect(missing.json.description).toBe('No Route');
    const other = await t.client.acct(LIST, {}, { router: 'https://vip1-hz.jdy.com' });
    expect(other.status).toBe(519);
    const bare = await t.client.acct(
      LIST,
      { fromPeriod: '202603', toPeriod: '202603' },
      { router: 'tf.jdy.com/' },
    );
    expect(bare.json.code).toBe(0);
  });

  it('accepts family-a calls with or without a signature but verifies one that is sent', async () => {
    const body = { fromPeriod: '202603', toPeriod: '202603' };
    expect((await t.client.acct(LIST, body, { sign: true })).json.code).toBe(0);
    const bad = await t.client.acct(LIST, body, { sign: true, headers: { 'X-Api-Signature': 'bad' } });
    expect(bad.status).toBe(519);
    const strict = createJdySimulator({ strictSignature: true, tokenCallsPerMinute: 0 });
    const s = await strict.start();
    try {
      const c = new JdyTestClient(s.url, CRED);
      await c.token();
      expect((await c.acct(LIST, body)).status).toBe(519);
      expect((await c.acct(LIST, body, { sign: true })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('answers 48002 for an unsupported method and 404 for an unknown path', async () => {
    expect((await t.client.acct(SAVE, undefined, { method: 'PUT' })).json.code).toBe(48002);
    expect((await t.client.acct('/jdyaccouting/nothing', {})).status).toBe(404);
  });

  it('limits business calls per account book when configured', async () => {
    const limited = createJdySimulator({ callsPerMinute: 2, tokenCallsPerMinute: 0 });
    const s = await limited.start();
    try {
      const c = new JdyTestClient(s.url, CRED);
      await c.token();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await c.acct('/jdyaccouting/account')).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await s.close();
    }
  });
});

describe('jdy simulator family-a queries', () => {
  it('pages the voucher list with records, totalpages and totalsize', async () => {
    const all = t.sim.state.vouchers.seeded.countIn(202602) + t.sim.state.vouchers.seeded.countIn(202603);
    const first = await t.client.acct(LIST, {
      fromPeriod: '202602',
      toPeriod: '202603',
      page: 1,
      pageSize: 7,
    });
    expect(first.json).toMatchObject({
      code: 0,
      records: all,
      totalsize: 7,
      totalPages: Math.ceil(all / 7),
      page: 1,
    });
    const last = await t.client.acct(LIST, {
      filter: { fromPeriod: '202602', toPeriod: '202603', page: Math.ceil(all / 7), pageSize: 7 },
    });
    expect(last.json.totalsize).toBe(all % 7 || 7);
    const ids = new Set<string>();
    for (let page = 1; page <= Math.ceil(all / 7); page++) {
      const r = await t.client.acct(LIST, { fromPeriod: '202602', toPeriod: '202603', page, pageSize: 7 });
      for (const item of r.json.items) ids.add(item.vchId);
    }
    expect(ids.size).toBe(all);
  });

  it('finds a saved voucher by linkid and vchid with its entries', async () => {
    const saved = await t.client.acct(SAVE, [voucher('Q-1', '88.80')]);
    const vchId = saved.json.list[0].vchId;
    const byLink = await t.client.acct(LIST, { fromPeriod: '202601', toPeriod: '202612', linkId: 'Q-1' });
    expect(byLink.json.records).toBe(1);
    expect(byLink.json.items[0]).toMatchObject({ vchId, debitTotal: 88.8, creditTotal: 88.8 });
    expect(byLink.json.items[0].entries[0]).toMatchObject({
      acctNo: '6602.02',
      acctName: '管理费用_差旅费',
      dc: 1,
      amount: 88.8,
    });
    const byId = await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603', vchId });
    expect(byId.json.items[0].linkId).toBe('Q-1');
  });

  it('signals no data with 46002 and requires the period range', async () => {
    const none = await t.client.acct(LIST, { fromPeriod: '202001', toPeriod: '202012' });
    expect(none.json).toEqual({ code: 46002, msg: '没有查询到数据' });
    expect(
      (await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603', linkId: 'nope' })).json.code,
    ).toBe(46002);
    expect((await t.client.acct(LIST, { toPeriod: '202603' })).json.code).toBe(46001);
  });

  it('filters by voucher group, number range and status', async () => {
    await t.client.acct(SAVE, [
      voucher('G-1', 1, { groupName: '收' }),
      voucher('G-2', 2, { groupName: '收' }),
    ]);
    const group = await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603', vchGroup: '收' });
    expect(group.json.records).toBe(2);
    const range = await t.client.acct(LIST, {
      fromPeriod: '202603',
      toPeriod: '202603',
      vchGroup: '记',
      vchNum: '2-4',
    });
    expect(range.json.items.map((i: { vchNumber: number }) => i.vchNumber)).toEqual([2, 3, 4]);
    const unaudited = await t.client.acct(LIST, {
      fromPeriod: '202603',
      toPeriod: '202603',
      status: 0,
      pageSize: 500,
    });
    expect(unaudited.json.items.every((i: { status: number }) => i.status === 0)).toBe(true);
  });

  it('returns the seeded chart of accounts', async () => {
    const r = await t.client.acct('/jdyaccouting/account');
    const byNumber = new Map(r.json.items.map((a: { number: string }) => [a.number, a]));
    expect(byNumber.get('1001')).toMatchObject({ name: '库存现金', isLeaf: true });
    expect(byNumber.get('6602')).toMatchObject({ name: '管理费用', isLeaf: false });
    expect(byNumber.get('6602.02')).toMatchObject({
      name: '差旅费',
      fullName: '管理费用_差旅费',
      parentNumber: '6602',
      isLeaf: true,
    });
    for (const n of ['1002', '1122', '2202', '2241', '6601', '6602.01']) expect(byNumber.has(n)).toBe(true);
  });
});
