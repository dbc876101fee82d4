import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { jdyAppSignature } from '../signature.ts';
import { DEFAULT_JDY_CREDENTIALS as CRED, createJdySimulator } from './create-jdy-simulator.ts';
import { JdyTestClient } from './test-client.ts';

const START = Date.parse('2026-03-15T02:00:00Z');
let clock = START;
const TOKEN_PATH = '/jdyconnector/app_management/kingdee_auth_token';
const listBody = { fromPeriod: '202603', toPeriod: '202603' };

const t = useSimulator(
  () => createJdySimulator({ instances: 24, anchorPeriod: 202603, now: () => clock, tokenTtlMs: 3_600_000 }),
  (url) => new JdyTestClient(url, CRED, () => clock),
  {
    beforeReset: () => {
      clock = START;
    },
  },
);

describe('jdy simulator authorization and tokens', () => {
  it('returns the customer authorization and exchanges it for tokens', async () => {
    const auth = await t.client.authorize();
    expect(auth.errcode).toBe(0);
    expect(auth.data[0]).toMatchObject({
      appKey: CRED.appKey,
      accountId: CRED.accountId,
      serviceId: CRED.serviceId,
      domain: CRED.domain,
      status: 1,
    });
    const token = await t.client.token();
    expect(token.errcode).toBe(0);
    expect(token.data['app-token']).toMatch(/^eyJ/);
    expect(token.data.access_token).toMatch(/^[0-9a-f]{32}$/);
    expect(token.data.expires).toBe(START + 3_600_000);
    const list = await t.client.acct('/jdyaccouting/voucherlist', listBody);
    expect(list.json.code).toBe(0);
  });

  it('rejects an unknown authorization instance', async () => {
    const r = await t.client.call('/jdyconnector/app_management/push_app_authorize', {
      method: 'POST',
      params: { outerInstanceId: '1' },
      router: null,
    });
    expect(r.json.errcode).not.toBe(0);
    expect(r.json.description).toContain('授权实例');
  });

  it('rejects an app_signature made with the wrong secret', async () => {
    const r = await t.client.call(TOKEN_PATH, {
      params: { app_key: CRED.appKey, app_signature: jdyAppSignature(CRED.appKey, 'wrong') },
      router: null,
    });
    expect(r.json).toEqual({ errcode: 1030002006, description: '授权密钥校验失败，请获取最新密钥加密' });
  });

  it('expires tokens after their ttl and on the expire-now hook', async () => {
    await t.client.token();
    clock = START + 3_600_001;
    const late = await t.client.acct('/jdyaccouting/voucherlist', listBody);
    expect(late.json.code).toBe(4010);
    clock = START + 120_000;
    await t.client.token();
    expect((await t.client.acct('/jdyaccouting/voucherlist', listBody)).json.code).toBe(0);
    const expired = (await (await fetch(`${t.url}/__sim/tokens/expire`, { method: 'POST' })).json()) as {
      expired: number;
    };
    expect(expired.expired).toBe(2);
    expect((await t.client.acct('/jdyaccouting/voucherlist', listBody)).json.code).toBe(4010);
    expect((await t.client.v2('/jdy/v2/fi/voucher')).json.errcode).toBe(1030002001);
  });

  it('fails old tokens and signatures with 1030002006 after the appsecret rotates until re-authorized', async () => {
    await t.client.authorize();
    await t.client.token();
    const rotated = t.sim.rotateAppSecret();
    expect(rotated).not.toBe(CRED.appSecret);
    const a = await t.client.acct('/jdyaccouting/voucherlist', listBody);
    expect(a.json).toEqual({ code: 1030002006, msg: '授权密钥校验失败，请获取最新密钥加密' });
    const b = await t.client.v2('/jdy/v2/fi/voucher');
    expect(b.json.errcode).toBe(1030002006);
    clock += 61_000;
    expect((await t.client.token()).errcode).toBe(1030002006);
    await t.client.authorize();
    expect(t.client.appSecret).toBe(rotated);
    expect((await t.client.token()).errcode).toBe(0);
    expect((await t.client.acct('/jdyaccouting/voucherlist', listBody)).json.code).toBe(0);
  });

  it('limits token exchange to two calls a minute', async () => {
    expect((await t.client.token()).errcode).toBe(0);
    expect((await t.client.token()).errcode).toBe(0);
    const third = await t.client.token();
    expect(third.errcode).toBe(1030002011);
    expect(third.description).toContain('每分钟最多2次');
    clock += 60_001;
    expect((await t.client.token()).errcode).toBe(0);
  });

  it('lifts the token-exchange limit when configured with 0', async () => {
    const open = createJdySimulator({ tokenCallsPerMinute: 0 });
    const s = await open.start();
    try {
      const c = new JdyTestClient(s.url, CRED);
      for (let i = 0; i < 5; i++) expect((await c.token()).errcode).toBe(0);
    } finally {
      await s.close();
    }
  });
});

describe('jdy simulator gateway signature', () => {
  it('answers 519 for a bad signature, an old timestamp, a missing header or a wrong client id', async () => {
    const params = { app_key: CRED.appKey, app_signature: jdyAppSignature(CRED.appKey, CRED.appSecret) };
    const tampered = await t.client.call(TOKEN_PATH, {
      params,
      router: null,
      headers: { 'X-Api-Signature': 'AAAA' },
    });
    expect(tampered.status).toBe(519);
    expect(tampered.json.description).toContain('X-Api-Signature');
    const old = await t.client.call(TOKEN_PATH, { params, router: null, timestamp: String(START - 301_000) });
    expect(old.status).toBe(519);
    expect(old.json.description).toContain('X-Api-TimeStamp');
    const seconds = await t.client.call(TOKEN_PATH, {
      params,
      router: null,
      timestamp: String(Math.floor(START / 1000)),
    });
    expect(seconds.status).toBe(519);
    const unsigned = await t.client.call(TOKEN_PATH, { params, router: null, sign: false });
    expect(unsigned.status).toBe(519);
    const wrongId = await t.client.call(TOKEN_PATH, {
      params,
      router: null,
      headers: { 'X-Api-ClientID': 'other' },
    });
    expect(wrongId.status).toBe(519);
    const fresh = await t.client.call(TOKEN_PATH, {
      params,
      router: null,
      timestamp: String(START - 299_000),
    });
    expect(fresh.status).toBe(200);
    expect(fresh.json.errcode).toBe(0);
  });

  it('signs the query parameters, not the ones in the url', async () => {
    const signed = t.client.call(TOKEN_PATH, {
      params: { app_key: CRED.appKey, app_signature: 'x' },
      router: null,
    });
    expect((await signed).status).toBe(200);
    const res = await fetch(`${t.url}${TOKEN_PATH}?app_key=${CRED.appKey}&app_signature=y`, {
      headers: (await import('../signature.ts')).signJdyRequest({
        clientId: CRED.clientId,
        clientSecret: CRED.clientSecret,
        method: 'GET',
        path: TOKEN_PATH,
        params: { app_key: CRED.appKey, app_signature: 'x' },
        timestamp: String(clock),
      }),
    });
    expect(res.status).toBe(519);
  });
});
