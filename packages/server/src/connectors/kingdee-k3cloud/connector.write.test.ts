import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isJsonObject } from '../../json.ts';
import { type K3Harness, payBill, resetWithLiveSession, startK3Harness } from './test-harness.ts';

let h: K3Harness;

beforeAll(async () => {
  h = await startK3Harness();
});
afterAll(() => h.close());
// Each test starts with a live session (the simulator's reset drops them).
beforeEach(() => resetWithLiveSession(h));

const batch = (records: ReturnType<typeof payBill>[], input = {}) =>
  h.gateway.writeBatch(
    { connection: 'k3', operation: 'batchSave', input: { FormId: 'AP_PAYBILL', ...input }, records },
    h.observe,
  );

describe('k3cloud connector batchSave', () => {
  it('reports partial success per DIndex with ids, numbers and the system messages', async () => {
    const records = [
      payBill({ FBillNo: 'FKD-T-0001' }),
      payBill({ FBillNo: 'FKD00000003' }), // a seeded bill's number
      payBill({ FBillNo: 'FKD-T-0003', FCURRENCYID: null }),
      payBill({ FBillNo: 'FKD-T-0004' }),
    ];
    const results = await batch(records);
    expect(results.map((r) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, false],
      [2, false],
      [3, true],
    ]);
    for (const i of [0, 3]) {
      const stored = h.sim.state.bills.findByNumber(`FKD-T-000${i + 1}`);
      expect(results[i]).toMatchObject({ targetId: String(stored?.FID), targetNumber: `FKD-T-000${i + 1}` });
    }
    expect(results[1]?.error).toMatchObject({
      code: 'CONNECTOR_DUPLICATE',
      retryable: false,
      system: { MsgCode: 11 },
    });
    expect(results[1]?.error?.message).toContain('违反字段唯一性要求');
    expect(results[2]?.error).toMatchObject({ code: 'CONNECTOR_REJECTED', kind: 'user' });
    expect(results[2]?.error?.message).toContain('币别');
    expect(h.sim.state.bills.createdCount()).toBe(2);
  });

  it('sends the envelope options from the input and the records as Model', async () => {
    const input = {
      NeedUpDateFields: ['FREMARK', 'FPAYBILLENTRY'],
      IsAutoSubmitAndAudit: true,
      IsVerifyBaseDataField: true,
      BatchCount: 1,
    };
    const results = await batch(
      [payBill({ FBillNo: 'FKD-T-0101' }), payBill({ FBillNo: 'FKD-T-0102' })],
      input,
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const body = h.exchanges.find((e) => e.request.url.includes('BatchSave'))?.request.body;
    const data = isJsonObject(body) && isJsonObject(body.data) ? body.data : {};
    expect(body).toMatchObject({ formid: 'AP_PAYBILL' });
    expect(data).toMatchObject({ ...input, Model: [{ FBillNo: 'FKD-T-0101' }, { FBillNo: 'FKD-T-0102' }] });
    expect(h.sim.state.bills.findByNumber('FKD-T-0101')?.FDOCUMENTSTATUS).toBe('C');
  });

  it('leaves BatchCount out when it is not below the number of packages', async () => {
    await batch([payBill({ FBillNo: 'FKD-T-0201' })], { BatchCount: 4 });
    const body = h.exchanges.find((e) => e.request.url.includes('BatchSave'))?.request.body;
    expect(isJsonObject(body) && isJsonObject(body.data) && 'BatchCount' in body.data).toBe(false);
  });

  it('splits more than 100 records into several BatchSave calls', async () => {
    const records = Array.from({ length: 130 }, (_, i) =>
      payBill({ FBillNo: `FKD-B-${String(i).padStart(4, '0')}` }),
    );
    const results = await batch(records);
    expect(results.map((r) => r.index)).toEqual(records.map((_, i) => i));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results[129]?.targetNumber).toBe('FKD-B-0129');
    expect(h.sim.calls.get('BatchSave')).toBe(2);
  });

  it('turns a lost response into CONNECTOR_UNCERTAIN_WRITE and findWritten then prevents a second write', async () => {
    const records = [payBill({ FBillNo: 'FKD-L-0001' }), payBill({ FBillNo: 'FKD-L-0002' })];
    h.sim.faults.force('BatchSave', 'lostResponse');
    const error = await batch(records).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_UNCERTAIN_WRITE', retryable: true });
    expect(h.sim.state.bills.createdCount()).toBe(2);
    // What the sync engine does before re-sending: ask the target for each record.
    const input = { FormId: 'AP_PAYBILL' };
    const found = await Promise.all(
      records.map((record) =>
        h.gateway.findWritten?.({ connection: 'k3', operation: 'batchSave', input, record }),
      ),
    );
    for (const [i, ref] of found.entries()) {
      const stored = h.sim.state.bills.findByNumber(`FKD-L-000${i + 1}`);
      expect(ref).toEqual({ targetId: String(stored?.FID), targetNumber: `FKD-L-000${i + 1}` });
    }
    const resend = records.filter((_, i) => found[i] === null);
    if (resend.length > 0) await batch(resend);
    expect(h.sim.state.bills.createdCount()).toBe(2);
  });

  it('findWritten answers null for a bill that was never written', async () => {
    const ref = await h.gateway.findWritten?.({
      connection: 'k3',
      operation: 'batchSave',
      input: {},
      record: payBill({ FBillNo: "FKD-N-'0001" }),
    });
    expect(ref).toBeNull();
  });

  it('findWritten refuses a record without FBillNo rather than guess', async () => {
    const error = await h.gateway
      .findWritten?.({ connection: 'k3', operation: 'batchSave', input: {}, record: payBill() })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('throws a whole-batch error when the request itself is refused (unknown form)', async () => {
    const error = await batch([payBill({ FBillNo: 'FKD-T-0301' })], { FormId: 'NO_SUCH_FORM' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'CONNECTOR_REJECTED', system: { MsgCode: 4 } });
  });
});

describe('k3cloud connector save, submit, audit, view', () => {
  it('saves one bill and returns its id and number', async () => {
    const out = await h.gateway.call({
      connection: 'k3',
      operation: 'save',
      input: { Model: payBill({ FBillNo: 'FKD-S-0001' }) },
    });
    const stored = h.sim.state.bills.findByNumber('FKD-S-0001');
    expect(out).toMatchObject({ targetId: String(stored?.FID), targetNumber: 'FKD-S-0001', Id: stored?.FID });
  });

  it('throws CONNECTOR_DUPLICATE for a number already used, keeping the system message', async () => {
    const error = await h.gateway
      .call({ connection: 'k3', operation: 'save', input: { Model: payBill({ FBillNo: 'FKD00000002' }) } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_DUPLICATE', system: { MsgCode: 11 } });
    expect(String((error as Error).message)).toContain('[FKD00000002]在当前系统中已经被使用');
  });

  it('writes record by record through save and finds a bill whose save response was lost', async () => {
    h.sim.faults.force('Save', 'lostResponse');
    const record = payBill({ FBillNo: 'FKD-S-0101' });
    const [result] = await h.gateway.writeBatch({
      connection: 'k3',
      operation: 'save',
      input: {},
      records: [record],
    });
    expect(result?.error?.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const ref = await h.gateway.findWritten?.({ connection: 'k3', operation: 'save', input: {}, record });
    expect(ref?.targetNumber).toBe('FKD-S-0101');
  });

  it('submits and audits a saved bill, then views it as audited', async () => {
    await h.gateway.call({
      connection: 'k3',
      operation: 'save',
      input: { Model: payBill({ FBillNo: 'FKD-S-0201' }) },
    });
    const submitted = await h.gateway.call({
      connection: 'k3',
      operation: 'submit',
      input: { Numbers: ['FKD-S-0201'] },
    });
    expect(submitted).toMatchObject({ bills: [{ Number: 'FKD-S-0201' }] });
    await h.gateway.call({ connection: 'k3', operation: 'audit', input: { Numbers: 'FKD-S-0201' } });
    const view = await h.gateway.call({
      connection: 'k3',
      operation: 'view',
      input: { Number: 'FKD-S-0201' },
    });
    expect(view).toMatchObject({ BillNo: 'FKD-S-0201', DocumentStatus: 'C' });
  });

  it('rejects an audit of a bill that was not submitted with the system message', async () => {
    await h.gateway.call({
      connection: 'k3',
      operation: 'save',
      input: { Model: payBill({ FBillNo: 'FKD-S-0301' }) },
    });
    const error = await h.gateway
      .call({ connection: 'k3', operation: 'audit', input: { Numbers: ['FKD-S-0301'] } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_REJECTED', kind: 'user', system: { MsgCode: 11 } });
    expect(String((error as Error).message)).toContain('请先提交');
  });

  it('rejects a view of a missing bill with MsgCode 10', async () => {
    const error = await h.gateway
      .call({ connection: 'k3', operation: 'view', input: { Number: 'NOPE-1' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTOR_REJECTED', system: { MsgCode: 10 } });
  });
});
