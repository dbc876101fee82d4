import { isJsonObject, type JsonValue } from '../../../json.ts';
import { type CustomPagination, defineOperation, type HttpResponse, setParam } from '../../kit/index.ts';
import { v2Request } from '../envelope.ts';

/** Path of the 星辰 v2 voucher list / save. */
export const V2_VOUCHER_PATH = '/jdy/v2/fi/voucher';
/**
 * Always asked for: a larger `page_size` is silently capped at 100 while `total_page` is computed from
 * the requested size, which loses rows (StarClient, reference §4).
 */
export const V2_PAGE_SIZE = 100;
const FILTER_KEYS = [
  'start_period',
  'end_period',
  'bill_status',
  'number',
  'source_bill_no',
  'create_start_time',
  'create_end_time',
  'modify_start_time',
  'modify_end_time',
  'search',
] as const;

/** The rows of a v2 list answer. */
export function v2Rows(response: HttpResponse): JsonValue[] {
  const data = isJsonObject(response.body) ? response.body.data : undefined;
  return isJsonObject(data) && Array.isArray(data.rows) ? data.rows : [];
}

/** `page` in the query; the end is decided by `count` (not `total_page`, which the cap makes wrong). */
export const v2Pagination: CustomPagination = {
  style: 'custom',
  apply: (request, cursor) =>
    setParam(request, 'query.page', String(typeof cursor === 'number' ? cursor : 1)),
  read(response, cursor) {
    const items = v2Rows(response);
    const page = typeof cursor === 'number' ? cursor : 1;
    const data = isJsonObject(response.body) ? response.body.data : undefined;
    const count = isJsonObject(data) ? Number(data.count) : NaN;
    if (items.length === 0) return { items, next: null };
    if (Number.isFinite(count)) return { items, next: page * V2_PAGE_SIZE < count ? page + 1 : null };
    return { items, next: items.length < V2_PAGE_SIZE ? null : page + 1 };
  },
};

/** `GET /jdy/v2/fi/voucher` (金蝶云星辰): voucher rows, 100 a page. */
export const listVouchersV2Operation = defineOperation({
  name: '查询凭证（星辰） / List vouchers (v2)',
  description:
    'Lists 星辰 v2 vouchers by period (yyyy-MM) and filters; pages of 100 (the cap), ended by count.',
  method: 'GET',
  path: V2_VOUCHER_PATH,
  inputSchema: {
    type: 'object',
    properties: {
      start_period: { type: 'string', title: '开始期间', description: 'yyyy-MM' },
      end_period: { type: 'string', title: '结束期间', description: 'yyyy-MM' },
      bill_status: { type: 'string', title: '审核状态' },
      number: { type: 'string', title: '凭证号', description: '如 记-5' },
      source_bill_no: { type: 'string', title: '来源单据编号' },
      search: { type: 'string', title: '模糊搜索' },
    },
  },
  outputSchema: { type: 'array', title: '凭证', items: { type: 'object' } },
  sample: [
    {
      id: '100061',
      date: '2026-03-04',
      period: '2026-03',
      number: 12,
      voucher_no: '记-12',
      debit_total: 1280.5,
    },
  ],
  buildRequest(context) {
    const query: Record<string, string> = { page_size: String(V2_PAGE_SIZE) };
    for (const key of FILTER_KEYS) {
      const value = context.input[key];
      if (typeof value === 'string' || typeof value === 'number') query[key] = String(value);
    }
    return v2Request(context, 'GET', V2_VOUCHER_PATH, query);
  },
  pagination: v2Pagination,
  parseOutput: (response) => v2Rows(response),
});
