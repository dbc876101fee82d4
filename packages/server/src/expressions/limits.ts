import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';

/** Bounds on one evaluation of an expression. */
export interface ExpressionLimits {
  /** Most CPU time one evaluation may use, in milliseconds (checked every few nodes JSONata enters). */
  timeoutMs: number;
  /** Deepest nesting of evaluation (recursion) before the evaluation is stopped. */
  maxDepth: number;
  /** Largest string, or array length, any intermediate value may reach, and largest result (JSON characters). */
  maxSize: number;
}

/** The limits used when a caller gives none: 100 ms, depth 500, 1 MB. */
export const DEFAULT_LIMITS: Readonly<ExpressionLimits> = {
  timeoutMs: 100,
  maxDepth: 500,
  maxSize: 1_000_000,
};

/** JSONata's own guardrail codes (range too large, sequence too long, depth, timeout) mean a limit too. */
export const JSONATA_LIMIT_CODES = new Set(['D1011', 'D1012', 'D2014', 'D2015']);

function limitError(message: string, limits: ExpressionLimits): QiaoError {
  return new QiaoError('EXPRESSION_LIMIT', message, {
    details: { timeoutMs: limits.timeoutMs, maxDepth: limits.maxDepth, maxSize: limits.maxSize },
  });
}

/** The part of JSONata's per-evaluation environment the hooks use (`base` is the evaluation's own frame). */
interface HookEnvironment {
  base: { depth: number; [CLOCK]?: { startedUs: number; entries: number } };
}
const CLOCK = Symbol('qiao.clock');
/**
 * The CPU clock is read once per this many node entries (a read is a getrusage system call, about a
 * microsecond). The first read happens at the CLOCK_EVERY-th entry, not at the start: most evaluations
 * (a mapping field, a filter) enter fewer nodes than that and never pay for the clock, and a long one
 * has its time counted from its CLOCK_EVERY-th node on — a bounded head start.
 */
const CLOCK_EVERY = 32;

/** Process CPU time in microseconds: unlike wall time it does not run on while other processes hold the CPU. */
function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** The `__evaluate_entry` hook: stops an evaluation that runs too long (CPU time) or recurses too deep. */
export function entryHook(
  limits: ExpressionLimits,
): (node: unknown, input: unknown, env: HookEnvironment) => void {
  return (_node, _input, env) => {
    const base = env.base;
    if (base.depth > limits.maxDepth) {
      throw limitError(
        `表达式递归过深（超过 ${limits.maxDepth} 层） / evaluation nested too deep (over ${limits.maxDepth} levels)`,
        limits,
      );
    }
    let clock = base[CLOCK];
    if (clock === undefined) {
      clock = { startedUs: -1, entries: 0 };
      base[CLOCK] = clock;
    }
    if (++clock.entries % CLOCK_EVERY !== 0) return;
    if (clock.startedUs < 0) {
      clock.startedUs = cpuMicros();
      return;
    }
    if (cpuMicros() - clock.startedUs > limits.timeoutMs * 1000) {
      throw limitError(
        `表达式求值超时（超过 ${limits.timeoutMs} 毫秒） / evaluation took too long (over ${limits.timeoutMs} ms)`,
        limits,
      );
    }
  };
}

/** The failure of a string or array grown past `limits.maxSize` (the exit hook's, and the direct `&`'s). */
export function sizeError(limits: ExpressionLimits): QiaoError {
  return limitError(
    `表达式结果过大（超过 ${limits.maxSize}） / value too large (over ${limits.maxSize})`,
    limits,
  );
}

/** The `__evaluate_exit` hook: stops an evaluation whose intermediate string or array grows past the size cap. */
export function exitHook(
  limits: ExpressionLimits,
): (node: unknown, input: unknown, env: unknown, result: unknown) => void {
  return (_node, _input, _env, result) => {
    if ((typeof result === 'string' || Array.isArray(result)) && result.length > limits.maxSize) {
      throw sizeError(limits);
    }
  };
}

/**
 * Converts a JSONata result to plain JSON (sequences become arrays, functions and undefined members are
 * dropped) while counting its JSON size; fails with EXPRESSION_LIMIT past `limits.maxSize` characters.
 */
export function toJsonResult(value: unknown, limits: ExpressionLimits): JsonValue | undefined {
  const budget = { left: limits.maxSize };
  const out = convert(value, budget);
  if (budget.left < 0)
    throw limitError(
      `表达式结果过大（超过 ${limits.maxSize} 字符） / result too large (over ${limits.maxSize} characters)`,
      limits,
    );
  return out;
}

function convert(value: unknown, budget: { left: number }): JsonValue | undefined {
  if (budget.left < 0) return null;
  switch (typeof value) {
    case 'string':
      budget.left -= value.length + 2;
      return value;
    case 'number':
      budget.left -= 8;
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      budget.left -= 5;
      return value;
    case 'object': {
      if (value === null) {
        budget.left -= 4;
        return null;
      }
      if (Array.isArray(value)) {
        const list: JsonValue[] = [];
        for (const item of value) list.push(convert(item, budget) ?? null);
        budget.left -= 2 + list.length;
        return list;
      }
      const obj: Record<string, JsonValue> = {};
      for (const [key, item] of Object.entries(value)) {
        const converted = convert(item, budget);
        if (converted === undefined) continue;
        budget.left -= key.length + 4;
        obj[key] = converted;
      }
      return obj;
    }
    default:
      return undefined;
  }
}
