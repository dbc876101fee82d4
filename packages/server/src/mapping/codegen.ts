import { bilingual, QiaoError } from '../errors/index.ts';
import {
  chunkArray,
  type DirectPlan,
  lookupTable,
  NO_SCOPE,
  scopeOf,
  stringifyPart,
} from '../expressions/index.ts';
import { emitDirect } from './codegen-expr.ts';
import { type Frame, quote, Source } from './codegen-source.ts';
import { itemsScope, truthy } from './each.ts';
import { type EachParts, flatScope, type MapNode, type NodePlan, type Scope } from './nodes.ts';

/**
 * The mapping code generator (ajv-style): one JavaScript function per compiled mapping tree, built with
 * `new Function` from the generator's own templates only. Literals are inlined as JSON string literals,
 * property names are always quoted keys, helpers/JSONata closures/other nodes are reached through tables.
 */

/** What the generated factory receives as `R`: the run-time functions the templates call. */
const RUNTIME = {
  isArray: Array.isArray,
  hasOwn: Object.hasOwn,
  truthy,
  str: stringifyPart,
  flatScope,
  itemsScope,
  chunkArray,
  lookupTable,
  scopeOf,
  NO_SCOPE,
};

/** A generated mapping function and its source (for tests and debugging). */
export interface GeneratedMapping {
  readonly source: string;
  /** Same contract as a node's `run`: the value, or a Promise of it when the tree is not synchronous. */
  readonly run: (root: unknown, scope: Scope) => unknown;
}

/** Whether a node's value can be absent (undefined): only expression values and opaque nodes can. */
function mayBeAbsent(node: MapNode): boolean {
  const plan = node.plan;
  if (plan === undefined || plan.kind === 'engine') return true;
  if (plan.kind === 'direct') return !plan.mixed;
  return plan.kind === 'constant' && plan.value === undefined;
}

function emitOpaque(node: MapNode, f: Frame, src: Source): string {
  const v = src.name('v');
  const wait = node.sync ? '' : 'await ';
  src.push(`const ${v} = ${wait}${src.ref('n', node)}.run(${f.root}, ${f.scope});`);
  return v;
}

function emitEngine(
  evaluate: (root: unknown, scope: Scope) => Promise<unknown>,
  f: Frame,
  src: Source,
): string {
  if (!f.async)
    throw new QiaoError(
      'INTERNAL',
      bilingual(
        '映射代码生成出错：同步映射中出现了 JSONata 调用',
        'codegen: JSONata call in a synchronous mapping',
      ),
    );
  const v = src.name('v');
  src.push(`const ${v} = await ${src.ref('x', evaluate)}(${f.root}, flatScope(${f.scope}));`);
  return v;
}

function emitText(parts: readonly (string | DirectPlan)[], f: Frame, src: Source): string {
  const pieces = parts.map((p) => (typeof p === 'string' ? quote(p) : `str(${emitDirect(p, f, src)})`));
  const v = src.name('v');
  src.push(`const ${v} = "" + ${pieces.join(' + ')};`);
  return v;
}

/**
 * An object: values computed in key order, then one object literal of the leading fields that are never
 * absent and assignments for the rest (`__proto__` is always assigned, as the interpreted builder does).
 */
function emitObject(entries: readonly (readonly [string, MapNode])[], f: Frame, src: Source): string {
  const values = entries.map(([key, node]) => ({
    key,
    value: emitNode(node, f, src),
    absent: mayBeAbsent(node),
  }));
  const o = src.name('o');
  let lead = 0;
  while (lead < values.length && !values[lead]!.absent && values[lead]!.key !== '__proto__') lead++;
  const literal = values.slice(0, lead).map(({ key, value }) => `${quote(key)}: ${value}`);
  src.push(`const ${o} = {${literal.join(', ')}};`);
  for (const { key, value, absent } of values.slice(lead)) {
    const set = `${o}[${quote(key)}] = ${value};`;
    src.push(absent ? `if (${value} !== undefined) ${set}` : set);
  }
  return o;
}

function emitArray(items: readonly MapNode[], f: Frame, src: Source): string {
  const values = items.map((node) => emitNode(node, f, src));
  const v = src.name('v');
  src.push(`const ${v} = [${values.map((value) => `${value} ?? null`).join(', ')}];`);
  return v;
}

