import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import type { RunningSimulator } from '../../simulator-kit/index.ts';
import { DEFAULT_K3CLOUD_CREDENTIALS as CRED, createK3CloudSimulator } from './create-k3cloud-simulator.ts';
import { k3Path } from './test-client.ts';

const NOW = Date.UTC(2026, 2, 4, 2, 0, 0);
let server: RunningSimulator | undefined;
afterEach(() => server?.close());

function bill(no: string, entry: JsonObject = {}): JsonObject {
  return {
    FBillNo: no,
    FDATE: '2026-03-04',
    FCONTACTUNITTYPE: 'BD_Empinfo',
    FCONTACTUNIT: { FNumber: 'E0002' },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS04_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 12.5,
        FACCOUNTID: { FNumber: '6222000000000000' },
        FPOSTDATE: '2026-3-1',
        ...entry,
      },
    ],
  };
}

/** Logs in through Hono (both simulators) and returns the session id. */
async function login(sim: ReturnType<typeof createK3CloudSimulator>): Promise<string> {
  const res = await sim.app.request(k3Path('ValidateUser'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      acctID: CRED.acctId,
      username: CRED.username,
      password: CRED.password,
      lcid: 2052,
    }),
  });
  return ((await res.json()) as { KDSVCSessionId: string }).KDSVCSessionId;
}

describe('k3cloud simulator fast routes', () => {
  it('answer BatchSave and Save exactly as the Hono dispatcher does, errors included', async () => {
    // Two simulators with the same seed and clock: one answered over the socket (fast path), one through Hono.
    const fast = createK3CloudSimulator({ instances: 5, now: () => NOW });
    const hono = createK3CloudSimulator({ instances: 5, now: () => NOW });
    server = await fast.start();
    const sessions = { fast: await login(fast), hono: await login(hono) };
    const cases: { op: string; body: string; auth?: 'cookie' | 'header' | 'none' }[] = [
      {
        op: 'BatchSave',
        body: JSON.stringify({
          formid: 'AP_PAYBILL',
          data: {
            IsAutoSubmitAndAudit: true,
            IsVerifyBaseDataField: 'true',
            Model: [
              bill('B-1'),
              bill('B-2', { FPURPOSEID: null }),
              bill('B-1'),
              bill('B-3', { FCOSTID: 'X' }),
            ],
          },
        }),
      },
      {
        op: 'Save',
        auth: 'header',
        body: JSON.stringify({
          formid: 'AP_PAYBILL',
          data: JSON.stringify({ Model: bill('S-1'), NeedReturnFields: ['FBillNo', 'FPAYORGID'] }),
        }),
      },
      { op: 'Save', body: JSON.stringify({ formid: 'AP_PAYBILL', data: { Model: bill('FKD00000002') } }) },
      { op: 'Save', body: JSON.stringify({ formid: 'BD_Nothing', data: { Model: bill('S-2') } }) },
      { op: 'BatchSave', body: JSON.stringify({ formid: 'AP_PAYBILL', data: { Model: {} } }) },
      { op: 'BatchSave', body: JSON.stringify({ parameters: ['AP_PAYBILL', '{"Model":[]}'] }) },
      { op: 'BatchSave', body: JSON.stringify({ formid: 'AP_PAYBILL', data: 'not json' }) },
      { op: 'BatchSave', body: '\uFEFF{"formid":"AP_PAYBILL","data":{"Model":[]}}' },
      { op: 'BatchSave', body: 'not json' },
      { op: 'BatchSave', body: JSON.stringify({ formid: 'AP_PAYBILL', data: { Model: [] } }), auth: 'none' },
    ];
    for (const c of cases) {
      const headersOf = (session: string): Record<string, string> => ({
        'content-type': 'application/json',
        ...(c.auth === 'none'
          ? {}
          : c.auth === 'header'
            ? { 'kdservice-sessionid': session }
            : { cookie: `kdservice-sessionid=${session}; ASP.NET_SessionId=x` }),
      });
      const viaSocket = await fetch(`${server.url}${k3Path(c.op)}`, {
        method: 'POST',
        headers: headersOf(sessions.fast),
        body: c.body,
      });
      const viaHono = await hono.app.request(k3Path(c.op), {
        method: 'POST',
        headers: headersOf(sessions.hono),
        body: c.body,
      });
      const label = `${c.op} ${c.body.slice(0, 60)}`;
      expect(viaSocket.status, label).toBe(viaHono.status);
      expect(viaSocket.headers.get('content-type'), label).toBe(viaHono.headers.get('content-type'));
      expect(await viaSocket.text(), label).toBe(await viaHono.text());
    }
    expect(fast.calls.toJSON()).toEqual(hono.calls.toJSON());
    expect(fast.inspect().bills).toEqual(hono.inspect().bills);
  });

  it('leave faulted calls to the fault middleware', async () => {
    const sim = createK3CloudSimulator({ instances: 5, now: () => NOW });
    server = await sim.start();
    const session = await login(sim);
    const call = () =>
      fetch(`${server?.url}${k3Path('BatchSave')}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'kdservice-sessionid': session },
        body: JSON.stringify({ formid: 'AP_PAYBILL', data: { Model: [bill('F-1')] } }),
      });
    sim.faults.force('BatchSave', 'serverError');
    const first = await call();
    expect(first.status).toBe(502);
    expect(await first.text()).toContain('502 Bad Gateway');
    expect(((await (await call()).json()) as JsonObject).Result).toMatchObject({
      ResponseStatus: { IsSuccess: true },
    });
    sim.faults.configure({ BatchSave: { rateLimit: 1 } });
    const limited = (await (await call()).json()) as { Result: { ResponseStatus: { MsgCode: number } } };
    expect(limited.Result.ResponseStatus.MsgCode).toBe(14);
    expect(sim.calls.get('BatchSave')).toBe(3);
  });
});
