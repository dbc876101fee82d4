// The AP_PAYBILL (付款单) Save model the K3Cloud benches send (bench/sim-k3cloud.ts, bench/gateway-call.ts).
import type { JsonObject } from '../src/json.ts';

/**
 * A payment bill with one entry line, varied by `i`; `detailed` adds what scenario 001's bills carry
 * besides (date, remark, line comment), so a body is about the size the sync sends.
 */
export function benchPayBill(i: number, billNo: string, detailed = false): JsonObject {
  return {
    FBillNo: billNo,
    ...(detailed ? { FDATE: '2026-03-01' } : {}),
    FCONTACTUNITTYPE: 'BD_Empinfo',
    FCONTACTUNIT: { FNumber: `E${String((i % 50) + 1).padStart(4, '0')}` },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    ...(detailed ? { FREMARK: `钉钉审批 ${i}：费用报销（华东智慧园区项目，合计 1200.00 元）` } : {}),
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS04_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 100 + (i % 900),
        FACCOUNTID: { FNumber: '6222000000000000' },
        FCOSTID: { FNumber: 'FYXM01' },
        ...(detailed ? { FCOMMENT: '项目现场出差往返机票' } : {}),
      },
    ],
  };
}
