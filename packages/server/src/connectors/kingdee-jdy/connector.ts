import { defineConnector } from '../kit/index.ts';
import { fetchJdyToken, signJdy } from './auth.ts';
import { classifyJdyError } from './classify.ts';
import { JDY_DEFAULT_BASE_URL } from './envelope.ts';
import { getAccessTokenOperation } from './operations/get-access-token.ts';
import { listAccountsOperation } from './operations/list-accounts.ts';
import { listVouchersOperation } from './operations/list-vouchers.ts';
import { listVouchersV2Operation } from './operations/list-vouchers-v2.ts';
import { saveVoucherOperation } from './operations/save-voucher.ts';
import { saveVoucherV2Operation } from './operations/save-voucher-v2.ts';
import { saveVouchersOperation } from './operations/save-vouchers.ts';

/**
 * The Kingdee JDY connector (金蝶精斗云 云会计 family A `/jdyaccouting`, 金蝶云星辰 family B `/jdy/v2`).
 * Connection config: `baseUrl`, `outerInstanceId`, optional `domain`, `sId`, `dbId`; secrets `clientId`,
 * `clientSecret` (gateway signing). See README.md.
 */
export const kingdeeJdyConnector = defineConnector({
  id: 'kingdee-jdy',
  version: '1.0.0',
  name: { zh: '金蝶精斗云', en: 'Kingdee JDY' },
  description:
    '金蝶精斗云云会计凭证（/jdyaccouting）与金蝶云星辰 v2 凭证接口；网关签名、授权拉取与令牌缓存。',
  origin: 'builtIn',
  baseUrl: JDY_DEFAULT_BASE_URL,
  auth: {
    type: 'token',
    fetch: fetchJdyToken,
    // Operations place the token themselves (access_token in the query, app-token header via `sign`).
    inject: (request) => request,
    refreshBeforeMs: 30 * 60_000,
  },
  sign: signJdy,
  operations: {
    getAccessToken: getAccessTokenOperation,
    saveVouchers: saveVouchersOperation,
    saveVoucher: saveVoucherOperation,
    listVouchers: listVouchersOperation,
    listAccounts: listAccountsOperation,
    saveVoucherV2: saveVoucherV2Operation,
    listVouchersV2: listVouchersV2Operation,
  },
  classifyError: classifyJdyError,
  // ~500 calls/min per book (unofficial): 8/s with a burst of 10 stays under it.
  rateLimit: { perSecond: 8, burst: 10, per: 'connection' },
  timeoutMs: 30_000,
});
