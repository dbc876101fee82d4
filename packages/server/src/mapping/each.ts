import { chunkArray } from '../expressions/index.ts';
import { atSegment, type FieldFailure } from './field-failure.ts';
import type { EachParts, MapNode, Scope } from './nodes.ts';

/** JSONata's truthiness (`$boolean`): empty strings, 0, empty arrays/objects, null and absent are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.some(truthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  if (typeof value === 'function') return false;
  return Boolean(value);
}

function itemsOf(source: unknown): readonly unknown[] {
  if (source === undefined || source === null) return [];
  return Array.isArray(source) ? source : [source];
}

/**
 * The scope of the items of one `$each` run: a flat copy of the enclosing scope (inherited keys included,
 * see chunk-object.ts) plus `$root`, `$parent` and `$parents` — the same for every item — and the slots
 * `$index` and `$<as>` that `setItem` fills per item. Flat, so JSONata (own keys only) can use it as is.
 */
export function itemsScope(scope: Scope, parent: unknown, as: string | undefined): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const key in scope) next[key] = scope[key];
  next.root = scope.root ?? parent;
  next.parent = parent;
  next.parents = [parent, ...((scope.parents as unknown[] | undefined) ?? [])];
  next.index = 0;
  if (as !== undefined) next[as] = undefined;
  return next;
}

/** Points an items scope at item `index` (the `$as` name is set last: it wins over `index`, `root`, …). */
function setItem(parts: EachParts, scope: Record<string, unknown>, item: unknown, index: number): Scope {
  scope.index = index;
  if (parts.as !== undefined) scope[parts.as] = item;
  return scope;
}

function finish(parts: EachParts, out: unknown[]): unknown {
  return parts.chunk === undefined ? out : chunkArray(out, parts.chunk);
}

/** The synchronous run: one items scope updated in place (nothing evaluated here can keep a reference to it). */
function runSync(parts: EachParts, root: unknown, scope: Scope): unknown {
  const items = itemsOf(parts.source.run(root, scope));
  const out: unknown[] = [];
  if (items.length === 0) return finish(parts, out);
  const shared = itemsScope(scope, root, parts.as);
  const parents = shared.parents as unknown[];
  const { filter, map } = parts;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      // Each item gets its own `$parents` array (a result may hold it), as when scopes were per item.
      if (i > 0) shared.parents = parents.slice();
      const inner = setItem(parts, shared, item, i);
      if (filter !== undefined && !truthy(filter.run(item, inner))) continue;
      out.push(map === undefined ? item : (map.run(item, inner) ?? null));
    } catch (error) {
      throw atSegment(error, `[${i}]`);
    }
  }
  return finish(parts, out);
}

async function runAsync(parts: EachParts, root: unknown, scope: Scope): Promise<unknown> {
  const items = itemsOf(await parts.source.run(root, scope));
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    try {
      // A fresh scope per item: JSONata evaluations are asynchronous and must not see a later item.
      const inner = setItem(parts, itemsScope(scope, root, parts.as), item, i);
      if (parts.filter !== undefined && !truthy(await parts.filter.run(item, inner))) continue;
      out.push(parts.map === undefined ? item : ((await parts.map.run(item, inner)) ?? null));
    } catch (error) {
      throw atSegment(error as FieldFailure, `[${i}]`);
    }
  }
  return finish(parts, out);
}

/** Builds a target array from a source array, each item mapped with the item as root (master–detail). */
export function eachNode(parts: EachParts): MapNode {
  const sync = [parts.source, parts.map, parts.filter].every((node) => node === undefined || node.sync);
  const plan = { kind: 'each', parts } as const;
  return sync
    ? { sync, plan, run: (root, scope) => runSync(parts, root, scope) }
    : { sync, plan, run: (root, scope) => runAsync(parts, root, scope) };
}
