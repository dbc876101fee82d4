import jsonata from 'jsonata';
import { isJsonObject } from '../json.ts';
import {
  checkDuplicateSteps,
  checkFormFieldReferences,
  checkStepReferences,
  flattenSteps,
} from './check-steps.ts';
import {
  type Diagnostic,
  type DiagnosticContext,
  type DocumentPath,
  diagnosticAt,
  sortBySource,
} from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import { collectSites, type ExpressionSite } from './expression-sites.ts';
import type { FlowDefinition, SyncDefinition } from './flow-schema.ts';
import type { FormDefinition } from './form-schema.ts';

/** How an operation is used: one call, a paginated list, or a batch write. */
export type OperationMode = 'call' | 'list' | 'batchWrite';

/** What exists outside a document: connections, connectors' operations, forms (and optionally connectors, syncs). */
export interface ReferenceCatalogue {
  connection(id: string): { connector: string } | undefined;
  operation(
    connectorId: string,
    operationId: string,
  ): { mode: OperationMode } | undefined | Promise<{ mode: OperationMode } | undefined>;
  form(id: string): FormDefinition | undefined;
  /** Whether a connector exists; when absent, a connection's connector is not checked. */
  connector?(id: string): boolean;
}

/** Options of the reference checks: where diagnostics point and which environment `${env:NAME}` reads. */
export interface CheckOptions extends DiagnosticContext {
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Semantic checks of a schema-valid document against a catalogue: unknown connections/operations/forms,
 * operation modes of syncs, duplicate and out-of-order step references, JSONata syntax of every expression
 * and template, form field references and unset `${env:NAME}` secrets. Returns every problem found.
 */
export async function checkReferences(
  doc: QiaoDocument,
  catalogue: ReferenceCatalogue,
  options: CheckOptions = {},
): Promise<Diagnostic[]> {
  const { sites, unclosed } = collectSites(doc);
  const out: Diagnostic[] = checkExpressionSyntax(sites, options);
  for (const u of unclosed) {
    out.push(
      diagnosticAt(
        options,
        'expr.unclosed_template',
        u.path,
        `${JSON.stringify(u.text)} 中的 "{{" 没有闭合 / "{{" is never closed in ${JSON.stringify(u.text)}.`,
      ),
    );
  }
  out.push(...checkEnvReferences(doc, options));
  if (doc.kind === 'flow') out.push(...(await checkFlow(doc, catalogue, sites, options)));
  if (doc.kind === 'sync') out.push(...(await checkSync(doc, catalogue, options)));
  if (doc.kind === 'connection' && catalogue.connector !== undefined && !catalogue.connector(doc.connector)) {
    out.push(
      diagnosticAt(
        options,
        'ref.unknown_connector',
        ['connector'],
        `没有连接器 "${doc.connector}" / No connector "${doc.connector}".`,
      ),
    );
  }
  if (
    doc.kind === 'connector' &&
    doc.auth.type === 'token' &&
    doc.operations[doc.auth.operation] === undefined
  ) {
    const message = `认证接口 "${doc.auth.operation}" 不是本连接器的接口 / Auth operation "${doc.auth.operation}" is not one of this connector's operations.`;
    out.push(diagnosticAt(options, 'ref.unknown_operation', ['auth', 'operation'], message));
  }
  return sortBySource(out);
}

/** Parses every expression with JSONata; a syntax error names the position inside the expression. */
function checkExpressionSyntax(sites: readonly ExpressionSite[], context: DiagnosticContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const site of sites) {
    const problem = expressionProblem(site.expr);
    if (problem === undefined) continue;
    const shown = site.template ? `{{ ${site.expr} }}` : site.expr;
    const message = `表达式 ${JSON.stringify(shown)} 有语法错误：${problem} / ${problem} in ${JSON.stringify(shown)}.`;
    out.push(diagnosticAt(context, 'expr.syntax', site.path, message));
  }
  return out;
}

/** Why JSONata cannot parse an expression, or undefined when it parses. */
export function expressionProblem(expr: string): string | undefined {
  if (expr.trim() === '') return 'Empty expression';
  try {
    jsonata(expr);
    return undefined;
  } catch (error) {
    const e = error as { message?: string; position?: number; code?: string };
    const where = e.position === undefined ? '' : ` at position ${e.position}`;
    return `${e.message ?? String(error)}${where}${e.code === undefined ? '' : ` (${e.code})`}`;
  }
}

