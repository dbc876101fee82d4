import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';

/** What a helper sees as `this` when JSONata (or the direct evaluator) calls it: the variable scope. */
export interface HelperContext {
  environment: { lookup(name: string): unknown };
}

function helperError(message: string, value?: unknown): QiaoError {
  let shown: JsonValue = null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') shown = value;
  return new QiaoError('EXPRESSION_EVALUATION', message, { details: { value: shown } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `$fnumber(code)`: Kingdee base-data wrapping `{FNumber: code}`; null and "" give null, absent stays absent. */
export function fnumber(code: unknown): { FNumber: string } | null | undefined {
  if (code === undefined) return undefined;
  if (code === null || code === '') return null;
  if (isRecord(code) && typeof code.FNumber === 'string') return code as { FNumber: string };
  if (typeof code === 'string' || typeof code === 'number') return { FNumber: String(code) };
  throw helperError('$fnumber 需要编码字符串 / $fnumber expects a code string', code);
}

/**
 * `$valueMap(value, map, default?)`: the map's entry for the value; a missing entry gives `default`, or
 * fails when no default is given (an unmapped category must not be written silently).
 */
export function valueMap(value: unknown, map: unknown, ...fallback: unknown[]): unknown {
  if (!isRecord(map))
    throw helperError(
      '$valueMap 的第二个参数必须是对象 / the second argument of $valueMap must be an object',
    );
  if (value === undefined || value === null) return fallback.length > 0 ? fallback[0] : undefined;
  const key = String(value);
  if (Object.hasOwn(map, key)) return map[key];
  if (fallback.length > 0) return fallback[0];
  throw helperError(`值映射中没有 "${key}" / no mapping for the value "${key}"`, value);
}

function lookupIn(table: unknown, key: string): unknown {
  if (Array.isArray(table)) {
    const out: unknown[] = [];
    for (const row of table) {
      const hit = lookupIn(row, key);
      if (hit !== undefined) out.push(...(Array.isArray(hit) ? hit : [hit]));
    }
    return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
  }
  return isRecord(table) && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * `$lookup(table, key, default?)`: a table is an object, or the name of a table supplied by the caller in
 * the `tables` binding (`$lookup('employees', userid)`); with an object it behaves like JSONata's `$lookup`.
 */
export function lookup(this: HelperContext, table: unknown, key: unknown, ...fallback: unknown[]): unknown {
  const tables = typeof table === 'string' ? this.environment.lookup('tables') : undefined;
  return lookupTable(tables, table, key, fallback.length > 0, fallback[0]);
}

/**
 * `$lookup` with the `tables` binding passed in (it is only used when `table` is a name) and the default as
 * a flag and value — the allocation-free form the direct evaluator calls.
 */
export function lookupTable(
  tables: unknown,
  table: unknown,
  key: unknown,
  hasFallback: boolean,
  fallback: unknown,
): unknown {
  let source = table;
  if (typeof table === 'string') {
    source = isRecord(tables) ? tables[table] : undefined;
    if (source === undefined)
      throw helperError(`查找表 "${table}" 不存在 / no lookup table "${table}"`, table);
  }
  if (key === undefined || key === null) return hasFallback ? fallback : undefined;
  const hit = lookupIn(source, String(key));
  return hit === undefined && hasFallback ? fallback : hit;
}

/** `$chunk(array, n)`: splits an array into arrays of at most n items (a single value counts as one item). */
export function chunk(values: unknown, size: unknown): unknown[][] | undefined {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw helperError('$chunk 的大小必须是正整数 / the size of $chunk must be a positive integer', size);
  }
  if (values === undefined) return undefined;
  return chunkArray(Array.isArray(values) ? values : [values], size);
}

/** Splits an array into consecutive slices of at most `size` items. */
export function chunkArray<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
