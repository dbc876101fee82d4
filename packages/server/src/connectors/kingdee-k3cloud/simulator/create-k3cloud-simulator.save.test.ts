import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { DEFAULT_K3CLOUD_CREDENTIALS as CRED, createK3CloudSimulator } from './create-k3cloud-simulator.ts';
import { connectK3Client, K3TestClient } from './test-client.ts';

/** A valid employee-reimbursement payment bill (wire transfer). */
function model(overrides: JsonObject = {}, entry: JsonObject = {}): JsonObject {
  return {
    FID: 0,
    FBillTypeID: { FNUMBER: 'FKDLX02_SYS' },
    FDATE: '2026-03-04',
    FCONTACTUNITTYPE: 'BD_Empinfo',
    FCONTACTUNIT: { FNumber: 'E0002' },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    FCURRENCYID: { FNumber: 'PRE001' },
    FREMARK: 'DingTalk 202603041015000123',
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS04_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 1200.5,
        FACCOUNTID: { FNumber: '6222000000000000' },
        FCOSTID: { FNumber: 'FYXM01' },
        FEXPENSEDEPTID_E: { FNumber: 'BM002' },
        FCOMMENT: '差旅报销',
        ...entry,
      },
    ],
    ...overrides,
  };
}

async function save(m: JsonObject, extra: JsonObject = {}) {
  return (await t.client.call('Save', { formid: 'AP_PAYBILL', data: { Model: m, ...extra } })).json.Result;
}

const t = useSimulator(() => createK3CloudSimulator({ instances: 5 }), connectK3Client);

