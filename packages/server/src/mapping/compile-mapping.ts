import type { Bindings, ExpressionLimits } from '../expressions/index.ts';
import type { JsonValue } from '../json.ts';
import { CompileFailure, compileValue } from './compile-value.ts';
import { atCompileField, type MappingSite, toMappingError } from './field-failure.ts';

/** Options of `compileMapping`. */
export interface MappingOptions {
  flowId?: string;
  stepId?: string;
  /** Cache key for mappings that are rebuilt from storage (e.g. `${flowId}@${version}`); object identity otherwise. */
  cacheKey?: string;
  /** Plain paths and helper calls run without JSONata (default true); false sends every expression to JSONata. */
  fastPaths?: boolean;
  limits?: Partial<ExpressionLimits>;
}

/**
 * A compiled mapping: a plain function from a root value (and variables such as `tables`) to the mapped
 * value. It returns synchronously when `isAsync` is false, else a Promise.
 */
export interface CompiledMapping {
  (root: unknown, bindings?: Bindings): JsonValue | Promise<JsonValue>;
  readonly isAsync: boolean;
}

const byIdentity = new WeakMap<object, Map<string, CompiledMapping>>();
const byKey = new Map<string, CompiledMapping>();
const KEYED_CACHE_SIZE = 1_000;

/**
 * `{ ...bindings, root }` with the same own keys; written with Object.assign because V8 (Node 20) makes
 * adding a key to a spread clone a slow path — ~0.7 µs per record, more than a small mapping costs.
 */
function withRoot(bindings: Bindings, root: unknown): Bindings {
  const scope: Record<string, unknown> = Object.assign({}, bindings);
  scope.root = root;
  return scope;
}

function build(mapping: JsonValue, options: MappingOptions): CompiledMapping {
  const site: MappingSite = { flowId: options.flowId, stepId: options.stepId };
  let node: ReturnType<typeof compileValue>;
  try {
    node = compileValue(mapping, { fastPaths: options.fastPaths !== false, limits: options.limits });
  } catch (error) {
    if (error instanceof CompileFailure) throw atCompileField(error.cause, error.field, site);
    throw error;
  }
  const run = (root: unknown, bindings: Bindings = {}): JsonValue | Promise<JsonValue> => {
    const scope = Object.hasOwn(bindings, 'root') ? bindings : withRoot(bindings, root);
    try {
      const out = node.run(root, scope);
      if (node.sync) return (out ?? null) as JsonValue;
      return (out as Promise<JsonValue | undefined>).then(
        (value) => value ?? null,
        (error: unknown) => Promise.reject(toMappingError(error, site)),
      );
    } catch (error) {
      throw toMappingError(error, site);
    }
  };
  return Object.assign(run, { isAsync: !node.sync });
}

function variantOf(options: MappingOptions): string {
  return JSON.stringify([
    options.flowId,
    options.stepId,
    options.fastPaths !== false,
    options.limits ?? null,
  ]);
}

/**
 * Compiles a mapping (JSON whose strings may hold `{{ }}` templates, plus `$each`/`$expr`/`$chunk`
 * directives) once into a plain function; compiled mappings are cached by `cacheKey` or object identity.
 * Bad syntax or directives throw at compile time naming the field.
 */
export function compileMapping(mapping: JsonValue, options: MappingOptions = {}): CompiledMapping {
  const variant = variantOf(options);
  if (options.cacheKey !== undefined) {
    const key = `${options.cacheKey}|${variant}`;
    const hit = byKey.get(key);
    if (hit !== undefined) return hit;
    const compiled = build(mapping, options);
    if (byKey.size >= KEYED_CACHE_SIZE) byKey.delete(byKey.keys().next().value as string);
    byKey.set(key, compiled);
    return compiled;
  }
  if (typeof mapping !== 'object' || mapping === null) return build(mapping, options);
  let variants = byIdentity.get(mapping);
  if (variants === undefined) {
    variants = new Map();
    byIdentity.set(mapping, variants);
  }
  const hit = variants.get(variant);
  if (hit !== undefined) return hit;
  const compiled = build(mapping, options);
  variants.set(variant, compiled);
  return compiled;
}

/** Runs a compiled mapping and always returns a Promise (for callers that do not care about the sync path). */
export async function applyMapping(
  mapping: CompiledMapping,
  root: unknown,
  bindings?: Bindings,
): Promise<JsonValue> {
  return mapping(root, bindings);
}
