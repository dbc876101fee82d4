import type { DocumentPath } from './diagnostic.ts';

/** The parts of zod's schema definition that key suggestions walk (zod 4 `_zod.def`). */
interface SchemaDef {
  type: string;
  shape?: Record<string, SchemaNode>;
  innerType?: SchemaNode;
  getter?: () => SchemaNode;
  options?: SchemaNode[];
  discriminator?: string;
  element?: SchemaNode;
  valueType?: SchemaNode;
}
interface SchemaNode {
  _zod: { def: SchemaDef };
}

const WRAPPERS = new Set(['optional', 'default', 'nullable', 'readonly', 'prefault', 'catch', 'nonoptional']);

/**
 * The keys an object at `path` may have, found by walking the zod schema alongside the value (discriminated
 * unions follow the value's tag); undefined when the schema there is not a known object.
 */
export function knownKeysAt(schema: unknown, value: unknown, path: DocumentPath): string[] | undefined {
  let node = resolve(schema as SchemaNode, value);
  let current = value;
  for (const segment of path) {
    const def = node?._zod.def;
    current = (current as Record<string | number, unknown> | undefined)?.[segment];
    const next = def?.shape?.[String(segment)] ?? def?.element ?? def?.valueType;
    node = next === undefined ? undefined : resolve(next, current);
    if (node === undefined) return undefined;
  }
  const shape = node?._zod.def.shape;
  return shape === undefined ? undefined : Object.keys(shape);
}

/** Unwraps optional/default/lazy wrappers and picks the union option matching the value's discriminator. */
function resolve(node: SchemaNode | undefined, value: unknown): SchemaNode | undefined {
  let current = node;
  for (let i = 0; i < 20 && current !== undefined; i++) {
    const def: SchemaDef = current._zod.def;
    if (WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === 'lazy') current = def.getter?.();
    else if (def.type === 'union' && def.discriminator !== undefined) {
      const tag = (value as Record<string, unknown> | null)?.[def.discriminator];
      current = def.options?.find(
        (o) =>
          o._zod.def.shape?.[def.discriminator ?? '']?._zod.def.type === 'literal' &&
          literalOf(o, def.discriminator ?? '') === tag,
      );
    } else return current;
  }
  return current;
}

function literalOf(option: SchemaNode, key: string): unknown {
  const def = option._zod.def.shape?.[key]?._zod.def as { values?: unknown[] } | undefined;
  return def?.values?.[0];
}

/** The known key closest to a misspelled one (edit distance ≤ 2, or a case-only difference), if any. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(key.length / 3))) ? best : undefined;
}

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((row[j - 1] ?? 0) + 1, (previous[j] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
