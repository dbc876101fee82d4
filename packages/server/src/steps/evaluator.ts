import { type CompiledExpression, compileExpression } from '../expressions/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import { compileMapping } from '../mapping/index.ts';

/**
 * What step executors need of the expression language: bare expressions (`when`, `if`, `items`,
 * `key`) and templated values (`{{ expr }}` inside JSON, plus the mapping directives). The default
 * is Qiao's own (`src/expressions`, `src/mapping`); tests or embedders may plug in another.
 */
export interface StepEvaluator {
  evaluate(expression: string, scope: JsonObject): Promise<JsonValue | undefined>;
  render(value: JsonValue, scope: JsonObject): Promise<JsonValue>;
}

/**
 * Creates the default evaluator: expressions compiled once per text (plain paths and helper calls
 * run without JSONata), values compiled once per definition object by `compileMapping`.
 */
export function createStepEvaluator(): StepEvaluator {
  const expressions = new Map<string, CompiledExpression>();
  const expression = (text: string) => {
    let compiled = expressions.get(text);
    if (!compiled) {
      compiled = compileExpression(text);
      expressions.set(text, compiled);
    }
    return compiled;
  };
  return {
    evaluate: async (text, scope) => expression(text).evaluate(scope),
    async render(value, scope) {
      if (value === null || typeof value !== 'object') {
        if (typeof value !== 'string' || !value.includes('{{')) return value;
      }
      return compileMapping(value)(scope);
    },
  };
}
