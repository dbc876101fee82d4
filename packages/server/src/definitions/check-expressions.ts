import jsonata from 'jsonata';
import { cutText, type Diagnostic, type DiagnosticContext, diagnosticAt, quoteValue } from './diagnostic.ts';
import { type AstNode, checkFunctionNames } from './expression-functions.ts';
import type { ExpressionSite, UnclosedTemplate } from './expression-sites.ts';
import { checkConnectorTemplateRoots } from './template-roots.ts';

/**
 * The checks of a document's expressions and templates: each parses (`expr.syntax`, `expr.unclosed_template`),
 * calls only functions that exist (`expr.unknown_function`), and — in a connector — reads only what
 * its templates are given (`expr.unknown_root`). Each expression is parsed once.
 */
export function checkExpressions(
  kind: unknown,
  sites: readonly ExpressionSite[],
  unclosed: readonly UnclosedTemplate[],
  context: DiagnosticContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const parsed: Array<{ site: ExpressionSite; ast: AstNode }> = [];
  for (const site of sites) {
    const result = parseExpression(site.expr);
    if (result.ast !== undefined) {
      parsed.push({ site, ast: result.ast });
      continue;
    }
    const shown = quoteValue(site.template ? `{{ ${site.expr} }}` : site.expr);
    const message = `表达式 ${shown} 有语法错误：${result.problem} / ${result.problem} in ${shown}.`;
    out.push(diagnosticAt(context, 'expr.syntax', site.path, message));
  }
  for (const u of unclosed) {
    const shown = quoteValue(u.text);
    out.push(
      diagnosticAt(
        context,
        'expr.unclosed_template',
        u.path,
        `${shown} 中的 "{{" 没有闭合 / "{{" is never closed in ${shown}.`,
      ),
    );
  }
  out.push(...checkFunctionNames(parsed, context));
  if (kind === 'connector') out.push(...checkConnectorTemplateRoots(parsed, context));
  return out;
}

/** Why JSONata cannot parse an expression, or undefined when it parses. */
export function expressionProblem(expr: string): string | undefined {
  return parseExpression(expr).problem;
}

/** Parses an expression with JSONata: its AST, or why it does not parse (with position and code). */
function parseExpression(expr: string): { ast?: AstNode; problem?: string } {
  if (expr.trim() === '') return { problem: 'Empty expression' };
  try {
    return { ast: jsonata(expr).ast() as unknown as AstNode };
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    const where = e.position === undefined ? '' : ` at position ${e.position}`;
    const problem = `${cutText(e.message ?? String(error), 160)}${where}${e.code === undefined ? '' : ` (${e.code})`}`;
    return { problem };
  }
}
