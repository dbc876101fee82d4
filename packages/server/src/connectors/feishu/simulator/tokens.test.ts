import { afterEach, describe, expect, it } from 'vitest';
import { type FeishuSimHarness, listPath, startFeishuHarness } from './testing.ts';

let h: FeishuSimHarness;
afterEach(() => h.server.close());

describe('feishu simulator tenant_access_token', () => {
  it('returns the same token with its remaining lifetime, a new one when under 30 minutes are left', async () => {
    let clock = 1_700_000_000_000;
    h = await startFeishuHarness({ now: () => clock });
    const first = await h.tokenResponse();
    expect(first).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(first.tenant_access_token).toMatch(/^t-/);
    clock += 3_600_000;
    const again = await h.tokenResponse();
    expect(again.tenant_access_token).toBe(first.tenant_access_token);
    expect(again.expire).toBe(3600);
    clock += 3_000_000;
    const fresh = await h.tokenResponse();
    expect(fresh.tenant_access_token).not.toBe(first.tenant_access_token);
    expect(fresh.expire).toBe(7200);
    // the old token keeps working until its own expiry
    expect((await h.call('GET', listPath(h, { page_size: 1 }), first.tenant_access_token)).body.code).toBe(0);
    clock += 700_000;
    expect((await h.call('GET', listPath(h, { page_size: 1 }), first.tenant_access_token)).body.code).toBe(
      99991663,
    );
    expect((await h.call('GET', listPath(h, { page_size: 1 }), fresh.tenant_access_token)).body.code).toBe(0);
  });

  it('answers an expired token with 99991663 and a missing one with 99991661', async () => {
    h = await startFeishuHarness();
    const token = await h.token();
    const expired = await fetch(`${h.url}/__sim/tokens/expire`, { method: 'POST' }).then((r) => r.json());
    expect(expired).toEqual({ expired: 1 });
    const answer = await h.call('GET', listPath(h), token);
    expect(answer.status).toBe(200);
    expect(answer.body.code).toBe(99991663);
    expect((await h.call('GET', listPath(h), null)).body.code).toBe(99991661);
    expect(await h.token()).not.toBe(token);
  });

  it('rejects a wrong secret with 10014 and a missing app_id with 10003', async () => {
    h = await startFeishuHarness();
    expect(await h.tokenResponse('wrong')).toMatchObject({ code: 10014 });
    const missing = await fetch(`${h.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).then((r) => r.json());
    expect(missing).toMatchObject({ code: 10003 });
  });
});
