import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import { useSimulator } from '../../simulator-kit/testing.ts';
import {
  DEFAULT_K3CLOUD_CREDENTIALS as CRED,
  createK3CloudSimulator,
  describeK3CloudSimulator,
} from './create-k3cloud-simulator.ts';
import { connectK3Client, K3TestClient, type LooseJson } from './test-client.ts';

function bill(no: string): JsonObject {
  return {
    FBillNo: no,
    FCONTACTUNITTYPE: 'BD_Supplier',
    FCONTACTUNIT: { FNumber: 'VEN00002' },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS01_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 99,
      },
    ],
  };
}

const t = useSimulator(() => createK3CloudSimulator({ instances: 3 }), connectK3Client);

describe('k3cloud simulator faults and inspection', () => {
  it('creates the bills of a batchsave whose response is lost', async () => {
    const force = await fetch(`${t.url}/__sim/faults/force`, {
      method: 'POST',
      body: JSON.stringify({ route: 'BatchSave', kind: 'lostResponse' }),
    });
    expect(force.status).toBe(200);
    await expect(
      t.client.call('BatchSave', { formid: 'AP_PAYBILL', data: { Model: [bill('LOST-1'), bill('LOST-2')] } }),
    ).rejects.toThrow();
    const view = await t.client.call('View', { formid: 'AP_PAYBILL', data: { Number: 'LOST-2' } });
    expect(view.json.Result.Result.FBillNo).toBe('LOST-2');
    const state = (await (await fetch(`${t.url}/__sim/state`)).json()) as LooseJson;
    expect(state.bills.map((b: { FBillNo: string }) => b.FBillNo)).toEqual(['LOST-1', 'LOST-2']);
    expect(state.faults.injected).toEqual({ 'BatchSave:lostResponse': 1 });
    expect(state.calls.BatchSave).toBe(1);
    const retry = await t.client.call('BatchSave', {
      formid: 'AP_PAYBILL',
      data: { Model: [bill('LOST-1')] },
    });
    expect(retry.json.Result.ResponseStatus.MsgCode).toBe(11);
  });

  it('answers injected session loss and rate limits in the operation shape', async () => {
    t.sim.faults.force('ExecuteBillQuery', 'tokenExpiry');
    t.sim.faults.force('Save', 'rateLimit');
    const rows = await t.client.call('ExecuteBillQuery', {
      data: { FormId: 'AP_PAYBILL', FieldKeys: 'FID' },
    });
    expect(rows.json[0][0].Result.ResponseStatus.MsgCode).toBe(1);
    const saved = await t.client.call('Save', { formid: 'AP_PAYBILL', data: { Model: bill('RL-1') } });
    expect(saved.json.Result.ResponseStatus.MsgCode).toBe(14);
    expect(t.sim.state.bills.findByNumber('RL-1')).toBeUndefined();
  });

  it('configures random faults at run time and serves 502 for server errors', async () => {
    const res = await fetch(`${t.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ View: { serverError: 1 } }),
    });
    expect(res.status).toBe(200);
    const view = await fetch(
      `${t.url}/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.View.common.kdsvc`,
      {
        method: 'POST',
        headers: { cookie: t.client.cookie },
        body: JSON.stringify({ formid: 'AP_PAYBILL', data: { Number: 'FKD00000001' } }),
      },
    );
    expect(view.status).toBe(502);
    expect((await fetch(`${t.url}/__sim/faults`, { method: 'POST', body: '{"View": 3}' })).status).toBe(400);
  });

  it('limits calls per second with msgcode 14 when configured', async () => {
    let now = 1_000_000;
    const limited = createK3CloudSimulator({ callsPerSecond: 2, now: () => now });
    const running = await limited.start();
    const c = new K3TestClient(running.url);
    await c.login(CRED.acctId, CRED.username, CRED.password);
    const q = () =>
      c.call('ExecuteBillQuery', { data: { FormId: 'AP_PAYBILL', FieldKeys: 'FID', Limit: 1 } });
    expect(Array.isArray((await q()).json[0])).toBe(true);
    expect((await q()).json[0][0].Result.ResponseStatus.MsgCode).toBe(14);
    now += 1000;
    expect(typeof (await q()).json[0][0]).toBe('number');
    await running.close();
  });

  it('resets to the seeded state and describes itself', async () => {
    await t.client.call('Save', { formid: 'AP_PAYBILL', data: { Model: bill('R-1') } });
    expect(t.sim.inspect().createdBills).toBe(1);
    await fetch(`${t.url}/__sim/reset`, { method: 'POST' });
    expect(t.sim.inspect()).toMatchObject({ createdBills: 0, bills: [], sessions: 0 });
    const lines = describeK3CloudSimulator(t.sim, t.url);
    expect(lines.join('\n')).toContain(CRED.password);
    expect(lines.join('\n')).toContain(t.url);
  });
});
