import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { type CustomPagination, defineOperation, type HttpResponse, setParam } from '../../kit/index.ts';
import { JDY_ERROR_CODES } from '../classify.ts';
import { acctRequest, statusOf } from '../envelope.ts';
import { ACCT_PARAM_PROPERTIES, VOUCHER_LIST_PATH, VOUCHER_SCHEMA } from './voucher-schema.ts';

/** Page size asked for when the input gives none (the real maximum is undocumented). */
export const DEFAULT_VOUCHER_PAGE_SIZE = 100;
const CALL_KEYS = new Set(['access_token', 'sId', 'dbId', 'page']);

/** The voucherlist items of an answer; "no data" (46002) is an empty list. */
export function voucherItems(response: HttpResponse): JsonValue[] {
  const body = response.body;
  if (statusOf(body)?.code === JDY_ERROR_CODES.noResult) return [];
  return isJsonObject(body) && Array.isArray(body.items) ? body.items : [];
}

/** page/pageSize paging in the body; ends on 46002, on the last of `totalPages`, or on a short page. */
export const voucherListPagination: CustomPagination = {
  style: 'custom',
  apply: (request, cursor) => setParam(request, 'body.page', typeof cursor === 'number' ? cursor : 1),
  read(response, cursor) {
    const items = voucherItems(response);
    const body = isJsonObject(response.body) ? response.body : {};
    const page = typeof cursor === 'number' ? cursor : 1;
    if (items.length === 0) return { items, next: null };
    const totalPages = Number(body.totalPages);
    if (Number.isFinite(totalPages) && totalPages > 0)
      return { items, next: page < totalPages ? page + 1 : null };
    const size = isJsonObject(body) ? Number(body.pageSize) : NaN;
    return { items, next: Number.isFinite(size) && items.length < size ? null : page + 1 };
  },
};

/** `POST /jdyaccouting/voucherlist`: vouchers of a period range with filters, page by page. */
export const listVouchersOperation = defineOperation({
  name: '查询凭证 / List vouchers',
  description:
    'Lists vouchers of fromPeriod..toPeriod (yyyyMM, required) with optional filters; "no data" ends the list.',
  method: 'POST',
  path: VOUCHER_LIST_PATH,
  inputSchema: {
    type: 'object',
    required: ['fromPeriod', 'toPeriod'],
    properties: {
      ...ACCT_PARAM_PROPERTIES,
      fromPeriod: { type: ['string', 'integer'], title: '开始期间', description: 'yyyyMM' },
      toPeriod: { type: ['string', 'integer'], title: '结束期间', description: 'yyyyMM' },
      linkId: { type: 'string', title: '外部单据ID' },
      vchId: { type: 'string', title: '凭证ID' },
      vchGroup: { type: 'string', title: '凭证字' },
      vchNum: { type: 'string', title: '凭证号', description: '"1,2,3" 或 "1-3"' },
      status: { type: 'integer', title: '审核状态', description: '0 未审核，1 已审核' },
      exp: { type: 'string', title: '摘要' },
      pageSize: { type: 'integer', title: '每页条数', default: DEFAULT_VOUCHER_PAGE_SIZE },
    },
  },
  outputSchema: { type: 'array', title: '凭证', items: VOUCHER_SCHEMA },
  sample: [
    {
      vchId: '100061',
      linkId: 'qiao-20260304-0001',
      groupName: '记',
      vchNumber: 12,
      date: '2026-03-04',
      yearPeriod: 202603,
      status: 0,
      debitTotal: 1280.5,
      creditTotal: 1280.5,
      entries: [
        { seq: 1, exp: '报销差旅费', acctNo: '6602.02', acctName: '管理费用_差旅费', dc: 1, amount: 1280.5 },
      ],
    },
  ],
  buildRequest(context) {
    const filter: JsonObject = {};
    for (const [key, value] of Object.entries(context.input)) if (!CALL_KEYS.has(key)) filter[key] = value;
    filter.pageSize = Number(context.input.pageSize) || DEFAULT_VOUCHER_PAGE_SIZE;
    return acctRequest(context, 'POST', VOUCHER_LIST_PATH, filter);
  },
  pagination: voucherListPagination,
  parseOutput: (response) => voucherItems(response),
});
