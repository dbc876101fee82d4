import jsonata from 'jsonata';
import { bilingual, type ErrorCode, QiaoError, quoted } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { type DirectEvaluator, evaluatorOf } from './direct.ts';
import { type DirectPlan, planDirect } from './direct-plan.ts';
import { HELPERS } from './helpers.ts';
import {
  DEFAULT_LIMITS,
  type ExpressionLimits,
  entryHook,
  exitHook,
  JSONATA_LIMIT_CODES,
  toJsonResult,
} from './limits.ts';

/** Variables of one evaluation, visible as `$name` (e.g. `{parent, index, line, tables}`). */
export type Bindings = Readonly<Record<string, unknown>>;

/** Options of `compileExpression`. */
export interface ExpressionOptions {
  /** Where the expression sits (e.g. `flow f1 step s2 when`), added to error messages and details. */
  where?: string;
  limits?: Partial<ExpressionLimits>;
  /** Use the engine-free evaluator for the subset `planDirect` covers (default true); false forces JSONata. */
  direct?: boolean;
}

/** A compiled expression: evaluate it many times against different inputs. */
export interface CompiledExpression {
  readonly text: string;
  /** The synchronous evaluator when the expression is simple enough (see direct.ts), else undefined. */
  readonly direct: DirectEvaluator | undefined;
  /** The plan `direct` was built from (defined exactly when `direct` is), for code generators. */
  readonly plan: DirectPlan | undefined;
  /** Evaluates against an input; undefined means "no value" (JSONata's empty sequence). */
  evaluate(input: unknown, bindings?: Bindings): Promise<JsonValue | undefined>;
}

interface Prepared {
  engine: jsonata.Expression;
  plan: DirectPlan | undefined;
  direct: DirectEvaluator | undefined;
  limits: ExpressionLimits;
}

const CACHE_SIZE = 10_000;
const cache = new Map<string, Prepared>();
const ENTRY = Symbol.for('jsonata.__evaluate_entry') as unknown as string;
const EXIT = Symbol.for('jsonata.__evaluate_exit') as unknown as string;

interface JsonataFailure {
  code: string;
  message?: string;
  position?: number;
  token?: unknown;
  value?: unknown;
}

function isJsonataFailure(error: unknown): error is JsonataFailure {
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string'
  );
}

function codeOf(failure: JsonataFailure): ErrorCode {
  if (JSONATA_LIMIT_CODES.has(failure.code)) return 'EXPRESSION_LIMIT';
  return failure.code.startsWith('S') ? 'EXPRESSION_SYNTAX' : 'EXPRESSION_EVALUATION';
}

function jsonOrNull(value: unknown): JsonValue {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value) ?? 'null') as JsonValue;
  } catch {
    return String(value);
  }
}

/** Converts anything thrown while compiling or evaluating into a QiaoError naming the expression. */
export function toExpressionError(error: unknown, text: string, where?: string): QiaoError {
  const prefix = where === undefined ? '' : `[${where}] `;
  const base: Record<string, JsonValue> = { expression: text };
  if (where !== undefined) base.where = where;
  if (error instanceof QiaoError) {
    const own = typeof error.details === 'object' && error.details !== null && !Array.isArray(error.details);
    const position = (error as unknown as JsonataFailure).position;
    const details = { ...(own ? (error.details as Record<string, JsonValue>) : {}), ...base };
    if (typeof position === 'number') details.position = position;
    // A bilingual message keeps one separator: the prefix goes into each half.
    const said = quoted(error.message);
    const message =
      said.zh === said.en
        ? `${prefix}${error.message}`
        : bilingual(`${prefix}${said.zh}`, `${prefix}${said.en}`);
    return new QiaoError(error.code, message, { cause: error, details });
  }
  if (isJsonataFailure(error)) {
    const code = codeOf(error);
    const details: Record<string, JsonValue> = { ...base, jsonataCode: error.code };
    if (typeof error.position === 'number') details.position = error.position;
    if (error.token !== undefined) details.token = jsonOrNull(error.token);
    if (error.value !== undefined) details.value = jsonOrNull(error.value);
    const at = typeof error.position === 'number' ? error.position : undefined;
    const said = error.message ?? error.code;
    const message = bilingual(
      `${prefix}表达式 ${text}${at === undefined ? '' : `（位置 ${at}）`}：${said}`,
      `${prefix}expression ${text}${at === undefined ? '' : ` (position ${at})`}: ${said}`,
    );
    return new QiaoError(code, message, {
      cause: error,
      details,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const said = quoted(message);
  return new QiaoError(
    'EXPRESSION_EVALUATION',
    bilingual(`${prefix}表达式 ${text}：${said.zh}`, `${prefix}expression ${text}: ${said.en}`),
    {
      cause: error,
      details: base,
    },
  );
}

function prepare(text: string, limits: ExpressionLimits): Prepared {
  const key = `${limits.timeoutMs}|${limits.maxDepth}|${limits.maxSize}|${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const engine = jsonata(text);
  for (const [name, helper] of Object.entries(HELPERS)) engine.registerFunction(name, helper);
  engine.assign(ENTRY, entryHook(limits));
  engine.assign(EXIT, exitHook(limits));
  const plan = planDirect(engine.ast(), limits);
  const direct = plan === undefined ? undefined : evaluatorOf(plan);
  const prepared: Prepared = { engine, plan, direct, limits };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, prepared);
  return prepared;
}

/**
 * Compiles a JSONata expression (cached by text and limits) with the field helpers registered and the
 * sandbox limits enforced; a syntax error throws EXPRESSION_SYNTAX with the position.
 */
export function compileExpression(text: string, options: ExpressionOptions = {}): CompiledExpression {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { where } = options;
  let prepared: Prepared;
  try {
    prepared = prepare(text, limits);
  } catch (error) {
    throw toExpressionError(error, text, where);
  }
  const off = options.direct === false;
  const direct = off ? undefined : prepared.direct;
  const plan = off ? undefined : prepared.plan;
  const { engine } = prepared;
  return {
    text,
    direct,
    plan,
    async evaluate(input, bindings = {}) {
      try {
        if (direct !== undefined) return direct(input, bindings) as JsonValue | undefined;
        return toJsonResult(await engine.evaluate(input, bindings), limits);
      } catch (error) {
        throw toExpressionError(error, text, where);
      }
    },
  };
}
