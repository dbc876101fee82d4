import { HELPERS } from '../expressions/helpers.ts';
import { JSONATA_FUNCTIONS } from '../expressions/jsonata-functions.ts';
import { type Diagnostic, type DiagnosticContext, diagnosticAt, quoteValue } from './diagnostic.ts';
import type { ExpressionSite } from './expression-sites.ts';
import { closestKey } from './key-suggestions.ts';

/** Every function an expression may call without defining it: JSONata's and Qiao's helpers (`$decimal` …). */
export const KNOWN_FUNCTIONS: readonly string[] = [
  ...new Set([...JSONATA_FUNCTIONS, ...Object.keys(HELPERS)]),
];
const KNOWN = new Set(KNOWN_FUNCTIONS);

/** A JSONata AST node, as far as these checks read it (jsonata's `Expression.ast()`). */
export interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/**
 * The names an expression calls as functions (`$name(…)`, `x ~> $name`), and the names it binds itself
 * (`$f := …`, lambda parameters, `@$x` / `#$i` bindings): a bound name may hold a function, wherever in
 * the expression it is bound.
 */
export function functionNames(ast: AstNode): { called: string[]; bound: Set<string> } {
  const called: string[] = [];
  const bound = new Set<string>();
  const calledName = (node: unknown): void => {
    const procedure = node as AstNode | undefined;
    if (procedure?.type === 'variable' && typeof procedure.value === 'string' && procedure.value !== '')
      called.push(procedure.value);
  };
  // The parent operator (`%`) shares slot objects between nodes: each node is read once.
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const n = node as AstNode;
    if (n.type === 'function' || n.type === 'partial') calledName(n.procedure);
    if (n.type === 'apply') calledName(n.rhs);
    if (n.type === 'bind') {
      const lhs = n.lhs as AstNode | undefined;
      if (typeof lhs?.value === 'string') bound.add(lhs.value);
    }
    if (n.type === 'lambda' && Array.isArray(n.arguments)) {
      for (const argument of n.arguments as AstNode[])
        if (typeof argument.value === 'string') bound.add(argument.value);
    }
    if (typeof n.focus === 'string') bound.add(n.focus);
    if (typeof n.index === 'string') bound.add(n.index);
    for (const [key, child] of Object.entries(n)) if (key !== 'value') visit(child);
  };
  visit(ast);
  return { called, bound };
}

/**
 * Reports a `$name(…)` that is neither a JSONata function, a Qiao helper, nor bound in the expression
 * itself — JSONata only finds out when it runs ("Attempted to invoke a non-function"). Suggests the
 * closest known name.
 */
export function checkFunctionNames(
  parsed: ReadonlyArray<{ site: ExpressionSite; ast: AstNode }>,
  context: DiagnosticContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { site, ast } of parsed) {
    const { called, bound } = functionNames(ast);
    for (const name of new Set(called)) {
      if (KNOWN.has(name) || bound.has(name)) continue;
      const near = closestKey(name, KNOWN_FUNCTIONS);
      const hint =
        near === undefined
          ? ['请检查拼写', 'check the spelling (JSONata functions and the helpers of docs/definitions.md)']
          : [`是不是 $${near}？`, `did you mean $${near}?`];
      const shown = quoteValue(site.template ? `{{ ${site.expr} }}` : site.expr);
      const message = `${shown} 调用了不存在的函数 $${name}，${hint[0]} / ${shown} calls an unknown function $${name}; ${hint[1]}`;
      out.push(diagnosticAt(context, 'expr.unknown_function', site.path, message));
    }
  }
  return out;
}
