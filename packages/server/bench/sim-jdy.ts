import { Pool } from 'undici';
import { jdyAppSignature, jdyQueryString, signJdyRequest } from '../src/connectors/kingdee-jdy/signature.ts';
import { createJdySimulator } from '../src/connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 32;
const REQUESTS = 20_000;

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Measures the JDY simulator's family-A voucher read and save and the signed v2 detail read (req/s, keep-alive, loopback). */
export async function benchJdySimulator(): Promise<BenchResult[]> {
  const sim = createJdySimulator({
    instances: 100_000,
    anchorPeriod: 202603,
    callsPerMinute: 0,
    tokenCallsPerMinute: 0,
  });
  const cred = sim.options.credentials;
  const server = await sim.start();
  const pool = new Pool(server.url, { connections: CONCURRENCY, pipelining: 1 });
  const router = { 'x-gw-router-addr': cred.domain };
  try {
    const tokenPath = '/jdyconnector/app_management/kingdee_auth_token';
    const tokenParams = { app_key: cred.appKey, app_signature: jdyAppSignature(cred.appKey, cred.appSecret) };
    const tokenHeaders = signJdyRequest({
      clientId: cred.clientId,
      clientSecret: cred.clientSecret,
      method: 'GET',
      path: tokenPath,
      params: tokenParams,
    });
    const token = (await (
      await pool.request({
        method: 'GET',
        path: `${tokenPath}?${jdyQueryString(tokenParams)}`,
        headers: tokenHeaders,
      })
    ).body.json()) as {
      data: { access_token: string; 'app-token': string };
    };
    const query = `access_token=${token.data.access_token}&sId=${cred.serviceId}&dbId=${cred.accountId}`;
    const read = await measure(pool, (i) => ({
      method: 'POST',
      path: `/jdyaccouting/voucherlist?${query}`,
      headers: router,
      body: { fromPeriod: '202501', toPeriod: '202603', vchId: String(100_001 + ((i * 7919) % 100_000)) },
    }));
    const write = await measure(pool, (i) => ({
      method: 'POST',
      path: `/jdyaccouting/voucher?${query}`,
      headers: router,
      body: [
        {
          linkId: `BENCH-${i}`,
          date: '2026-03-05',
          entries: [
            { acctNo: '6602.02', dc: 1, amount: 100 + (i % 900), exp: '差旅费报销' },
            { acctNo: '1002', dc: -1, amount: 100 + (i % 900), exp: '差旅费报销' },
          ],
        },
      ],
    }));
    const detailPath = '/jdy/v2/fi/voucher_detail';
    const v2 = await measure(pool, (i) => {
      const params = { id: String(100_001 + (i % 100_000)) };
      const signed = signJdyRequest({
        clientId: cred.clientId,
        clientSecret: cred.clientSecret,
        method: 'GET',
        path: detailPath,
        params,
      });
      return {
        method: 'GET',
        path: `${detailPath}?${jdyQueryString(params)}`,
        headers: { ...router, ...signed, 'app-token': token.data['app-token'] },
      };
    });
    return [
      {
        name: 'jdy simulator /jdyaccouting/voucherlist by vchId (100,000-voucher book)',
        value: Math.round(read),
        unit: 'req/s',
      },
      {
        name: 'jdy simulator /jdyaccouting/voucher save (1 voucher per call)',
        value: Math.round(write),
        unit: 'req/s',
      },
      {
        name: 'jdy simulator /jdy/v2/fi/voucher_detail (gateway-signed)',
        value: Math.round(v2),
        unit: 'req/s',
      },
    ];
  } finally {
    await pool.close();
    await server.close();
  }
}

async function measure(pool: Pool, callOf: (i: number) => Call): Promise<number> {
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) {
      const call = callOf(next++);
      const response = await pool.request({
        method: call.method,
        path: call.path,
        headers: {
          ...call.headers,
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
      });
      const json = (await response.body.json()) as {
        code?: number;
        errcode?: number;
        list?: { code: number }[];
      };
      const ok = (json.code ?? json.errcode) === 0 && (json.list ?? []).every((item) => item.code === 0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0) throw new Error(`${failures} calls failed during the benchmark`);
  return REQUESTS / ((performance.now() - started) / 1000);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchJdySimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
