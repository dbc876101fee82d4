import type { Bindings, ExpressionLimits } from '../expressions/index.ts';
import type { JsonValue } from '../json.ts';
import { generateMapping } from './codegen.ts';
import { CompileFailure, compileValue } from './compile-value.ts';
import { atCompileField, type MappingSite, toMappingError } from './field-failure.ts';
import type { MapNode } from './nodes.ts';

/** Options of `compileMapping`. */
export interface MappingOptions {
  flowId?: string;
  stepId?: string;
  /** Cache key for mappings that are rebuilt from storage (e.g. `${flowId}@${version}`); object identity otherwise. */
  cacheKey?: string;
  /** Plain paths and helper calls run without JSONata (default true); false sends every expression to JSONata. */
  fastPaths?: boolean;
  limits?: Partial<ExpressionLimits>;
  /**
   * Run the mapping as one generated JavaScript function (default true unless the environment sets
   * `QIAO_MAPPING_CODEGEN=0`); false runs the interpreted node tree, the reference implementation.
   */
  codegen?: boolean;
}

/**
 * A compiled mapping: a plain function from a root value (and variables such as `tables`) to the mapped
 * value. It returns synchronously when `isAsync` is false, else a Promise.
 */
export interface CompiledMapping {
  (root: unknown, bindings?: Bindings): JsonValue | Promise<JsonValue>;
  readonly isAsync: boolean;
  /** Whether it runs as generated code (see `MappingOptions.codegen`). */
  readonly codegen: boolean;
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

function codegenOn(options: MappingOptions): boolean {
  return options.codegen ?? process.env.QIAO_MAPPING_CODEGEN !== '0';
}

type Run = (root: unknown, bindings?: Bindings) => JsonValue | Promise<JsonValue>;

/** The interpreted run: the node tree, errors turned into MAPPING_FAILED with the field path. */
function interpreted(node: MapNode, site: MappingSite): Run {
  return (root, bindings = {}) => {
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
}

/**
 * The generated run. It keeps no field-path bookkeeping: when it throws, the same record is mapped again
 * by the interpreted run (every part is pure), which throws the precise MAPPING_FAILED — or, should it
 * succeed, whose output is returned (it is the reference).
 */
function generated(node: MapNode, fallback: Run): Run {
  const fast = generateMapping(node).run;
  if (node.sync) {
    return (root, bindings = {}) => {
      const scope = Object.hasOwn(bindings, 'root') ? bindings : withRoot(bindings, root);
      let out: unknown;
      try {
        out = fast(root, scope);
      } catch {
        return fallback(root, bindings);
      }
      return (out ?? null) as JsonValue;
    };
  }
  return (root, bindings = {}) => {
    const scope = Object.hasOwn(bindings, 'root') ? bindings : withRoot(bindings, root);
    return (fast(root, scope) as Promise<JsonValue | undefined>).then(
      (value) => value ?? null,
      () => fallback(root, bindings),
    );
  };
}

function build(mapping: JsonValue, options: MappingOptions): CompiledMapping {
  const site: MappingSite = { flowId: options.flowId, stepId: options.stepId };
  let node: MapNode;
  try {
    node = compileValue(mapping, { fastPaths: options.fastPaths !== false, limits: options.limits });
  } catch (error) {
    if (error instanceof CompileFailure) throw atCompileField(error.cause, error.field, site);
    throw error;
  }
  const reference = interpreted(node, site);
  const codegen = codegenOn(options);
  const run = codegen ? generated(node, reference) : reference;
  return Object.assign(run, { isAsync: !node.sync, codegen });
}

/**
 * The cache key of an option variant. Callers that compile per record (a cache hit each time) mostly
 * pass no site and no limits: their key is built without JSON (a JSON key starts with `[`, so none clash).
 */
function variantOf(options: MappingOptions): string {
  const { flowId, stepId, limits } = options;
  const fast = options.fastPaths !== false;
  const codegen = codegenOn(options);
  if (flowId === undefined && stepId === undefined && limits === undefined) return `${fast}|${codegen}`;
  return JSON.stringify([flowId, stepId, fast, limits ?? null, codegen]);
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
