import { type CompiledTemplate, compileExpression, compileTemplate } from '../../expressions/index.ts';
import type { JsonValue } from '../../json.ts';

// The kit's one door to the expression language (src/expressions: sandboxed JSONata, direct
// accessors for plain paths, compiled expressions cached there; compiled templates cached here).

const templates = new Map<string, CompiledTemplate>();

function templateOf(text: string): CompiledTemplate {
  const hit = templates.get(text);
  if (hit) return hit;
  const compiled = compileTemplate(text, { where: 'connector template' });
  if (templates.size >= 5000) templates.delete(templates.keys().next().value as string);
  templates.set(text, compiled);
  return compiled;
}

/** Evaluates a bare expression over `data` (with `$name` bindings); undefined when it yields nothing. */
export function evaluateExpression(
  expression: string,
  data: unknown,
  bindings: Record<string, unknown> = {},
): Promise<JsonValue | undefined> {
  return compileExpression(expression.trim(), { where: 'connector' }).evaluate(data, bindings);
}

/**
 * Renders a templated value: strings may hold `{{ expr }}`; a string that is exactly one template keeps
 * the expression's type; objects and arrays are rendered deeply. Keys whose value renders to
 * undefined are dropped.
 */
export async function renderTemplate(value: JsonValue, scope: object): Promise<JsonValue | undefined> {
  if (typeof value === 'string') return value.includes('{{') ? templateOf(value).evaluate(scope) : value;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) out.push((await renderTemplate(item, scope)) ?? null);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) {
      const rendered = await renderTemplate(item, scope);
      if (rendered !== undefined) out[key] = rendered;
    }
    return out;
  }
  return value;
}

/** Renders a template string to a string (for URLs, headers and auth fields). */
export async function renderText(text: string, scope: object): Promise<string> {
  const value = await renderTemplate(text, scope);
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
