import type { JsonObject, JsonValue } from '../../../json.ts';
import type { HttpResponse, OperationContext } from '../../kit/index.ts';
import { connectorErrors, defineOperation, setParam } from '../../kit/index.ts';
import { dynamicFormRequest, formIdOf, pickParams } from '../k3-envelope.ts';

/** Rows per page when the input sets no `Limit` (older servers reject more than 2000; reference §6). */
export const DEFAULT_QUERY_LIMIT = 2000;
/** The largest `Limit` newer servers accept. */
export const MAX_QUERY_LIMIT = 10_000;

/** The FieldKeys of the input as a list (string `"FID,FBillNo"` or array). */
export function fieldKeysOf(input: JsonObject): string[] {
  const raw = input.FieldKeys;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [];
  return list.map((k) => k.trim()).filter(Boolean);
}

/** The page size sent: the input's `Limit` (capped at 10000) or 2000. */
export function limitOf(input: JsonObject): number {
  const limit = Math.floor(Number(input.Limit));
  return Number.isFinite(limit) && limit > 0 ? Math.min(limit, MAX_QUERY_LIMIT) : DEFAULT_QUERY_LIMIT;
}

function startOf(input: JsonObject): number {
  const start = Math.floor(Number(input.StartRow));
  return Number.isFinite(start) && start > 0 ? start : 0;
}

/** Rows (arrays in FieldKeys order) → objects keyed by FieldKeys; anything but an array of rows is an error. */
export function rowsToObjects(response: HttpResponse, keys: string[]): JsonObject[] {
  const body = response.body;
  if (!Array.isArray(body)) {
    throw connectorErrors.operational(
      '金蝶云星空查询返回了无法识别的内容 / Kingdee K3Cloud answered the query with something unrecognisable',
      {
        body: typeof body === 'string' ? body.slice(0, 2000) : body,
      },
    );
  }
  return body.map((row) => {
    const values: JsonValue[] = Array.isArray(row) ? row : [row];
    return Object.fromEntries(keys.map((key, i) => [key, values[i] ?? null]));
  });
}

function readPage(response: HttpResponse, cursor: JsonValue, context?: OperationContext) {
  const input = context?.input ?? {};
  const items = rowsToObjects(response, fieldKeysOf(input));
  const start = typeof cursor === 'number' ? cursor : startOf(input);
  const end = start + items.length;
  const top = Math.floor(Number(input.TopRowCount)) || 0;
  const last = items.length < limitOf(input) || (top > 0 && end >= top);
  return { items, next: last ? null : end };
}

/**
 * `DynamicFormService.ExecuteBillQuery`: rows of a form by FieldKeys/FilterString, paged by
 * StartRow + Limit until a short page; each row becomes an object keyed by its FieldKeys.
 */
export const executeBillQueryOperation = defineOperation({
  name: '单据查询 / ExecuteBillQuery',
  description: 'Queries rows of any form (bills or base data); pages by StartRow + Limit.',
  method: 'POST',
  write: false,
  inputSchema: {
    type: 'object',
    required: ['FieldKeys'],
    properties: {
      FormId: { type: 'string', title: '业务对象表单Id', default: 'AP_PAYBILL' },
      FieldKeys: {
        type: 'string',
        title: '需查询的字段key集合',
        description: '逗号分隔，如 FID,FBillNo,FDATE',
      },
      FilterString: { title: '过滤条件', description: "如 FBillNo='FKD0001'，或条件对象数组" },
      OrderString: { type: 'string', title: '排序字段' },
      TopRowCount: { type: 'integer', title: '返回总行数', default: 0 },
      StartRow: { type: 'integer', title: '开始行索引', default: 0 },
      Limit: { type: 'integer', title: '最大行数', default: DEFAULT_QUERY_LIMIT, maximum: MAX_QUERY_LIMIT },
      SubSystemId: { type: 'string', title: '表单所在的子系统内码' },
    },
  },
  outputSchema: { type: 'array', items: { type: 'object', description: '按 FieldKeys 命名的行' } },
  sample: [
    { FID: 100021, FBillNo: 'FKD-DT-202603040001', FDATE: '2026-03-04T00:00:00', FDOCUMENTSTATUS: 'C' },
  ],
  buildRequest(context) {
    const { input } = context;
    const data: JsonObject = {
      FormId: formIdOf(input),
      FieldKeys: fieldKeysOf(input).join(','),
      FilterString: input.FilterString ?? '',
      OrderString: typeof input.OrderString === 'string' ? input.OrderString : '',
      TopRowCount: Math.floor(Number(input.TopRowCount)) || 0,
      StartRow: startOf(input),
      Limit: limitOf(input),
      ...pickParams(input, ['SubSystemId']),
    };
    return dynamicFormRequest(context, 'ExecuteBillQuery', { data });
  },
  pagination: {
    style: 'custom',
    apply: (request, cursor) =>
      typeof cursor === 'number' ? setParam(request, 'body.data.StartRow', cursor) : request,
    read: readPage,
  },
  parseOutput: (response, context) => rowsToObjects(response, fieldKeysOf(context.input)),
});
