import type { JdyContext, ResolvedJdyOptions } from './context.ts';
import { INSPECT_PREFIX } from './routes-inspect.ts';

function limitText(perMinute: number): string {
  return perMinute > 0 && Number.isFinite(perMinute) ? `${perMinute}/min` : 'off';
}

/** Printable lines for the CLI: address, credentials, routes, limits and the inspection API. */
export function describeJdySimulator(
  sim: { options: ResolvedJdyOptions; state: JdyContext },
  url = 'http://127.0.0.1:<port>',
): string[] {
  const o = sim.options;
  const c = o.credentials;
  return [
    `金蝶精斗云 JDY simulator (api.kingdee.com stand-in) — ${url}`,
    `  developer app: client_id=${c.clientId} client_secret=${c.clientSecret} (X-Api-* gateway signature, ±${Math.round(o.signatureWindowMs / 1000)} s)`,
    `  authorization: outerInstanceId=${c.outerInstanceId} appKey=${c.appKey} appSecret=${sim.state.auth.appSecret}`,
    `  account book:  X-GW-Router-Addr: ${c.domain}  sId(serviceId)=${c.serviceId}  dbId(accountId)=${c.accountId}  ${c.accountName}`,
    `  auth:    POST /jdyconnector/app_management/push_app_authorize?outerInstanceId= · GET …/kingdee_auth_token?app_key&app_signature`,
    `  云会计:  POST /jdyaccouting/voucher · POST /jdyaccouting/voucherlist · GET /jdyaccouting/account  (?access_token&sId&dbId; signature ${o.strictSignature ? 'required' : 'optional'})`,
    '  星辰 v2: GET|POST /jdy/v2/fi/voucher · GET /jdy/v2/fi/voucher_detail · GET /jdy/v2/fi/account · GET /jdy/v2/fi/voucher_type',
    `  data:    ${sim.state.vouchers.seeded.count} seeded vouchers over 12 periods to ${o.anchorPeriod}; seed=${o.seed}`,
    `  limits:  token TTL ${Math.round(o.tokenTtlMs / 1000)} s · token exchange ${limitText(o.tokenCallsPerMinute)} · calls ${limitText(o.callsPerMinute)} per book · batch ≤${o.batchSizeMax} · v2 page_size cap ${o.pageSizeCap}`,
    `  inspect: GET ${url}${INSPECT_PREFIX}/state · /vouchers · /calls · /faults; POST /faults · /faults/force · /reset · /tokens/expire · /secret/rotate`,
  ];
}
