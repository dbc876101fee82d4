import { QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { type BatchItemResult, defineOperation, type HttpResponse } from '../../kit/index.ts';
import { errorOfCode } from '../classify.ts';
import { acctRequest, statusOf } from '../envelope.ts';
import { findWrittenVoucher } from '../find-written.ts';
import {
  ACCT_PARAM_PROPERTIES,
  MAX_VOUCHERS_PER_SAVE,
  SAMPLE_VOUCHER,
  VOUCHER_PATH,
  VOUCHER_SCHEMA,
} from './voucher-schema.ts';

/** The per-voucher results `list[i]` of a save answer, in the vouchers' order. */
export function voucherResults(response: HttpResponse, records: JsonValue[]): BatchItemResult[] {
  const list = isJsonObject(response.body) && Array.isArray(response.body.list) ? response.body.list : [];
  return records.map((record, index) => {
    const item = list[index];
    if (!isJsonObject(item)) {
      // The system said nothing about this voucher: it may or may not exist.
      const error = new QiaoError(
        'CONNECTOR_UNCERTAIN_WRITE',
        '金蝶精斗云没有返回该凭证的结果 / Kingdee JDY returned no result for this voucher',
      );
      return { index, ok: false, error: error.toStructured() };
    }
    const status = statusOf(item) ?? { code: 0, message: '' };
    const vchId = item.vchId === undefined || item.vchId === null ? '' : String(item.vchId);
    if (status.code === 0 && vchId) return { index, ok: true, targetId: vchId };
    const linkId = isJsonObject(record) && typeof record.linkId === 'string' ? record.linkId : null;
    const system: JsonObject = { code: status.code, msg: status.message, index, linkId };
    const code = status.code === 0 ? 46001 : status.code;
    return { index, ok: false, error: errorOfCode(code, status.message, system).toStructured() };
  });
}

/** `POST /jdyaccouting/voucher` as a batch write: ≤200 vouchers per call (the kit splits), results per voucher. */
export const saveVouchersOperation = defineOperation({
  name: '批量保存凭证 / Save vouchers',
  description:
    'Saves vouchers to the 云会计 book (family A); each voucher succeeds or fails alone (list[i]). A duplicate linkId is CONNECTOR_DUPLICATE.',
  method: 'POST',
  path: VOUCHER_PATH,
  batch: { recordsParam: 'body', maxSize: MAX_VOUCHERS_PER_SAVE, results: 'list' },
  inputSchema: {
    type: 'object',
    properties: {
      ...ACCT_PARAM_PROPERTIES,
      records: { type: 'array', title: '凭证', items: VOUCHER_SCHEMA, examples: [[SAMPLE_VOUCHER]] },
    },
  },
  outputSchema: {
    type: 'array',
    title: '每张凭证的结果',
    items: {
      type: 'object',
      properties: {
        index: { type: 'integer', title: '序号' },
        ok: { type: 'boolean', title: '是否成功' },
        targetId: { type: 'string', title: '凭证ID vchId' },
        error: { type: 'object', title: '错误' },
      },
    },
  },
  sample: [{ index: 0, ok: true, targetId: '100061' }],
  buildRequest: (context) => acctRequest(context, 'POST', VOUCHER_PATH, []),
  parseBatch: (response, records) => voucherResults(response, records),
  findWritten: findWrittenVoucher,
});
