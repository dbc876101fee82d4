import { bilingual, QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { chunkedObjectNode } from './chunk-object.ts';
import { eachNode } from './each.ts';
import { formatFieldPath } from './field-failure.ts';
import {
  arrayNode,
  type CompileContext,
  constantNode,
  expressionNode,
  type MapNode,
  objectNode,
  templateNode,
} from './nodes.ts';

const EACH_KEYS = new Set(['$each', '$as', '$map', '$filter', '$chunk']);
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A compile-time failure carrying the static path of the value it was found in. */
export class CompileFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly field: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

function invalid(zh: string, en: string): QiaoError {
  return new QiaoError('DEFINITION_INVALID', bilingual(zh, en));
}

function guarded<T>(path: readonly string[], build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof CompileFailure) throw error;
    throw new CompileFailure(error, formatFieldPath(path));
  }
}

function positiveInteger(value: JsonValue | undefined, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw invalid(`${what} 必须是正整数`, `${what} must be a positive integer`);
  return value;
}

function compileEach(spec: JsonObject, path: string[], ctx: CompileContext): MapNode {
  for (const key of Object.keys(spec))
    if (!EACH_KEYS.has(key)) throw invalid(`$each 不支持键 "${key}"`, `$each does not take the key "${key}"`);
  const { $each: source, $as: as, $filter: filter, $map: map, $chunk: chunk } = spec;
  if (typeof source !== 'string')
    throw invalid('$each 必须是表达式字符串', '$each must be an expression string');
  if (as !== undefined && (typeof as !== 'string' || !VARIABLE_NAME.test(as)))
    throw invalid('$as 必须是变量名', '$as must be a variable name');
  if (filter !== undefined && typeof filter !== 'string')
    throw invalid('$filter 必须是表达式字符串', '$filter must be an expression string');
  return eachNode({
    source: guarded([...path, '$each'], () => expressionNode(source, ctx)),
    as: as as string | undefined,
    filter:
      filter === undefined
        ? undefined
        : guarded([...path, '$filter'], () => expressionNode(filter as string, ctx)),
    map: map === undefined ? undefined : compileAt(map, [...path, '[]'], ctx),
    chunk: chunk === undefined ? undefined : positiveInteger(chunk, '$chunk'),
  });
}

function compileEntries(value: JsonObject, path: string[], ctx: CompileContext): [string, MapNode][] {
  const entries: [string, MapNode][] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key === '$chunk') continue;
    if (key.startsWith('$') && !key.startsWith('$$'))
      throw invalid(`未知的映射指令 "${key}"`, `unknown mapping directive "${key}"`);
    const target = key.startsWith('$$') ? key.slice(1) : key;
    entries.push([target, compileAt(child, [...path, target], ctx)]);
  }
  return entries;
}

function compileObject(value: JsonObject, path: string[], ctx: CompileContext): MapNode {
  if ('$each' in value) return compileEach(value, path, ctx);
  if ('$expr' in value) {
    const text = value.$expr;
    if (Object.keys(value).length !== 1 || typeof text !== 'string')
      throw invalid('$expr 必须单独使用且为字符串', '$expr must stand alone and be a string');
    return expressionNode(text, ctx);
  }
  const entries = compileEntries(value, path, ctx);
  const chunk = value.$chunk;
  if (chunk === undefined) return objectNode(entries);
  if (!isJsonObject(chunk) || typeof chunk.field !== 'string')
    throw invalid('$chunk 必须是 {field, size}', '$chunk must be {field, size}');
  const field = chunk.field;
  if (!entries.some(([key]) => key === field))
    throw invalid(
      `$chunk.field "${field}" 不是本对象的字段`,
      `$chunk.field "${field}" is not a field of this object`,
    );
  return chunkedObjectNode({ field, size: positiveInteger(chunk.size, '$chunk.size'), entries });
}

function compileAt(value: JsonValue, path: string[], ctx: CompileContext): MapNode {
  return guarded(path, () => {
    if (typeof value === 'string') return templateNode(value, ctx);
    if (Array.isArray(value))
      return arrayNode(value.map((item, i) => compileAt(item, [...path, `[${i}]`], ctx)));
    if (isJsonObject(value)) return compileObject(value, path, ctx);
    return constantNode(value);
  });
}

/** Compiles a mapping value to a node tree; failures are thrown as CompileFailure with the field path. */
export function compileValue(value: JsonValue, ctx: CompileContext): MapNode {
  return compileAt(value, [], ctx);
}