describe('k3cloud simulator save', () => {
  it('saves a bill with a generated FKD number and the next FID', async () => {
    const result = await save(model(), { NeedReturnFields: ['FBillNo', 'FCONTACTUNIT'] });
    expect(result.ResponseStatus).toMatchObject({ IsSuccess: true, MsgCode: 0, Errors: [] });
    expect(result.Number).toBe('FKD00000006');
    expect(result.Id).toBe(100_006);
    expect(result.ResponseStatus.SuccessEntitys).toEqual([{ Id: 100_006, Number: 'FKD00000006', DIndex: 0 }]);
    expect(result.NeedReturnData).toEqual([{ FBillNo: 'FKD00000006', FCONTACTUNIT: { FNumber: 'E0002' } }]);
    const view = (await t.client.call('View', { formid: 'AP_PAYBILL', data: { Number: 'FKD00000006' } })).json
      .Result;
    expect(view.Result).toMatchObject({
      FDOCUMENTSTATUS: 'A',
      FREMARK: 'DingTalk 202603041015000123',
      FPAYTOTALAMOUNTFOR_H: 1200.5,
    });
    expect(view.Result.FCONTACTUNIT).toMatchObject({ Number: 'E0002', Name: [{ Key: 2052, Value: '李洋' }] });
    expect(view.Result.FPAYBILLENTRY[0]).toMatchObject({
      FSeq: 1,
      FPAYAMOUNTFOR_E: 1200.5,
      FCOSTID: { Number: 'FYXM01' },
    });
  });

  it('accepts data as a json string and the positional parameters form', async () => {
    const asString = await t.client.call('Save', {
      formid: 'AP_PAYBILL',
      data: JSON.stringify({ Model: model({ FBillNo: 'QIAO-1' }) }),
    });
    expect(asString.json.Result.Number).toBe('QIAO-1');
    const positional = await t.client.call('Save', {
      parameters: ['AP_PAYBILL', JSON.stringify({ Model: model({ FBillNo: 'QIAO-2' }) })],
    });
    expect(positional.json.Result.Number).toBe('QIAO-2');
  });

  it('reports a missing required header field', async () => {
    const { FPAYORGID: _omit, ...rest } = model();
    const result = await save(rest);
    expect(result.ResponseStatus).toMatchObject({ IsSuccess: false, ErrorCode: 500, MsgCode: 11 });
    expect(result.ResponseStatus.Errors).toEqual([
      { FieldName: 'FPAYORGID', Message: '字段“付款组织”是必填项', DIndex: 0 },
    ]);
    expect(result.Id).toBe(0);
  });

  it('reports a missing required entry field with its row', async () => {
    const result = await save(model({}, { FPURPOSEID: null }));
    expect(result.ResponseStatus.Errors[0]).toEqual({
      FieldName: 'FPURPOSEID',
      Message: '单据体实体【付款明细】第【1】行分录，【付款用途】字段必录',
      DIndex: 0,
    });
  });

  it('empties an unknown base-data number silently, or reports it with IsVerifyBaseDataField', async () => {
    const bad = model({ FCONTACTUNIT: { FNumber: 'E9999' } });
    const silent = await save(bad);
    // the payee follows the (now empty) contact unit, so both are reported as required
    expect(silent.ResponseStatus.Errors).toEqual([
      { FieldName: 'FCONTACTUNIT', Message: '字段“往来单位”是必填项', DIndex: 0 },
      { FieldName: 'FRECTUNIT', Message: '字段“收款单位”是必填项', DIndex: 0 },
    ]);
    const verified = await save(bad, { IsVerifyBaseDataField: 'true' });
    expect(verified.ResponseStatus.MsgCode).toBe(9);
    expect(verified.ResponseStatus.Errors[0].FieldName).toBe('FCONTACTUNIT');
    expect(verified.ResponseStatus.Errors[0].Message).toContain('E9999');
  });

  it('requires our bank account for a bank settlement type', async () => {
    const result = await save(model({}, { FACCOUNTID: null }));
    expect(result.ResponseStatus.Errors).toEqual([
      {
        FieldName: 'FACCOUNTID',
        Message: '第1行分录，银行业务的结算方式，我方银行相关信息必录！',
        DIndex: 0,
      },
    ]);
    const cash = await save(model({}, { FACCOUNTID: null, FSETTLETYPEID: { FNumber: 'JSFS01_SYS' } }));
    expect(cash.ResponseStatus.IsSuccess).toBe(true);
  });

  it('rejects a duplicate FBillNo with msgcode 11', async () => {
    expect((await save(model({ FBillNo: 'DD-0001' }))).ResponseStatus.IsSuccess).toBe(true);
    const again = await save(model({ FBillNo: 'DD-0001' }));
    expect(again.ResponseStatus.MsgCode).toBe(11);
    expect(again.ResponseStatus.Errors[0]).toEqual({
      FieldName: 'FBillNo',
      Message: '违反字段唯一性要求：编码唯一。[DD-0001]在当前系统中已经被使用。',
      DIndex: 0,
    });
    const seeded = await save(model({ FBillNo: 'FKD00000003' }));
    expect(seeded.ResponseStatus.MsgCode).toBe(11);
  });

  it('batch-saves with partial success keyed by DIndex', async () => {
    const models = [
      model({ FBillNo: 'B-1' }),
      model({ FBillNo: 'B-2' }, { FACCOUNTID: null }),
      model({ FBillNo: 'B-1' }),
      model(),
    ];
    const { json } = await t.client.call('BatchSave', { formid: 'AP_PAYBILL', data: { Model: models } });
    const status = json.Result.ResponseStatus;
    expect(status.IsSuccess).toBe(false);
    expect(
      status.SuccessEntitys.map((s: { DIndex: number; Number: string }) => [s.DIndex, s.Number]),
    ).toEqual([
      [0, 'B-1'],
      [3, 'FKD00000006'],
    ]);
    expect(status.Errors.map((e: { DIndex: number; FieldName: string }) => [e.DIndex, e.FieldName])).toEqual([
      [1, 'FACCOUNTID'],
      [2, 'FBillNo'],
    ]);
    expect(t.sim.inspect().createdBills).toBe(2);
  });

  it('rejects an over-size batch as a parameter error', async () => {
    const small = createK3CloudSimulator({ batchSizeMax: 2 });
    const running = await small.start();
    const c = new K3TestClient(running.url);
    await c.login(CRED.acctId, CRED.username, CRED.password);
    const { json } = await c.call('BatchSave', {
      formid: 'AP_PAYBILL',
      data: { Model: [model(), model(), model()] },
    });
    expect(json.Result.ResponseStatus.MsgCode).toBe(8);
    await running.close();
  });

  it('submits and audits automatically with IsAutoSubmitAndAudit', async () => {
    const result = await save(model({ FBillNo: 'AUTO-1' }), { IsAutoSubmitAndAudit: true });
    expect(result.ResponseStatus.IsSuccess).toBe(true);
    expect(t.sim.state.bills.findByNumber('AUTO-1')?.FDOCUMENTSTATUS).toBe('C');
  });

  it('walks submit, audit, unaudit and delete with their refusals', async () => {
    await save(model({ FBillNo: 'FLOW-1' }));
    const op = async (name: string, data: JsonObject) =>
      (await t.client.call(name, { formid: 'AP_PAYBILL', data })).json.Result.ResponseStatus;
    const early = await op('Audit', { Numbers: ['FLOW-1'] });
    expect(early).toMatchObject({ IsSuccess: false, MsgCode: 11 });
    expect(early.Errors[0].Message).toContain('FLOW-1');
    expect((await op('Submit', { Numbers: ['FLOW-1'] })).IsSuccess).toBe(true);
    expect(t.sim.state.bills.findByNumber('FLOW-1')?.FDOCUMENTSTATUS).toBe('B');
    expect((await op('Delete', { Numbers: ['FLOW-1'] })).MsgCode).toBe(11);
    const id = String(t.sim.state.bills.findByNumber('FLOW-1')?.FID);
    expect((await op('Audit', { Ids: id })).SuccessEntitys).toEqual([
      { Id: Number(id), Number: 'FLOW-1', DIndex: 0 },
    ]);
    const resave = await save(model({ FID: Number(id), FREMARK: 'changed' }));
    expect(resave.ResponseStatus.Errors[0].Message).toBe('单据编号为“FLOW-1”的付款单，单据已经审核！');
    expect((await op('Audit', { Numbers: ['FLOW-1'] })).Errors[0].Message).toContain('单据已经审核');
    expect((await op('UnAudit', { Numbers: ['FLOW-1'] })).IsSuccess).toBe(true);
    expect((await op('Delete', { Numbers: ['FLOW-1', 'NOPE'] })).Errors).toEqual([
      { FieldName: null, Message: '单据【NOPE】不存在或已被删除', DIndex: 1 },
    ]);
    expect(t.sim.state.bills.findByNumber('FLOW-1')).toBeUndefined();
  });

  it('updates an open bill by FID with NeedUpDateFields and keeps unsent entries when IsDeleteEntry is false', async () => {
    const created = await save(model({ FBillNo: 'UPD-1' }));
    const entryId = t.sim.state.bills.get(created.Id)?.entries[0]?.FEntryID;
    const update = await save(
      {
        FID: created.Id,
        FREMARK: 'new remark',
        FPAYORGID: { FNumber: '101' },
        FPAYBILLENTRY: [
          {
            FSETTLETYPEID: { FNumber: 'JSFS01_SYS' },
            FPURPOSEID: { FNumber: 'SFKYT09_SYS' },
            FPAYTOTALAMOUNTFOR: 10,
          },
        ],
      },
      { NeedUpDateFields: ['FREMARK', 'FPAYBILLENTRY'], IsDeleteEntry: false },
    );
    expect(update.ResponseStatus.IsSuccess).toBe(true);
    const bill = t.sim.state.bills.get(created.Id);
    expect(bill?.values.FREMARK).toBe('new remark');
    expect(bill?.values.FPAYORGID).toMatchObject({ number: '100' });
    expect(bill?.entries.map((e) => e.FEntryID === entryId)).toEqual([true, false]);
    expect(bill?.values.FPAYTOTALAMOUNTFOR_H).toBe(1210.5);
  });

  it('answers an unknown form as business object not found', async () => {
    const { json } = await t.client.call('Save', { formid: 'SAL_OUTSTOCK', data: { Model: {} } });
    expect(json.Result.ResponseStatus.Errors[0].Message).toContain('业务对象不存在');
  });
});
