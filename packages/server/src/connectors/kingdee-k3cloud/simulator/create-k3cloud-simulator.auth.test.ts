import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { loginBySignHash, signK3CloudRequest } from '../signature.ts';
import { DEFAULT_K3CLOUD_CREDENTIALS as CRED, createK3CloudSimulator } from './create-k3cloud-simulator.ts';
import { K3TestClient, k3Path } from './test-client.ts';

const QUERY = { FormId: 'AP_PAYBILL', FieldKeys: 'FID,FBillNo', StartRow: 0, Limit: 1 };
let clock = Date.UTC(2026, 2, 4, 2, 0, 0);

const t = useSimulator(() => createK3CloudSimulator({ sessionIdleMs: 60_000, now: () => clock }));

describe('k3cloud simulator auth', () => {
  it('logs in with validateuser and sets both cookies', async () => {
    const client = new K3TestClient(t.url);
    const { json, res } = await client.call('ValidateUser', {
      acctID: CRED.acctId,
      username: CRED.username,
      password: CRED.password,
      lcid: 2052,
    });
    expect(res.status).toBe(200);
    expect(json.LoginResultType).toBe(1);
    expect(json.IsSuccessByAPI).toBe(true);
    expect(json.Context.DBid).toBe(CRED.acctId);
    expect(client.cookie).toContain(`kdservice-sessionid=${json.KDSVCSessionId}`);
    expect(client.cookie).toContain('ASP.NET_SessionId=');
    const rows = await client.call('ExecuteBillQuery', { data: QUERY });
    expect(rows.json).toHaveLength(1);
  });

  it('rejects a wrong password with 0 and an unknown data centre with -1', async () => {
    const client = new K3TestClient(t.url);
    expect((await client.login(CRED.acctId, CRED.username, 'wrong')).LoginResultType).toBe(0);
    expect((await client.login('nope', CRED.username, CRED.password)).LoginResultType).toBe(-1);
    expect(client.cookie).toBe('');
  });

  it('accepts positional login parameters and the session id as a header', async () => {
    const client = new K3TestClient(t.url);
    const { json } = await client.call('ValidateUser', {
      parameters: [CRED.acctId, CRED.username, CRED.password, 2052],
    });
    expect(json.LoginResultType).toBe(1);
    const bare = new K3TestClient(t.url);
    const rows = await bare.call(
      'ExecuteBillQuery',
      { data: QUERY },
      { 'kdservice-sessionid': json.KDSVCSessionId },
    );
    expect(Array.isArray(rows.json[0]) && typeof rows.json[0][0]).toBe('number');
  });

  it('answers session lost (msgcode 1, http 200) without a login', async () => {
    const client = new K3TestClient(t.url);
    const { json, res } = await client.call('Save', { formid: 'AP_PAYBILL', data: { Model: {} } });
    expect(res.status).toBe(200);
    expect(json.Result.ResponseStatus).toMatchObject({
      IsSuccess: false,
      MsgCode: 1,
      Errors: [{ Message: '会话信息已丢失，请重新登录' }],
    });
    const nested = await client.call('ExecuteBillQuery', { data: QUERY });
    expect(nested.json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
  });

  it('loses an idle session after the configured time', async () => {
    const client = new K3TestClient(t.url);
    await client.login(CRED.acctId, CRED.username, CRED.password);
    clock += 59_000;
    expect(Array.isArray((await client.call('ExecuteBillQuery', { data: QUERY })).json[0])).toBe(true);
    clock += 61_000;
    const lost = await client.call('ExecuteBillQuery', { data: QUERY });
    expect(lost.json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
  });

  it('loses every session through the expire-now hook', async () => {
    const client = new K3TestClient(t.url);
    await client.login(CRED.acctId, CRED.username, CRED.password);
    const res = await fetch(`${t.url}/__sim/sessions/expire`, { method: 'POST' });
    expect(((await res.json()) as { expired: number }).expired).toBeGreaterThanOrEqual(1);
    const lost = await client.call('View', { formid: 'AP_PAYBILL', data: { Number: 'FKD00000001' } });
    expect(lost.json.Result.ResponseStatus.MsgCode).toBe(1);
  });

  it('accepts signed headers and rejects a bad signature or an old timestamp', async () => {
    const sign = (ts: number, secret = CRED.appSecret) =>
      signK3CloudRequest({
        ...CRED,
        appSecret: secret,
        path: k3Path('View'),
        timestamp: String(ts),
        nonce: String(ts),
      });
    const client = new K3TestClient(t.url);
    const body = { formid: 'AP_PAYBILL', data: { Number: 'FKD00000001' } };
    const ok = await client.call('View', body, sign(Math.floor(clock / 1000)));
    expect(ok.json.Result.ResponseStatus.IsSuccess).toBe(true);
    expect(ok.json.Result.Result.FBillNo).toBe('FKD00000001');
    const bad = await client.call('View', body, sign(Math.floor(clock / 1000), 'wrong-secret'));
    expect(bad.json.Result.ResponseStatus.MsgCode).toBe(1);
    const old = await client.call('View', body, sign(Math.floor(clock / 1000) - 13 * 60));
    expect(old.json.Result.ResponseStatus.Errors[0].Message).toBe('会话信息已丢失，请重新登录');
    const ms = await client.call('View', body, sign(clock));
    expect(ms.json.Result.ResponseStatus.IsSuccess).toBe(true);
  });

  it('logs in with loginbysign and loginbyappsecret', async () => {
    const ts = String(Math.floor(clock / 1000));
    const sign = loginBySignHash(CRED.acctId, CRED.username, CRED.appId, CRED.appSecret, ts);
    const client = new K3TestClient(t.url);
    const bySign = await client.call('LoginBySign', {
      parameters: [CRED.acctId, CRED.username, CRED.appId, ts, sign, 2052],
    });
    expect(bySign.json.LoginResultType).toBe(1);
    const badSign = await client.call('LoginBySign', {
      parameters: [CRED.acctId, CRED.username, CRED.appId, ts, 'x', 2052],
    });
    expect(badSign.json.LoginResultType).toBe(0);
    const bySecret = await client.call('LoginByAppSecret', {
      acctid: CRED.acctId,
      username: CRED.username,
      appid: CRED.appId,
      appsecret: CRED.appSecret,
      lcid: 2052,
    });
    expect(bySecret.json.LoginResultType).toBe(1);
  });
});
