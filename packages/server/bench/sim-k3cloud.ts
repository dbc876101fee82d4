import { Pool } from 'undici';
import { createK3CloudSimulator } from '../src/connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 32;
const REQUESTS = 20_000;
const WRITES = 10_000;
const SERVICE = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub';

type Check = (json: unknown) => boolean;
const statusOk: Check = (json) =>
  (json as { Result?: { ResponseStatus?: { IsSuccess?: boolean } } }).Result?.ResponseStatus?.IsSuccess ===
  true;
const rowsOk: Check = (json) =>
  Array.isArray(json) && Array.isArray(json[0]) && typeof json[0][0] === 'number';

function payBill(i: number): unknown {
  return {
    FBillNo: `BENCH-${i}`,
    FCONTACTUNITTYPE: 'BD_Empinfo',
    FCONTACTUNIT: { FNumber: `E${String((i % 50) + 1).padStart(4, '0')}` },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS04_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 100 + (i % 900),
        FACCOUNTID: { FNumber: '6222000000000000' },
        FCOSTID: { FNumber: 'FYXM01' },
      },
    ],
  };
}

/** Measures the K3Cloud simulator: View and ExecuteBillQuery (single bill) reads, Save and BatchSave writes (req/s, keep-alive, loopback). */
export async function benchK3CloudSimulator(): Promise<BenchResult[]> {
  const sim = createK3CloudSimulator({ instances: 100_000, callsPerSecond: 0 });
  const server = await sim.start();
  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  try {
    const c = sim.options.credentials;
    const login = await pool.request({
      method: 'POST',
      path: `${SERVICE}.AuthService.ValidateUser.common.kdsvc`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ acctID: c.acctId, username: c.username, password: c.password, lcid: 2052 }),
    });
    const sessionId = ((await login.body.json()) as { KDSVCSessionId: string }).KDSVCSessionId;
    const headers = { 'content-type': 'application/json', cookie: `kdservice-sessionid=${sessionId}` };
    const no = (i: number) => `FKD${String(((i * 7919) % 100_000) + 1).padStart(8, '0')}`;
    const op = (name: string) => `${SERVICE}.DynamicFormService.${name}.common.kdsvc`;
    const view = await measure(pool, headers, REQUESTS, statusOk, (i) => ({
      path: op('View'),
      body: { formid: 'AP_PAYBILL', data: { Number: no(i) } },
    }));
    const query = await measure(pool, headers, REQUESTS, rowsOk, (i) => ({
      path: op('ExecuteBillQuery'),
      body: {
        data: {
          FormId: 'AP_PAYBILL',
          FieldKeys: 'FID,FBillNo,FDOCUMENTSTATUS,FCONTACTUNIT.FNumber',
          FilterString: `FBillNo='${no(i)}'`,
        },
      },
    }));
    const save = await measure(pool, headers, WRITES, statusOk, (i) => ({
      path: op('Save'),
      body: { formid: 'AP_PAYBILL', data: { Model: payBill(i) } },
    }));
    const batch = await measure(pool, headers, WRITES / 10, statusOk, (i) => ({
      path: op('BatchSave'),
      body: {
        formid: 'AP_PAYBILL',
        data: { Model: Array.from({ length: 10 }, (_, j) => payBill(WRITES + i * 10 + j)) },
      },
    }));
    return [
      { name: 'k3cloud simulator View (100,000 bills)', value: Math.round(view), unit: 'req/s' },
      { name: 'k3cloud simulator ExecuteBillQuery by FBillNo', value: Math.round(query), unit: 'req/s' },
      { name: 'k3cloud simulator Save', value: Math.round(save), unit: 'req/s' },
      {
        name: 'k3cloud simulator BatchSave (10 bills per call)',
        value: Math.round(batch * 10),
        unit: 'bills/s',
      },
    ];
  } finally {
    await pool.close();
    await server.close();
  }
}

async function measure(
  pool: Pool,
  headers: Record<string, string>,
  count: number,
  ok: Check,
  requestOf: (i: number) => { path: string; body: unknown },
): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const { path, body } = requestOf(next++);
      const response = await pool.request({ method: 'POST', path, headers, body: JSON.stringify(body) });
      if (!ok(await response.body.json())) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} calls failed during the benchmark`);
  return count / ((performance.now() - started) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchK3CloudSimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
