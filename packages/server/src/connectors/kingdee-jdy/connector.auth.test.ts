import { afterEach, describe, expect, it } from 'vitest';
import { isJsonObject } from '../../json.ts';
import { failure } from '../kit/testing/failure.ts';
import { DEFAULT_JDY_CREDENTIALS as CRED } from './simulator/create-jdy-simulator.ts';
import { type JdyHarness, startJdyHarness, voucher } from './test-harness.ts';

let h: JdyHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const accounts = (connection = 'jdy') =>
  h?.gateway.call({ connection, operation: 'listAccounts', input: {} }, h.observe);

describe('kingdee-jdy auth', () => {
  it('pulls the authorization and exchanges once for concurrent calls, signing every request', async () => {
    h = await startJdyHarness({ sim: { strictSignature: true } });
    const results = await Promise.all(Array.from({ length: 6 }, () => accounts()));
    for (const r of results) expect(Array.isArray(r) && r.length > 10).toBe(true);
    expect(h.callsOf('auth.authorize')).toBe(1);
    expect(h.callsOf('auth.token')).toBe(1);
    expect(h.callsOf('acct.account')).toBe(6);
    for (const e of h.exchanges) expect(Object.keys(e.request.headers)).toContain('X-Api-Signature');
    const business = h.exchanges.filter((e) => e.request.url.includes('/jdyaccouting/'));
    expect(business).toHaveLength(6);
    for (const e of business) expect(e.request.headers['X-GW-Router-Addr']).toBe(CRED.domain);
    // sId/dbId came from the authorization (the connection has none); the token is redacted in records.
    expect(business[0]?.request.url).toContain(`sId=${CRED.serviceId}`);
    expect(business[0]?.request.url).toContain(`dbId=${CRED.accountId}`);
    expect(business[0]?.request.url).not.toMatch(/access_token=[0-9a-f]{32}/);
  });

  it('reuses the cached token across sequential calls', async () => {
    h = await startJdyHarness();
    for (let i = 0; i < 4; i++) await accounts();
    expect(h.sim.inspect().tokensIssued).toBe(1);
  });

  it('getAccessToken hands out the cached token that the next step can pass to saveVoucher (seed 000)', async () => {
    h = await startJdyHarness();
    const token = await h.gateway.call({ connection: 'jdy', operation: 'getAccessToken', input: {} });
    if (!isJsonObject(token)) throw new Error('no output');
    expect(token).toMatchObject({ sId: CRED.serviceId, dbId: CRED.accountId, domain: CRED.domain });
    expect(token.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(String(token.app_token)).toMatch(/^eyJ/);
    expect(Number(token.expires)).toBeGreaterThan(Date.now());
    const saved = await h.gateway.call({
      connection: 'jdy',
      operation: 'saveVoucher',
      input: {
        access_token: token.access_token ?? null,
        sId: token.sId ?? null,
        dbId: token.dbId ?? null,
        voucher: voucher('seed000-1'),
      },
    });
    expect(saved).toMatchObject({ linkId: 'seed000-1' });
    expect(h.sim.inspect().tokensIssued).toBe(1);
    expect(h.sim.inspect().createdVouchers).toBe(1);
  });

  it('refreshes transparently when the tokens expire mid-run', async () => {
    h = await startJdyHarness();
    await accounts();
    expect(h.sim.expireTokens()).toBe(1);
    const after = await accounts();
    expect(Array.isArray(after)).toBe(true);
    expect(h.sim.inspect().tokensIssued).toBe(2);
    const codes = h.exchanges.map((e) => (isJsonObject(e.response?.body) ? e.response.body.code : undefined));
    expect(codes).toContain(4010);
  });

  it('replaces a stale access_token from the input after the refresh', async () => {
    h = await startJdyHarness();
    const old = await h.gateway.call({ connection: 'jdy', operation: 'getAccessToken', input: {} });
    h.sim.expireTokens();
    const stale = isJsonObject(old) ? (old.access_token ?? null) : null;
    const saved = await h.gateway.call({
      connection: 'jdy',
      operation: 'saveVoucher',
      input: { access_token: stale, voucher: voucher('stale-1') },
    });
    expect(saved).toMatchObject({ linkId: 'stale-1' });
    expect(h.sim.inspect().createdVouchers).toBe(1);
  });

  it('recovers from a rotated appSecret by re-pulling the authorization and exchanging once', async () => {
    h = await startJdyHarness();
    await accounts();
    h.sim.rotateAppSecret();
    await accounts();
    expect(h.callsOf('auth.authorize')).toBe(2);
    expect(h.callsOf('auth.token')).toBe(2);
    const codes = h.exchanges.map((e) => (isJsonObject(e.response?.body) ? e.response.body.code : undefined));
    expect(codes).toContain(1030002006);
    const v2 = await h.gateway.call({ connection: 'jdy', operation: 'listVouchersV2', input: {} });
    expect(Array.isArray(v2) && v2.length > 0).toBe(true);
  });

  it('refreshes an expired app-token on the v2 family too', async () => {
    h = await startJdyHarness();
    await h.gateway.call({ connection: 'jdy', operation: 'listVouchersV2', input: {} });
    h.sim.expireTokens();
    await h.gateway.call({ connection: 'jdy', operation: 'listVouchersV2', input: {} });
    expect(h.sim.inspect().tokensIssued).toBe(2);
  });

  it('reports a token exchange over its limit as rate-limited with a wait', async () => {
    h = await startJdyHarness({ sim: { tokenCallsPerMinute: 1 } });
    await accounts();
    h.sim.expireTokens();
    const error = await failure(accounts() as Promise<unknown>);
    expect(error.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.system).toMatchObject({ errcode: 1030002011 });
  });

  it('fails a bad client secret once as auth-failed (519), without retrying', async () => {
    h = await startJdyHarness();
    const error = await failure(accounts('jdy-bad-secret') as Promise<unknown>);
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ status: 519, errcode: 519 });
    expect(h.callsOf('auth.authorize')).toBe(1);
  });

  it('fails an unknown authorization instance as auth-failed', async () => {
    h = await startJdyHarness();
    const error = await failure(accounts('jdy-bad-instance') as Promise<unknown>);
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.message).toContain('授权实例');
  });

  it('reports a wrong data centre (X-GW-Router-Addr) as a configuration error', async () => {
    h = await startJdyHarness();
    const error = await failure(accounts('jdy-wrong-domain') as Promise<unknown>);
    expect(error.code).toBe('CONNECTOR_REJECTED');
    expect(error.message).toContain('API Not Found');
  });

  it('rejects a wrong sId with the system code and message', async () => {
    h = await startJdyHarness();
    const error = await failure(
      h.gateway.call({ connection: 'jdy', operation: 'listAccounts', input: { sId: CRED.accountId } }),
    );
    expect(error.code).toBe('CONNECTOR_REJECTED');
    expect(error.system).toMatchObject({ code: 42032 });
    expect(error.message).toContain('sId与dbId是否填反了');
  });
});
