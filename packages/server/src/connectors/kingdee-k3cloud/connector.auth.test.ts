import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QiaoError } from '../../errors/index.ts';
import type { ResolvedConnection } from '../kit/index.ts';
import { type K3Harness, startK3Harness } from './test-harness.ts';

let h: K3Harness;
const query = { FormId: 'AP_PAYBILL', FieldKeys: 'FID,FBillNo', Limit: 5 };
const copyOf = (id: string): ResolvedConnection => ({ ...(h.connections.get(id) as ResolvedConnection) });
const call = (connection: string) =>
  h.gateway.call({ connection, operation: 'executeBillQuery', input: query }, h.observe);

beforeAll(async () => {
  h = await startK3Harness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.reset();
  h.exchanges.length = 0;
});

describe('k3cloud connector auth (session mode)', () => {
  it('logs in once with ValidateUser and reuses the session cookie', async () => {
    h.connections.set('k3-reuse', copyOf('k3'));
    for (let i = 0; i < 3; i++) expect(await call('k3-reuse')).toHaveLength(5);
    expect(h.sim.calls.get('ValidateUser')).toBe(1);
    expect(h.sim.calls.get('ExecuteBillQuery')).toBe(3);
    const sent = h.exchanges.filter((e) => e.request.url.includes('ExecuteBillQuery'));
    expect(sent.every((e) => e.request.headers.cookie !== undefined)).toBe(true);
  });

  it('shares one login between concurrent calls', async () => {
    h.connections.set('k3-concurrent', copyOf('k3'));
    const results = await Promise.all([1, 2, 3, 4].map(() => call('k3-concurrent')));
    expect(results.map((r) => (r as unknown[]).length)).toEqual([5, 5, 5, 5]);
    expect(h.sim.calls.get('ValidateUser')).toBe(1);
  });

  it('re-logs in once and retries when the session is lost mid-run', async () => {
    h.connections.set('k3-expire', copyOf('k3'));
    await call('k3-expire');
    expect(h.sim.expireSessions()).toBeGreaterThan(0);
    const rows = await call('k3-expire');
    expect(rows).toHaveLength(5);
    expect(h.sim.calls.get('ValidateUser')).toBe(2);
    // The lost-session answer (MsgCode 1 inside a 200) was seen and classified as auth-expired.
    const expired = h.exchanges.filter((e) => e.error?.code === 'CONNECTOR_AUTH_EXPIRED');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.response?.status).toBe(200);
  });

  it('refreshes on a write too when the session is lost (tokenExpiry fault)', async () => {
    h.connections.set('k3-write-expire', copyOf('k3'));
    await call('k3-write-expire');
    h.sim.faults.force('View', 'tokenExpiry');
    const bill = await h.gateway.call({
      connection: 'k3-write-expire',
      operation: 'view',
      input: { Number: 'FKD00000001' },
    });
    expect(bill).toMatchObject({ BillNo: 'FKD00000001' });
    expect(h.sim.calls.get('ValidateUser')).toBe(2);
  });

  it('fails with CONNECTOR_AUTH_FAILED and the system message on a bad password', async () => {
    const error = await call('k3-bad-password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QiaoError);
    expect(error).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', kind: 'user' });
    expect((error as QiaoError).message).toContain('用户名或密码错误');
    expect((error as QiaoError).system).toMatchObject({ LoginResultType: 0 });
    expect(h.sim.calls.get('ExecuteBillQuery')).toBe(0);
  });
});

describe('k3cloud connector auth (signed mode)', () => {
  it('signs every request with the nine headers and never logs in', async () => {
    expect(await call('k3-signed')).toHaveLength(5);
    expect(await call('k3-signed')).toHaveLength(5);
    expect(h.sim.calls.get('ValidateUser')).toBe(0);
    const headers = h.exchanges[0]?.request.headers ?? {};
    for (const name of ['X-Api-ClientID', 'X-Api-Signature', 'X-Kd-Appkey', 'X-Kd-Appdata', 'X-Kd-Signature'])
      expect(headers[name]).toBeTruthy();
    expect(headers.cookie).toBeUndefined();
  });

  it('fails with CONNECTOR_AUTH_FAILED when the app secret is wrong', async () => {
    const error = await call('k3-bad-secret').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', retryable: false });
    expect((error as QiaoError).message).toContain('会话信息已丢失');
    expect(h.sim.state.sessions.lastRejection).toBe('bad X-Kd-Signature');
  });
});