/** One item of `$each`: filter, then map (or the item itself), pushed to `out`. */
function emitItem(parts: EachParts, inner: Frame, out: string, src: Source): void {
  if (parts.filter !== undefined) {
    src.push(`if (!truthy(${emitNode(parts.filter, inner, src)})) continue;`);
  }
  const mapped = parts.map === undefined ? inner.root : `${emitNode(parts.map, inner, src)} ?? null`;
  src.push(`${out}.push(${mapped});`);
}

/**
 * `$each` as a for loop, as each.ts runs it: synchronous — one items scope updated in place (a fresh
 * `$parents` array per item); asynchronous — a fresh items scope per item.
 */
function emitEach(parts: EachParts, sync: boolean, f: Frame, src: Source): string {
  const source = src.name('v');
  src.push(`const ${source} = ${emitNode(parts.source, f, src)};`);
  const items = src.name('l');
  src.push(
    `const ${items} = ${source} === undefined || ${source} === null ? [] : isArray(${source}) ? ${source} : [${source}];`,
  );
  const [out, i, item, scope, parents] = ['o', 'i', 'r', 's', 'q'].map((p) => src.name(p)) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const as = parts.as === undefined ? 'undefined' : quote(parts.as);
  src.push(`let ${out} = [];`);
  if (sync) {
    src.push(`if (${items}.length > 0) {`);
    src.push(`const ${scope} = itemsScope(${f.scope}, ${f.root}, ${as});`);
    src.push(`const ${parents} = ${scope}.parents;`);
  }
  src.push(`for (let ${i} = 0; ${i} < ${items}.length; ${i}++) {`);
  src.push(`const ${item} = ${items}[${i}];`);
  if (sync) src.push(`if (${i} > 0) ${scope}.parents = ${parents}.slice();`);
  else src.push(`const ${scope} = itemsScope(${f.scope}, ${f.root}, ${as});`);
  src.push(`${scope}.index = ${i};`);
  if (parts.as !== undefined) src.push(`${scope}[${as}] = ${item};`);
  emitItem(parts, { root: item, scope, async: f.async, reuse: new Map() }, out, src);
  src.push(sync ? '}}' : '}');
  if (parts.chunk !== undefined) src.push(`${out} = chunkArray(${out}, ${parts.chunk});`);
  return out;
}

function emitSingle(part: string | DirectPlan | undefined, f: Frame, src: Source): string {
  if (part === undefined || typeof part === 'string') return src.literal(part ?? null);
  return emitDirect(part, f, src);
}

function emitPlanned(node: MapNode, plan: NodePlan, f: Frame, src: Source): string {
  switch (plan.kind) {
    case 'constant':
      return src.literal(plan.value);
    case 'direct':
      return plan.mixed ? emitText(plan.parts, f, src) : emitSingle(plan.parts[0], f, src);
    case 'engine':
      return emitEngine(plan.evaluate, f, src);
    case 'object':
      return emitObject(plan.entries, f, src);
    case 'array':
      return emitArray(plan.items, f, src);
    case 'each':
      return emitEach(plan.parts, node.sync, f, src);
  }
}

/** Emits one node; returns the JS expression holding its value. */
function emitNode(node: MapNode, f: Frame, src: Source): string {
  return node.plan === undefined ? emitOpaque(node, f, src) : emitPlanned(node, node.plan, f, src);
}

/**
 * Generates the function of a compiled mapping tree: synchronous when the tree is, async (awaiting the
 * JSONata parts in the interpreted order) otherwise.
 */
export function generateMapping(node: MapNode): GeneratedMapping {
  const src = new Source();
  const value = emitNode(node, { root: 'root', scope: 'scope', async: !node.sync, reuse: new Map() }, src);
  const runtime = Object.keys(RUNTIME).map((name) => `${name} = R.${name}`);
  const source = [
    '"use strict";',
    `const ${runtime.join(', ')};`,
    src.prologue(),
    `return ${node.sync ? '' : 'async '}function mapping(root, scope) {`,
    ...src.lines,
    `return ${value};`,
    '};',
  ].join('\n');
  const { h, k, x, n, a } = src.tables;
  // The source is assembled from the templates above only; user text appears solely inside quote()d literals.
  const factory = new Function('R', 'h', 'k', 'x', 'n', 'a', source) as (
    ...tables: unknown[]
  ) => GeneratedMapping['run'];
  return { source, run: factory(RUNTIME, h, k, x, n, a) };
}
