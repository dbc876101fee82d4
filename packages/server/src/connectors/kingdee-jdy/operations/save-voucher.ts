import { bilingual, QiaoError } from '../../../errors/index.ts';
import { isJsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/index.ts';
import { acctRequest, voucherOf } from '../envelope.ts';
import { findWrittenVoucher } from '../find-written.ts';
import { voucherResults } from './save-vouchers.ts';
import {
  ACCT_PARAM_PROPERTIES,
  SAMPLE_VOUCHER,
  SAVED_VOUCHER_SCHEMA,
  VOUCHER_PATH,
  VOUCHER_SCHEMA,
} from './voucher-schema.ts';

/** `POST /jdyaccouting/voucher` with one voucher (seed 000's 生成凭证): {vchId, id, linkId} or the voucher's error. */
export const saveVoucherOperation = defineOperation({
  name: '生成凭证 / Save voucher',
  description:
    'Saves one voucher (family A) with access_token/sId/dbId as URL parameters; a rejected voucher throws its own error with the system message.',
  method: 'POST',
  path: VOUCHER_PATH,
  write: true,
  inputSchema: {
    type: 'object',
    properties: {
      ...ACCT_PARAM_PROPERTIES,
      voucher: { ...VOUCHER_SCHEMA, title: '凭证', examples: [SAMPLE_VOUCHER] },
    },
  },
  outputSchema: SAVED_VOUCHER_SCHEMA,
  sample: { vchId: '100061', id: '100061', linkId: 'qiao-20260304-0001' },
  buildRequest: (context) => acctRequest(context, 'POST', VOUCHER_PATH, [voucherOf(context.input)]),
  parseOutput(response, context) {
    const voucher = voucherOf(context.input);
    const [result] = voucherResults(response, [voucher]);
    if (!result) throw new QiaoError('INTERNAL', bilingual('没有凭证结果', 'no voucher result'));
    if (!result.ok || !result.targetId) {
      const error = result.error;
      throw new QiaoError(
        error?.code ?? 'CONNECTOR_REJECTED',
        error?.message ?? bilingual('金蝶精斗云拒绝了该凭证', 'Kingdee JDY rejected the voucher'),
        {
          ...(error?.system ? { system: error.system } : {}),
          ...(error?.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        },
      );
    }
    const linkId = isJsonObject(voucher) && typeof voucher.linkId === 'string' ? voucher.linkId : null;
    return { vchId: result.targetId, id: result.targetId, linkId };
  },
  findWritten: findWrittenVoucher,
});
