import type { K3CloudCredentials } from '../src/connectors/kingdee-k3cloud/simulator/context.ts';
import { benchPayBill } from './pay-bill.ts';
import type { BenchResult } from './result.ts';
import { benchSimulator } from './simulator-load.ts';

const SERVICE = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub';
const WRITES = 10_000;

const statusOk = (json: unknown) =>
  (json as { Result?: { ResponseStatus?: { IsSuccess?: boolean } } }).Result?.ResponseStatus?.IsSuccess ===
  true;
const rowsOk = (json: unknown) =>
  Array.isArray(json) && Array.isArray(json[0]) && typeof json[0][0] === 'number';
const op = (name: string) => `${SERVICE}.DynamicFormService.${name}.common.kdsvc`;
const billNo = (i: number) => `FKD${String(((i * 7919) % 100_000) + 1).padStart(8, '0')}`;

/** Measures the K3Cloud simulator (child process): View and ExecuteBillQuery single-bill reads, Save and BatchSave writes. */
export function benchK3cloudSimulator(): Promise<BenchResult[]> {
  return benchSimulator('k3cloud', async (sim) => {
    const c = (sim.fixture as { credentials: K3CloudCredentials }).credentials;
    const login = await sim.request({
      method: 'POST',
      path: `${SERVICE}.AuthService.ValidateUser.common.kdsvc`,
      body: { acctID: c.acctId, username: c.username, password: c.password, lcid: 2052 },
    });
    const headers = { cookie: `kdservice-sessionid=${(login as { KDSVCSessionId: string }).KDSVCSessionId}` };
    const view = (no: string) => ({
      method: 'POST' as const,
      path: op('View'),
      headers,
      body: { formid: 'AP_PAYBILL', data: { Number: no } },
    });
    return [
      { name: 'View (1,000 hot bills)', ok: statusOk, requestOf: (i) => view(billNo(i % 1000)) },
      {
        name: 'View (20,000 distinct bills of 100,000 not read before, built on demand)',
        ok: statusOk,
        requestOf: (i) => view(billNo(1000 + i)),
      },
      {
        name: 'ExecuteBillQuery by FBillNo',
        ok: rowsOk,
        requestOf: (i) => ({
          method: 'POST',
          path: op('ExecuteBillQuery'),
          headers,
          body: {
            data: {
              FormId: 'AP_PAYBILL',
              FieldKeys: 'FID,FBillNo,FDOCUMENTSTATUS,FCONTACTUNIT.FNumber',
              FilterString: `FBillNo='${billNo(i)}'`,
            },
          },
        }),
      },
      {
        name: 'Save',
        ok: statusOk,
        count: WRITES,
        requestOf: (i) => ({
          method: 'POST',
          path: op('Save'),
          headers,
          body: { formid: 'AP_PAYBILL', data: { Model: benchPayBill(i, `BENCH-${i}`) } },
        }),
      },
      {
        name: 'BatchSave (10 bills per call)',
        ok: statusOk,
        count: WRITES / 10,
        warmup: 100,
        itemsPerRequest: { per: 10, unit: 'bills/s' },
        requestOf: (i) => ({
          method: 'POST',
          path: op('BatchSave'),
          headers,
          body: {
            formid: 'AP_PAYBILL',
            data: {
              Model: Array.from({ length: 10 }, (_, j) => {
                const n = 100_000 + i * 10 + j;
                return benchPayBill(n, `BENCH-${n}`);
              }),
            },
          },
        }),
      },
    ];
  });
}

/** The same benchmark under its earlier name. */
export const benchK3CloudSimulator = benchK3cloudSimulator;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchK3cloudSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
