import { chunkArray } from '../expressions/index.ts';
import { atSegment } from './field-failure.ts';
import type { MapNode, Scope } from './nodes.ts';

/** The compiled parts of an object with a `$chunk: {field, size}` directive. */
export interface ChunkParts {
  field: string;
  size: number;
  entries: readonly (readonly [string, MapNode])[];
}

function groupsOf(detail: unknown, size: number): unknown[][] {
  const list = detail === undefined || detail === null ? [] : Array.isArray(detail) ? detail : [detail];
  return list.length === 0 ? [[]] : chunkArray(list, size);
}

function chunkScope(scope: Scope, index: number, count: number): Scope {
  const next = Object.create(scope) as Record<string, unknown>;
  next.chunkIndex = index;
  next.chunkCount = count;
  return next;
}

function detailNode(parts: ChunkParts): MapNode {
  const entry = parts.entries.find(([key]) => key === parts.field);
  return entry![1];
}

function buildSync(
  parts: ChunkParts,
  root: unknown,
  scope: Scope,
  group: unknown[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of parts.entries) {
    if (key === parts.field) {
      out[key] = group;
      continue;
    }
    try {
      const value = node.run(root, scope);
      if (value !== undefined) out[key] = value;
    } catch (error) {
      throw atSegment(error, key);
    }
  }
  return out;
}

async function buildAsync(
  parts: ChunkParts,
  root: unknown,
  scope: Scope,
  group: unknown[],
): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of parts.entries) {
    if (key === parts.field) {
      out[key] = group;
      continue;
    }
    try {
      const value = await node.run(root, scope);
      if (value !== undefined) out[key] = value;
    } catch (error) {
      throw atSegment(error, key);
    }
  }
  return out;
}

function detail(parts: ChunkParts, node: MapNode, root: unknown, scope: Scope): unknown {
  try {
    const value = node.run(root, scope);
    return node.sync
      ? value
      : (value as Promise<unknown>).catch((error: unknown) => Promise.reject(atSegment(error, parts.field)));
  } catch (error) {
    throw atSegment(error, parts.field);
  }
}

/**
 * Splits one target object into several when its detail array (`field`) has more than `size` lines: the
 * result is always an array of objects, each with a slice of the lines and the other fields evaluated with
 * `$chunkIndex` (0-based) and `$chunkCount` bound (e.g. to suffix the bill number).
 */
export function chunkedObjectNode(parts: ChunkParts): MapNode {
  const lines = detailNode(parts);
  const sync = parts.entries.every(([, node]) => node.sync);
  if (sync) {
    return {
      sync,
      run(root, scope) {
        const groups = groupsOf(detail(parts, lines, root, scope), parts.size);
        return groups.map((group, i) => buildSync(parts, root, chunkScope(scope, i, groups.length), group));
      },
    };
  }
  return {
    sync,
    async run(root, scope) {
      const groups = groupsOf(await detail(parts, lines, root, scope), parts.size);
      const out: unknown[] = [];
      for (const [i, group] of groups.entries()) {
        out.push(await buildAsync(parts, root, chunkScope(scope, i, groups.length), group));
      }
      return out;
    },
  };
}
