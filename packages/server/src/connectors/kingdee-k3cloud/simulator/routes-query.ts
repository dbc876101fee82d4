import type { JsonObject, JsonValue } from '../../../json.ts';
import type { K3Context, OperationHandler } from './context.ts';
import { failureBody, nestedForQuery, param } from './envelope.ts';
import {
  compareValues,
  evaluateFilter,
  type FilterNode,
  FilterSyntaxError,
  filterFields,
  filterFromArray,
  parseFilterString,
} from './filter-string.ts';
import { PAY_BILL_FORM_ID, type PayBill } from './pay-bill-model.ts';
import type { PayBillStore } from './pay-bill-store.ts';
import {
  type Accessor,
  type BaseDataRow,
  type BillRow,
  baseDataAccessor,
  payBillAccessor,
} from './query-fields.ts';
import { BadRequestBody, requestOf } from './routes-common.ts';

/** A queryable form: how to resolve a field key and how to list rows. */
interface RowSource<Row> {
  accessor(key: string): Accessor<Row> | null;
  rows(entryLevel: boolean, filter: FilterNode): Iterable<Row>;
}

/** Bills an equality on FBillNo / FID at the top level of the filter narrows to (the unique indexes), or null. */
function indexed(store: PayBillStore, node: FilterNode): PayBill[] | null {
  if (node.kind === 'and') return indexed(store, node.left) ?? indexed(store, node.right);
  const field = node.kind === 'cmp' || node.kind === 'in' ? node.field.toLowerCase() : '';
  if (field !== 'fbillno' && field !== 'fid') return null;
  const values =
    node.kind === 'cmp' && node.op === '='
      ? [node.value]
      : node.kind === 'in' && !node.negate
        ? node.values
        : null;
  if (!values) return null;
  const found = values.map((v) => (field === 'fid' ? store.get(Number(v)) : store.findByNumber(String(v))));
  return found.filter((b): b is PayBill => b !== undefined);
}

function* billRows(bills: Iterable<PayBill>, entryLevel: boolean): Generator<BillRow> {
  for (const bill of bills) {
    if (!entryLevel) yield { bill, entry: undefined };
    else for (const entry of bill.entries) yield { bill, entry };
  }
}

function sourceOf(ctx: K3Context, formId: string): RowSource<BillRow> | RowSource<BaseDataRow> | null {
  if (formId.toUpperCase() === PAY_BILL_FORM_ID) {
    return {
      accessor: payBillAccessor,
      rows: (entryLevel, filter) => billRows(indexed(ctx.bills, filter) ?? ctx.bills.all(), entryLevel),
    };
  }
  const table = [...ctx.baseData.values()].find((t) => t.formId.toLowerCase() === formId.toLowerCase());
  if (!table) return null;
  return {
    accessor: (key) => baseDataAccessor(table, key),
    rows: () => table.records.map((record) => ({ table, record })),
  };
}

/** The query parameters the simulator honours. */
interface QuerySpec {
  keys: string[];
  filter: FilterNode;
  order: { key: string; desc: boolean }[];
  start: number;
  limit: number;
  top: number;
}

function readSpec(ctx: K3Context, data: JsonObject): QuerySpec {
  const keys = String(param(data, 'FieldKeys') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new BadRequestBody(failureBody('FieldKeys 参数不能为空', 8, 'FieldKeys'));
  const rawFilter = param(data, 'FilterString');
  let filter: FilterNode;
  try {
    filter = Array.isArray(rawFilter)
      ? filterFromArray(rawFilter)
      : parseFilterString(typeof rawFilter === 'string' ? rawFilter : '');
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      throw new BadRequestBody(failureBody(error.message, 8, 'FilterString'));
    throw error;
  }
  const order = String(param(data, 'OrderString') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const [key = '', dir = ''] = part.split(/\s+/);
      return { key, desc: dir.toUpperCase() === 'DESC' };
    });
  const limit = Number(param(data, 'Limit') ?? 0) || 0;
  return {
    keys,
    filter,
    order,
    start: Math.max(0, Number(param(data, 'StartRow') ?? 0) || 0),
    limit: limit > 0 ? Math.min(limit, ctx.options.queryLimitMax) : Math.min(2000, ctx.options.queryLimitMax),
    top: Math.max(0, Number(param(data, 'TopRowCount') ?? 0) || 0),
  };
}

function unknownField(key: string): BadRequestBody {
  return new BadRequestBody(failureBody(`元数据中标识为${key}的字段不存在`, 9));
}

/** Runs a query: rows as arrays in FieldKeys order (errors thrown as {@link BadRequestBody}). */
function runQuery<Row>(source: RowSource<Row>, spec: QuerySpec): JsonValue[][] {
  const resolve = (key: string) =>
    source.accessor(key) ??
    (() => {
      throw unknownField(key);
    })();
  const columns = spec.keys.map(resolve);
  const filterAccess = new Map(filterFields(spec.filter).map((f) => [f, resolve(f)]));
  const orderAccess = spec.order.map((o) => ({ ...o, accessor: resolve(o.key) }));
  const entryLevel = [...columns, ...filterAccess.values(), ...orderAccess.map((o) => o.accessor)].some(
    (a) => a.entryLevel,
  );
  const end = spec.top > 0 ? Math.min(spec.top, spec.start + spec.limit) : spec.start + spec.limit;
  const matches = (row: Row) =>
    evaluateFilter(spec.filter, (field) => (filterAccess.get(field) as Accessor<Row>).get(row));
  const out: JsonValue[][] = [];
  if (orderAccess.length === 0) {
    let index = 0;
    for (const row of source.rows(entryLevel, spec.filter)) {
      if (!matches(row)) continue;
      if (index >= end) break;
      if (index++ >= spec.start) out.push(columns.map((c) => c.get(row)));
    }
    return out;
  }
  const all = [...source.rows(entryLevel, spec.filter)].filter(matches);
  all.sort((a, b) => {
    for (const o of orderAccess) {
      const vb = o.accessor.get(b);
      const d = compareValues(o.accessor.get(a), typeof vb === 'number' ? vb : String(vb ?? ''));
      if (d !== 0) return o.desc ? -d : d;
    }
    return 0;
  });
  return all.slice(spec.start, end).map((row) => columns.map((c) => c.get(row)));
}

/** Shared body of ExecuteBillQuery and BillQuery; errors come back nested as `[[{"Result":…}]]`. */
function query(shape: (keys: string[], rows: JsonValue[][]) => JsonValue): OperationHandler {
  return ({ body, ctx }) => {
    try {
      const req = requestOf(body);
      const formId = String(param(req.data, 'FormId') ?? req.formId);
      const source = sourceOf(ctx, formId);
      if (!source) return nestedForQuery(failureBody(`业务对象不存在：${formId}`, 4, 'FormId'));
      const spec = readSpec(ctx, req.data);
      return shape(spec.keys, runQuery(source as RowSource<unknown>, spec));
    } catch (error) {
      if (error instanceof BadRequestBody) return nestedForQuery(error.body);
      throw error;
    }
  };
}

/** Query operations by lower-case name. */
export const QUERY_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  executebillquery: query((_keys, rows) => rows),
  billquery: query((keys, rows) =>
    rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null]))),
  ),
};
