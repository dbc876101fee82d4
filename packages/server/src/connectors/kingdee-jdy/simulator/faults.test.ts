import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { DEFAULT_JDY_CREDENTIALS as CRED, createJdySimulator } from './create-jdy-simulator.ts';
import { describeJdySimulator } from './describe-jdy-simulator.ts';
import { connectJdyClient, type LooseJson } from './test-client.ts';

const SAVE = '/jdyaccouting/voucher';
const LIST = '/jdyaccouting/voucherlist';
const voucher = (linkId: string) => ({
  linkId,
  date: '2026-03-05',
  entries: [
    { acctNo: '6602.01', dc: 1, amount: 12, exp: '办公用品' },
    { acctNo: '1001', dc: -1, amount: 12, exp: '办公用品' },
  ],
});
const sim$ = (path: string, body?: unknown) =>
  fetch(
    `${t.url}/__sim${path}`,
    body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
  ).then((r) => r.json() as Promise<LooseJson>);

const t = useSimulator(
  () => createJdySimulator({ instances: 30, anchorPeriod: 202603, tokenCallsPerMinute: 0 }),
  connectJdyClient,
);

describe('jdy simulator faults and inspection', () => {
  it('creates the vouchers of a save whose response is lost', async () => {
    expect(
      (await sim$('/faults/force', { route: 'acct.voucher.save', kind: 'lostResponse' })).forced,
    ).toBeTruthy();
    await expect(t.client.acct(SAVE, [voucher('LOST-1')])).rejects.toThrow();
    const found = await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603', linkId: 'LOST-1' });
    expect(found.json.records).toBe(1);
    const retry = await t.client.acct(SAVE, [voucher('LOST-1')]);
    expect(retry.json.list[0].code).toBe(46001);
    expect(retry.json.list[0].msg).toContain('linkId[LOST-1]已存在');
    const state = await sim$('/state');
    expect(state.vouchers.map((v: { linkId: string }) => v.linkId)).toEqual(['LOST-1']);
    expect(state.faults.injected).toEqual({ 'acct.voucher.save:lostResponse': 1 });
    expect(state.calls['acct.voucher.save']).toBe(2);
  });

  it('injects configured server errors and token expiry by route', async () => {
    const set = await sim$('/faults', { 'acct.voucherlist': { serverError: 1 } });
    expect(set.spec).toEqual({ 'acct.voucherlist': { serverError: 1 } });
    expect((await t.client.acct(LIST, { fromPeriod: '202603', toPeriod: '202603' })).status).toBe(502);
    expect((await t.client.acct('/jdyaccouting/account')).status).toBe(200);
    t.sim.faults.configure({});
    t.sim.faults.force('v2.voucher.list', 'tokenExpiry');
    expect((await t.client.v2('/jdy/v2/fi/voucher')).json.errcode).toBe(1030002001);
    t.sim.faults.force('acct.account', 'tokenExpiry');
    expect((await t.client.acct('/jdyaccouting/account')).json.code).toBe(4010);
    t.sim.faults.force('acct.account', 'rateLimit');
    expect((await t.client.acct('/jdyaccouting/account')).status).toBe(429);
    expect((await sim$('/faults')).injected).toMatchObject({
      'acct.voucherlist:serverError': 1,
      'acct.account:rateLimit': 1,
    });
  });

  it('rejects a malformed fault spec and counts calls per route', async () => {
    const bad = await fetch(`${t.url}/__sim/faults`, {
      method: 'POST',
      body: '{"*": {"lostResponse": "x"}}',
    });
    expect(bad.status).toBe(400);
    await t.client.acct('/jdyaccouting/account');
    await t.client.acct('/jdyaccouting/account');
    expect(await sim$('/calls')).toEqual({ 'auth.token': 1, 'acct.account': 2 });
  });

  it('resets vouchers, tokens and the appsecret and rotates through the inspection api', async () => {
    await t.client.acct(SAVE, [voucher('R-1')]);
    const rotated = await sim$('/secret/rotate', {});
    expect(rotated.appSecret).toMatch(/^[0-9a-f]{32}$/);
    expect((await t.client.acct('/jdyaccouting/account')).json.code).toBe(1030002006);
    expect((await sim$('/reset', {})).reset).toBe(true);
    const state = await sim$('/state');
    expect(state).toMatchObject({
      createdVouchers: 0,
      secretGeneration: 0,
      appSecret: CRED.appSecret,
      tokensIssued: 0,
    });
    expect((await fetch(`${t.url}/__sim/vouchers/100001`)).status).toBe(200);
    expect((await fetch(`${t.url}/__sim/vouchers/1`)).status).toBe(404);
  });

  it('builds the same seeded book for the same seed and a different one for another', () => {
    const a = createJdySimulator({ seed: 7, instances: 50, anchorPeriod: 202603 });
    const b = createJdySimulator({ seed: 7, instances: 50, anchorPeriod: 202603 });
    const c = createJdySimulator({ seed: 8, instances: 50, anchorPeriod: 202603 });
    expect(a.state.vouchers.get('100010')).toEqual(b.state.vouchers.get('100010'));
    expect(a.state.vouchers.get('100010')).not.toEqual(c.state.vouchers.get('100010'));
  });

  it('holds 100,000 seeded vouchers and pages the last period quickly', () => {
    const started = performance.now();
    const big = createJdySimulator({ instances: 100_000, anchorPeriod: 202603 });
    const page = big.state.vouchers.list({ fromPeriod: 202501, toPeriod: 202612 }, 99_990, 20);
    expect(page.total).toBe(100_000);
    expect(page.items).toHaveLength(10);
    expect(page.items[9]?.vchId).toBe(String(100_000 + 100_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('describes address, credentials and routes for the cli', () => {
    const lines = describeJdySimulator(t.sim, t.url).join('\n');
    for (const part of [
      t.url,
      CRED.clientId,
      CRED.clientSecret,
      CRED.appKey,
      CRED.serviceId,
      CRED.accountId,
      CRED.domain,
      '/jdyaccouting/voucher',
      '/__sim/state',
    ])
      expect(lines).toContain(part);
  });
});
