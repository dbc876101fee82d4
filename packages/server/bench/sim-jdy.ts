import { jdyAppSignature, jdyQueryString, signJdyRequest } from '../src/connectors/kingdee-jdy/signature.ts';
import type { JdyCredentials } from '../src/connectors/kingdee-jdy/simulator/credentials.ts';
import type { BenchResult } from './result.ts';
import { benchSimulator, type LoadRequest, type SimulatorProcess } from './simulator-load.ts';

type JdyAnswer = { code?: number; errcode?: number; list?: { code: number }[] };
const ok = (json: unknown) => {
  const a = json as JdyAnswer;
  return (a.code ?? a.errcode) === 0 && (a.list ?? []).every((item) => item.code === 0);
};
const DETAIL = '/jdy/v2/fi/voucher_detail';

/** Measures the JDY simulator (child process): family-A voucher read and save, and the signed v2 detail read. */
export function benchJdySimulator(): Promise<BenchResult[]> {
  return benchSimulator('jdy', async (sim) => {
    const cred = (sim.fixture as { credentials: JdyCredentials }).credentials;
    const token = await fetchTokens(sim, cred);
    const router = { 'x-gw-router-addr': cred.domain };
    const query = `access_token=${token.access_token}&sId=${cred.serviceId}&dbId=${cred.accountId}`;
    const detail = (i: number): LoadRequest => {
      const params = { id: String(100_001 + ((i * 7919) % 100_000)) };
      const signed = signJdyRequest({ ...signer(cred), method: 'GET', path: DETAIL, params });
      const headers = { ...router, ...signed, 'app-token': token['app-token'] };
      return { method: 'GET', path: `${DETAIL}?${jdyQueryString(params)}`, headers };
    };
    // Signed ahead (the signature holds for 5 minutes) so the client's HMACs do not slow the load.
    const hot = Array.from({ length: 1000 }, (_, i) => detail(i));
    const hotDetail = (i: number) => hot[i % 1000] as LoadRequest;
    const distinct = Array.from({ length: 22_000 }, (_, i) => detail(1000 + i));
    return [
      { name: '/jdy/v2/fi/voucher_detail (1,000 hot vouchers)', ok, requestOf: hotDetail },
      {
        name: '/jdyaccouting/voucherlist by vchId (20,000 distinct of a 100,000-voucher book, not read before)',
        ok,
        requestOf: (i) => ({
          method: 'POST',
          path: `/jdyaccouting/voucherlist?${query}`,
          headers: router,
          body: {
            fromPeriod: '202501',
            toPeriod: '202603',
            vchId: String(100_001 + (((1000 + i) * 7919) % 100_000)),
          },
        }),
      },
      {
        name: '/jdy/v2/fi/voucher_detail (20,000 distinct vouchers not read before)',
        ok,
        requestOf: (i) => distinct[i] as LoadRequest,
      },
      {
        name: '/jdyaccouting/voucher save (1 voucher per call)',
        ok,
        requestOf: (i) => ({
          method: 'POST',
          path: `/jdyaccouting/voucher?${query}`,
          headers: router,
          body: [voucher(i)],
        }),
      },
    ];
  });
}

function signer(cred: JdyCredentials) {
  return { clientId: cred.clientId, clientSecret: cred.clientSecret };
}

async function fetchTokens(
  sim: SimulatorProcess,
  cred: JdyCredentials,
): Promise<{ access_token: string; 'app-token': string }> {
  const path = '/jdyconnector/app_management/kingdee_auth_token';
  const params = { app_key: cred.appKey, app_signature: jdyAppSignature(cred.appKey, cred.appSecret) };
  const headers = signJdyRequest({ ...signer(cred), method: 'GET', path, params });
  const answer = await sim.request({ method: 'GET', path: `${path}?${jdyQueryString(params)}`, headers });
  return (answer as { data: { access_token: string; 'app-token': string } }).data;
}

function voucher(i: number) {
  const amount = 100 + (i % 900);
  return {
    linkId: `BENCH-${i}`,
    date: '2026-03-05',
    entries: [
      { acctNo: '6602.02', dc: 1, amount, exp: '差旅费报销' },
      { acctNo: '1002', dc: -1, amount, exp: '差旅费报销' },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchJdySimulator()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
