import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../json.ts';
import { useSimulator } from '../../simulator-kit/testing.ts';
import { createK3CloudSimulator } from './create-k3cloud-simulator.ts';
import { connectK3Client } from './test-client.ts';

async function query(data: JsonObject, op = 'ExecuteBillQuery') {
  return (await t.client.call(op, { data: { FormId: 'AP_PAYBILL', ...data } })).json;
}

const t = useSimulator(() => createK3CloudSimulator({ instances: 25, seed: 7 }), connectK3Client, {
  per: 'once',
});

describe('k3cloud simulator query', () => {
  it('pages with StartRow and Limit until a short page', async () => {
    const pages: unknown[][][] = [];
    for (let start = 0; ; start += 10) {
      const page = await query({ FieldKeys: 'FID,FBillNo,FDATE', StartRow: start, Limit: 10 });
      pages.push(page);
      if (page.length < 10) break;
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const ids = pages.flat().map((row) => row[0]);
    expect(new Set(ids).size).toBe(25);
    expect(pages[0]?.[0]).toEqual([
      100_001,
      'FKD00000001',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00$/),
    ]);
  });

  it('filters with a sql-like string and dereferences base data', async () => {
    const rows = await query({
      FieldKeys: 'FBillNo,FCONTACTUNIT.FNumber,FCONTACTUNIT.FName,FDOCUMENTSTATUS',
      FilterString: "FBillNo='FKD00000004'",
    });
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).toBe('FKD00000004');
    expect(rows[0][1]).toMatch(/^VEN\d{5}$/);
    const audited = await query({
      FieldKeys: 'FBillNo,FDOCUMENTSTATUS',
      FilterString: "FDOCUMENTSTATUS = 'C' and FID >= 100010",
      Limit: 100,
    });
    expect(audited.length).toBeGreaterThan(0);
    expect(audited.every((r: unknown[]) => r[1] === 'C')).toBe(true);
  });

  it('accepts the array filter form with both logic encodings', async () => {
    const filter = [
      { Left: '(', FieldName: 'FBillNo', Compare: '=', Value: 'FKD00000002', Right: '', Logic: 1 },
      { Left: '', FieldName: 'FBillNo', Compare: '=', Value: 'FKD00000003', Right: ')', Logic: '' },
    ];
    const rows = await query({ FieldKeys: 'FBillNo', FilterString: filter, OrderString: 'FBillNo DESC' });
    expect(rows).toEqual([['FKD00000003'], ['FKD00000002']]);
  });

  it('returns one row per entry when entry fields are requested', async () => {
    await t.client.call('Save', {
      formid: 'AP_PAYBILL',
      data: {
        Model: {
          FBillNo: 'Q-2ROWS',
          FCONTACTUNITTYPE: 'BD_Supplier',
          FCONTACTUNIT: { FNumber: 'VEN00001' },
          FPAYORGID: { FNumber: '100' },
          FSETTLEORGID: { FNumber: '100' },
          FPAYBILLENTRY: [
            {
              FSETTLETYPEID: { FNumber: 'JSFS01_SYS' },
              FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
              FPAYTOTALAMOUNTFOR: 1,
            },
            {
              FSETTLETYPEID: { FNumber: 'JSFS01_SYS' },
              FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
              FPAYTOTALAMOUNTFOR: 2,
            },
          ],
        },
      },
    });
    const rows = await query({
      FieldKeys: 'FBillNo,FPAYBILLENTRY_FSeq,FPAYTOTALAMOUNTFOR',
      FilterString: "FBillNo like 'Q-2%'",
    });
    expect(rows).toEqual([
      ['Q-2ROWS', 1, 1],
      ['Q-2ROWS', 2, 2],
    ]);
  });

  it('nests errors as [[{Result}]] for an unknown field', async () => {
    const rows = await query({ FieldKeys: 'FBillNo,FIssueType' });
    expect(rows[0][0].Result.ResponseStatus).toMatchObject({
      IsSuccess: false,
      MsgCode: 9,
      Errors: [{ FieldName: null, Message: '元数据中标识为FIssueType的字段不存在', DIndex: 0 }],
    });
  });

  it('returns objects from billquery and reads base-data forms', async () => {
    const objects = await query({ FieldKeys: 'FID,FBillNo', FilterString: 'FID = 100001' }, 'BillQuery');
    expect(objects).toEqual([{ FID: 100_001, FBillNo: 'FKD00000001' }]);
    const cost = (
      await t.client.call('ExecuteBillQuery', {
        data: { FormId: 'BD_Expense', FieldKeys: 'FEXPID,FNumber,FName', FilterString: "FName='差旅费'" },
      })
    ).json;
    expect(cost).toEqual([[20_001, 'FYXM01', '差旅费']]);
  });

  it('generates 100,000 seeded bills lazily and fast', async () => {
    const started = performance.now();
    const big = createK3CloudSimulator({ instances: 100_000 });
    let count = 0;
    for (const _bill of big.state.bills.all()) count++;
    expect(count).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(big.state.bills.findByNumber('FKD00100000')?.FID).toBe(200_000);
  });
});
