import { extractTemplates } from '../definitions/templates.ts';
import type { JsonValue } from '../json.ts';
import type { DirectEvaluator } from './direct.ts';
import type { DirectPlan } from './direct-plan.ts';
import {
  type Bindings,
  type CompiledExpression,
  compileExpression,
  type ExpressionOptions,
  toExpressionError,
} from './expression.ts';

/** A compiled string value: a literal, exactly one template (keeps the type), or text with templates (a string). */
export interface CompiledTemplate {
  readonly text: string;
  readonly kind: 'literal' | 'single' | 'mixed';
  /** The synchronous evaluator when every template in the text is direct (always for literals). */
  readonly direct: DirectEvaluator | undefined;
  /** The expression texts, in order (for error reports). */
  readonly expressions: readonly string[];
  /**
   * Literal text and direct plans in order (for code generators), defined exactly when `direct` is: a
   * literal is `[text]`, `single` one plan (its value keeps its type), `mixed` parts stringified and joined.
   */
  readonly directParts: readonly (string | DirectPlan)[] | undefined;
  evaluate(input: unknown, bindings?: Bindings): Promise<JsonValue | undefined>;
}

/** How a template part becomes text inside a larger string: absent and null give "", objects their JSON. */
export function stringifyPart(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

type Part = string | CompiledExpression;

function concatDirect(parts: readonly Part[], where: string | undefined): DirectEvaluator | undefined {
  const evaluators: (string | DirectEvaluator)[] = [];
  const texts: (string | undefined)[] = [];
  for (const part of parts) {
    if (typeof part === 'string') evaluators.push(part);
    else if (part.direct === undefined) return undefined;
    else evaluators.push(part.direct);
    texts.push(typeof part === 'string' ? undefined : part.text);
  }
  return (root, vars) => {
    let out = '';
    for (let i = 0; i < evaluators.length; i++) {
      const e = evaluators[i]!;
      if (typeof e === 'string') {
        out += e;
        continue;
      }
      try {
        out += stringifyPart(e(root, vars));
      } catch (error) {
        // As `evaluate` reports it: the failure names the part's own expression.
        throw toExpressionError(error, texts[i]!, where);
      }
    }
    return out;
  };
}

function splitParts(text: string, options: ExpressionOptions): Part[] {
  const parts: Part[] = [];
  let at = 0;
  for (const t of extractTemplates(text)) {
    if (t.start > at) parts.push(text.slice(at, t.start));
    parts.push(compileExpression(t.expr, options));
    at = t.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

/**
 * Compiles a string that may hold `{{ expr }}` templates; syntax errors (including an unclosed `{{`) throw
 * EXPRESSION_SYNTAX at compile time.
 */
export function compileTemplate(text: string, options: ExpressionOptions = {}): CompiledTemplate {
  if (!text.includes('{{')) {
    const constant = () => text;
    return {
      text,
      kind: 'literal',
      direct: constant,
      directParts: [text],
      expressions: [],
      evaluate: async () => text,
    };
  }
  const parts = splitParts(text, options);
  const expressions = parts.filter((p): p is CompiledExpression => typeof p !== 'string');
  const only = parts[0];
  if (parts.length === 1 && only !== undefined && typeof only !== 'string') {
    const directParts = only.plan === undefined ? undefined : [only.plan];
    return {
      text,
      kind: 'single',
      direct: only.direct,
      directParts,
      expressions: [only.text],
      evaluate: only.evaluate,
    };
  }
  const direct = concatDirect(parts, options.where);
  return {
    text,
    kind: 'mixed',
    direct,
    directParts: direct === undefined ? undefined : parts.map((p) => (typeof p === 'string' ? p : p.plan!)),
    expressions: expressions.map((e) => e.text),
    async evaluate(input, bindings = {}) {
      let out = '';
      for (const part of parts)
        out += typeof part === 'string' ? part : stringifyPart(await part.evaluate(input, bindings));
      return out;
    },
  };
}
