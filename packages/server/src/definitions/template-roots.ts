import { type Diagnostic, type DiagnosticContext, diagnosticAt, quoteValue } from './diagnostic.ts';
import type { AstNode } from './expression-functions.ts';
import type { ExpressionSite } from './expression-sites.ts';
import { closestKey } from './key-suggestions.ts';

/** What a user-defined connector's request templates (and `baseUrl`, auth texts) can read. */
export const CONNECTOR_TEMPLATE_ROOTS: readonly string[] = ['input', 'config', 'secrets', 'token'];

/**
 * The field names an expression reads from its input's top level (`connection` in
 * `connection.config.x`, `a` in `$string(a) & b`). Only parts evaluated against the input itself are
 * followed — operands, arguments, conditions, constructors, blocks, lambda bodies, and the first step of
 * a path; predicates, later path steps and transforms read something else and are left alone.
 */
export function rootNames(ast: AstNode): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as AstNode;
    switch (n.type) {
      case 'name':
        if (typeof n.value === 'string') out.push(n.value);
        return;
      case 'path': {
        // Only the first step reads the input (`a` of `a[0].b`); the later ones read what it gave.
        const steps = n.steps as AstNode[] | undefined;
        if (Array.isArray(steps)) visit(steps[0]);
        return;
      }
      case 'binary':
      case 'apply':
        visit(n.lhs);
        visit(n.rhs);
        return;
      case 'function':
      case 'partial':
        visit(n.arguments);
        return;
      case 'condition':
        visit(n.condition);
        visit(n.then);
        visit(n.else);
        return;
      case 'block':
        visit(n.expressions);
        return;
      case 'bind':
        visit(n.rhs);
        return;
      case 'lambda':
        visit(n.body);
        return;
      case 'unary':
        if (n.value === '-') visit(n.expression);
        else if (n.value === '[') visit(n.expressions);
        else if (n.value === '{') visit(n.lhs);
        return;
      default:
        return;
    }
  };
  visit(ast);
  return out;
}

/**
 * Reports a connector template reading anything but `input`, `config`, `secrets` or `token` (e.g.
 * `{{ connection.config.clientId }}`): it would render as nothing at run time.
 */
export function checkConnectorTemplateRoots(
  parsed: ReadonlyArray<{ site: ExpressionSite; ast: AstNode }>,
  context: DiagnosticContext,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const allowed = CONNECTOR_TEMPLATE_ROOTS.join(', ');
  for (const { site, ast } of parsed) {
    if (!site.template) continue;
    for (const name of new Set(rootNames(ast))) {
      if (CONNECTOR_TEMPLATE_ROOTS.includes(name)) continue;
      const near = name === 'connection' ? undefined : closestKey(name, CONNECTOR_TEMPLATE_ROOTS);
      const hint =
        name === 'connection'
          ? [
              '连接的设置直接写 config.x 或 secrets.x',
              "write the connection's settings as config.x or secrets.x.",
            ]
          : near === undefined
            ? ['', '']
            : [`是不是 ${near}？`, `did you mean ${near}?`];
      const shown = quoteValue(`{{ ${site.expr} }}`);
      const message =
        `${shown} 读取 "${name}"，但连接器模板只能读取 ${allowed}，运行时这里为空${hint[0] ? `；${hint[0]}` : ''} / ` +
        `${shown} reads "${name}", but a connector template can read only ${allowed}: it renders nothing${hint[1] ? `; ${hint[1]}` : '.'}`;
      out.push(diagnosticAt(context, 'expr.unknown_root', site.path, message));
    }
  }
  return out;
}