async function checkFlow(
  flow: FlowDefinition,
  catalogue: ReferenceCatalogue,
  sites: readonly ExpressionSite[],
  context: DiagnosticContext,
): Promise<Diagnostic[]> {
  const entries = flattenSteps(flow.steps);
  const out = [...checkDuplicateSteps(entries, context), ...checkStepReferences(entries, sites, context)];
  for (const { step, path } of entries) {
    if (step.type !== 'call') continue;
    const ref = { connection: step.connection, operation: step.operation, at: path };
    out.push(...(await checkOperationRef(catalogue, ref, context)));
  }
  const trigger = flow.trigger;
  if (trigger.type === 'form') {
    const form = catalogue.form(trigger.form);
    if (form === undefined) {
      out.push(
        diagnosticAt(
          context,
          'ref.unknown_form',
          ['trigger', 'form'],
          `没有表单 "${trigger.form}" / No form "${trigger.form}".`,
        ),
      );
    } else {
      out.push(...checkFormFieldReferences(flow, form, sites, context));
    }
  }
  if (trigger.type === 'callback' && catalogue.connection(trigger.connection) === undefined) {
    const message = `没有连接 "${trigger.connection}" / No connection "${trigger.connection}".`;
    out.push(diagnosticAt(context, 'ref.unknown_connection', ['trigger', 'connection'], message));
  }
  return out;
}

async function checkSync(sync: SyncDefinition, catalogue: ReferenceCatalogue, context: DiagnosticContext) {
  const { source, target, writeBack } = sync;
  const refs: OperationRef[] = [
    { connection: source.connection, operation: source.operation, at: ['source'], mode: 'list' },
    { connection: target.connection, operation: target.operation, at: ['target'], mode: 'batchWrite' },
  ];
  if (source.detail !== undefined) {
    const detail = {
      connection: source.connection,
      operation: source.detail.operation,
      at: ['source', 'detail'],
    };
    refs.push({ ...detail, connectionAt: ['source', 'connection'] });
  }
  if (writeBack !== undefined)
    refs.push({ connection: writeBack.connection, operation: writeBack.operation, at: ['writeBack'] });
  // Lookup tables loaded from a list operation when a run starts.
  for (const [name, table] of Object.entries(sync.tables ?? {})) {
    const from = isJsonObject(table) && isJsonObject(table.$from) ? table.$from : undefined;
    if (typeof from?.connection === 'string' && typeof from.operation === 'string')
      refs.push({
        connection: from.connection,
        operation: from.operation,
        at: ['tables', name, '$from'],
        mode: 'list',
      });
  }
  const out: Diagnostic[] = [];
  for (const ref of refs) out.push(...(await checkOperationRef(catalogue, ref, context)));
  return out;
}

/** A `connection` + `operation` pair in a document, at `at` (its `connection` key may live elsewhere). */
interface OperationRef {
  connection: string;
  operation: string;
  at: DocumentPath;
  connectionAt?: DocumentPath;
  mode?: OperationMode;
}

/** Checks an operation reference: the connection and operation exist, and the operation has the required mode. */
async function checkOperationRef(
  catalogue: ReferenceCatalogue,
  ref: OperationRef,
  context: DiagnosticContext,
): Promise<Diagnostic[]> {
  const connection = catalogue.connection(ref.connection);
  if (connection === undefined) {
    const at = ref.connectionAt ?? [...ref.at, 'connection'];
    return [
      diagnosticAt(
        context,
        'ref.unknown_connection',
        at,
        `没有连接 "${ref.connection}" / No connection "${ref.connection}".`,
      ),
    ];
  }
  const operation = await catalogue.operation(connection.connector, ref.operation);
  if (operation === undefined) {
    const message = `连接器 "${connection.connector}"（连接 "${ref.connection}"）没有接口 "${ref.operation}" / Connector "${connection.connector}" (connection "${ref.connection}") has no operation "${ref.operation}".`;
    return [diagnosticAt(context, 'ref.unknown_operation', [...ref.at, 'operation'], message)];
  }
  if (ref.mode !== undefined && operation.mode !== ref.mode) {
    const role = ref.mode === 'list' ? 'a sync source' : 'a sync target';
    const message = `接口 "${ref.operation}" 是 ${operation.mode} 类接口，${role} 需要 ${ref.mode} 类接口 / Operation "${ref.operation}" is a ${operation.mode} operation; ${role} needs a ${ref.mode} operation.`;
    return [diagnosticAt(context, 'ref.operation_mode', [...ref.at, 'operation'], message)];
  }
  return [];
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Warns about `${env:NAME}` references (anywhere in the document) whose variable is unset. */
function checkEnvReferences(doc: QiaoDocument, options: CheckOptions): Diagnostic[] {
  const env = options.env ?? process.env;
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: DocumentPath): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(ENV_REF)) {
        const name = m[1] ?? '';
        if (env[name] !== undefined) continue;
        const message = `环境变量 ${name} 未设置，运行时将缺少该值 / Environment variable ${name} is not set; the value will be missing at run time.`;
        out.push(diagnosticAt(options, 'ref.unset_env', path, message, { severity: 'warning' }));
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i]);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  visit(doc, []);
  return out;
}
