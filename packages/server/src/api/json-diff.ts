import { formatPath } from '../definitions/index.ts';
import { isJsonObject, type JsonValue } from '../json.ts';

/** One difference between two JSON values: where, the value before (null: absent) and after. */
export interface JsonChange {
  path: string;
  before: JsonValue | null;
  after: JsonValue | null;
}

/** Lists the differences between two JSON values, leaf by leaf (arrays compared by index). */
export function jsonDiff(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path: Array<string | number> = [],
): JsonChange[] {
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => jsonDiff(before[key], after[key], [...path, key]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) =>
      jsonDiff(before[index], after[index], [...path, index]),
    ).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: formatPath(path), before: before ?? null, after: after ?? null }];
}
