import { afterEach, describe, expect, it } from 'vitest';
import { jsonOf, type SimulatorHarness, startSimulatorHarness } from './testing.ts';

let h: SimulatorHarness;
afterEach(() => h.server.close());

const listBody = (h: SimulatorHarness) => ({
  process_code: h.sim.options.processCode,
  start_time: Date.now() - 86_400_000,
  size: 5,
  cursor: 0,
});

describe('dingtalk simulator tokens', () => {
  it('returns the same token with 7200 s while it is valid, a new one after expiry', async () => {
    let clock = 1_700_000_000_000;
    h = await startSimulatorHarness({ now: () => clock });
    const first = await fetch(
      `${h.url}/gettoken?appkey=${h.sim.options.appKey}&appsecret=${h.sim.options.appSecret}`,
    ).then(jsonOf);
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    clock += 7_000_000;
    expect(await h.legacyToken()).toBe(first.access_token);
    expect(await h.v1Token()).toBe(first.access_token);
    clock += 7_300_000;
    expect(await h.legacyToken()).not.toBe(first.access_token);
  });

  it('answers expired tokens with 88/40014 on topapi and 400 InvalidAuthentication on v1.0', async () => {
    let clock = Date.now();
    h = await startSimulatorHarness({ now: () => clock, tokenTtlSeconds: 60 });
    const token = await h.legacyToken();
    expect((await h.legacy('/topapi/processinstance/listids', token, listBody(h))).body.errcode).toBe(0);
    clock += 61_000;
    const legacy = await h.legacy('/topapi/processinstance/listids', token, listBody(h));
    expect(legacy.status).toBe(200);
    expect(legacy.body).toMatchObject({ errcode: 88, sub_code: '40014', sub_msg: '不合法的access_token' });
    const v1 = await h.v1('GET', '/v1.0/workflow/processInstances?processInstanceId=x', token);
    expect(v1.status).toBe(400);
    expect(v1.body).toMatchObject({ code: 'InvalidAuthentication' });
  });

  it('expires every token now through the inspection api', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    const expired = await fetch(`${h.url}/__sim/tokens/expire`, { method: 'POST' }).then(jsonOf);
    expect(expired.expired).toBe(1);
    expect(
      (await h.legacy('/topapi/processinstance/get', token, { process_instance_id: 'x' })).body.sub_code,
    ).toBe('40014');
    expect(await h.legacyToken()).not.toBe(token);
  });

  it('rejects wrong credentials with 40096 and invalidClientIdOrSecret', async () => {
    h = await startSimulatorHarness();
    const legacy = await fetch(`${h.url}/gettoken?appkey=${h.sim.options.appKey}&appsecret=wrong`).then(
      jsonOf,
    );
    expect(legacy).toMatchObject({ errcode: 40096, errmsg: '不合法的appKey或appSecret' });
    const missing = await fetch(`${h.url}/gettoken?appkey=x`).then(jsonOf);
    expect(missing.errcode).toBe(40035);
    const v1 = await fetch(`${h.url}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: 'nope', appSecret: 'nope' }),
    });
    expect(v1.status).toBe(400);
    expect(await v1.json()).toMatchObject({ code: 'invalidClientIdOrSecret' });
  });

  it('answers a missing token with 88/40000 legacy and MissingParameter v1.0', async () => {
    h = await startSimulatorHarness();
    const legacy = await fetch(`${h.url}/topapi/processinstance/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await legacy.json()).toMatchObject({ errcode: 88, sub_code: '40000' });
    const v1 = await fetch(`${h.url}/v1.0/workflow/processInstances?processInstanceId=x`);
    expect(v1.status).toBe(400);
    expect(await v1.json()).toMatchObject({ code: 'AuthenticationFailed.MissingParameter' });
  });
});
