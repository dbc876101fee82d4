import { checkExpressions } from './check-expressions.ts';
import {
  checkDuplicateSteps,
  checkFormFieldReferences,
  checkStepReferences,
  listSteps,
} from './check-steps.ts';
import { checkTriggerFields } from './check-trigger-fields.ts';
import {
  type Diagnostic,
  type DiagnosticContext,
  type DocumentPath,
  diagnosticAt,
  sortBySource,
} from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import { collectSites, type ExpressionSite } from './expression-sites.ts';
import type { FormDefinition } from './form-schema.ts';
import { closestKey } from './key-suggestions.ts';
import { type LooseObject, looseList, looseObject, looseText } from './loose-value.ts';

/** How an operation is used: one call, a paginated list, or a batch write. */
export type OperationMode = 'call' | 'list' | 'batchWrite';

/** An operation that exists; `mode` is absent when unknown (its connector failed the schema). */
export interface OperationInfo {
  mode?: OperationMode | undefined;
}

/** What exists outside a document: connections, connectors' operations, forms (and optionally connectors, syncs). */
export interface ReferenceCatalogue {
  connection(id: string): { connector: string } | undefined;
  operation(
    connectorId: string,
    operationId: string,
  ): OperationInfo | undefined | Promise<OperationInfo | undefined>;
  /** A form; one with no `fields` has unknown fields (it failed the schema) and field references are not checked. */
  form(id: string): FormDefinition | undefined;
  /** Whether a connector exists; when absent, a connection's connector is not checked. */
  connector?(id: string): boolean;
  /** A connector's operation ids, for "did you mean" hints (undefined when unknown). */
  operations?(connectorId: string): readonly string[] | undefined | Promise<readonly string[] | undefined>;
  /** Whether a flow exists; when absent (or `sync` is), an alert's `flows` are not checked. */
  flow?(id: string): boolean;
  /** Whether a sync exists; when absent, `$from: {sync}` tables and lookup `ledger`s are not checked. */
  sync?(id: string): boolean;
}

/** Options of the reference checks: where diagnostics point and which environment `${env:NAME}` reads. */
export interface CheckOptions extends DiagnosticContext {
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Semantic checks of a document against a catalogue: unknown connections/operations/forms/flows/syncs,
 * operation modes of syncs, duplicate and out-of-order step references, every expression and template
 * (syntax, function names, a connector template's roots), form and trigger field references and unset
 * `${env:NAME}` references. Returns every problem found, in source order.
 *
 * `doc` is a schema-valid `QiaoDocument`, or the parsed value of one that failed the schema: it is read
 * loosely (loose-value.ts), so every part that can be checked is, and a malformed part is skipped. Leave
 * out what the schema already reported with `withoutReported` (or use `checkValidated`).
 */
export async function checkReferences(
  doc: QiaoDocument | unknown,
  catalogue: ReferenceCatalogue,
  options: CheckOptions = {},
): Promise<Diagnostic[]> {
  const document = looseObject(doc);
  if (document === undefined) return [];
  const { sites, unclosed } = collectSites(document);
  const out: Diagnostic[] = checkExpressions(document.kind, sites, unclosed, options);
  out.push(...checkEnvReferences(document, options));
  if (document.kind === 'flow') out.push(...(await checkFlow(document, catalogue, sites, options)));
  if (document.kind === 'sync') out.push(...(await checkSync(document, catalogue, options)));
  const connector = looseText(document.connector);
  if (
    document.kind === 'connection' &&
    connector !== undefined &&
    catalogue.connector !== undefined &&
    !catalogue.connector(connector)
  ) {
    out.push(
      diagnosticAt(
        options,
        'ref.unknown_connector',
        ['connector'],
        `没有连接器 "${connector}" / No connector "${connector}".`,
      ),
    );
  }
  if (document.kind === 'connector') out.push(...checkConnectorAuth(document, options));
  return sortBySource(withoutRepeats(out));
}

/** A token auth's `operation` must be one of the connector's own operations. */
function checkConnectorAuth(connector: LooseObject, context: DiagnosticContext): Diagnostic[] {
  const auth = looseObject(connector.auth);
  const operation = looseText(auth?.operation);
  const operations = looseObject(connector.operations);
  if (auth?.type !== 'token' || operation === undefined || operations === undefined) return [];
  if (Object.hasOwn(operations, operation)) return [];
  const [zh, en] = didYouMean(operation, Object.keys(operations));
  const message = `认证接口 "${operation}" 不是本连接器的接口${zh} / Auth operation "${operation}" is not one of this connector's operations${en || '.'}`;
  return [diagnosticAt(context, 'ref.unknown_operation', ['auth', 'operation'], message)];
}

/** Drops a diagnostic identical to an earlier one (e.g. a sync source and its detail call naming one connection). */
function withoutRepeats(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\u0000${d.path}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A "did you mean" hint for a misspelt name (both halves empty when none is close): `["，是不是 x？", "; did you mean x?"]`. */
function didYouMean(name: string, known: readonly string[]): [string, string] {
  const near = closestKey(name, known);
  return near === undefined ? ['', ''] : [`，是不是 "${near}"？`, `; did you mean "${near}"?`];
}

async function checkFlow(
  flow: LooseObject,
  catalogue: ReferenceCatalogue,
  sites: readonly ExpressionSite[],
  context: DiagnosticContext,
): Promise<Diagnostic[]> {
  const steps = listSteps(flow.steps);
  const out = [...checkDuplicateSteps(steps.entries, context), ...checkStepReferences(steps, sites, context)];
  for (const { step, path } of steps.entries) {
    const connection = looseText(step.connection);
    const operation = looseText(step.operation);
    if (step.type !== 'call' || connection === undefined) continue;
    out.push(...(await checkOperationRef(catalogue, { connection, operation, at: path }, context)));
  }
  for (const { step, path } of steps.entries) {
    const ledger = looseText(step.ledger);
    if (step.type === 'lookup' && ledger !== undefined)
      out.push(...checkSyncRef(catalogue, ledger, [...path, 'ledger'], context));
  }
  const trigger = looseObject(flow.trigger);
  if (typeof trigger?.type === 'string') out.push(...checkTriggerFields(trigger.type, sites, context));
  if (trigger?.type === 'runFailed') out.push(...checkAlertedFlows(catalogue, trigger.flows, context));
  const form = looseText(trigger?.form);
  if (trigger?.type === 'form' && form !== undefined) {
    const definition = catalogue.form(form);
    if (definition === undefined) {
      out.push(
        diagnosticAt(
          context,
          'ref.unknown_form',
          ['trigger', 'form'],
          `没有表单 "${form}" / No form "${form}".`,
        ),
      );
    } else {
      out.push(...checkFormFieldReferences(looseText(flow.id) ?? '', definition, sites, context));
    }
  }
  const callback = looseText(trigger?.connection);
  if (
    trigger?.type === 'callback' &&
    callback !== undefined &&
    catalogue.connection(callback) === undefined
  ) {
    const message = `没有连接 "${callback}" / No connection "${callback}".`;
    out.push(diagnosticAt(context, 'ref.unknown_connection', ['trigger', 'connection'], message));
  }
  return out;
}

async function checkSync(sync: LooseObject, catalogue: ReferenceCatalogue, context: DiagnosticContext) {
  const source = looseObject(sync.source);
  const target = looseObject(sync.target);
  const writeBack = looseObject(sync.writeBack);
  const detail = looseObject(source?.detail);
  const refs: OperationRef[] = [];
  const add = (part: LooseObject | undefined, ref: Omit<OperationRef, 'connection' | 'operation'>) => {
    const connection = looseText(part?.connection);
    if (connection !== undefined) refs.push({ ...ref, connection, operation: looseText(part?.operation) });
  };
  add(source, { at: ['source'], mode: 'list' });
  add(target, { at: ['target'], mode: 'batchWrite' });
  if (detail !== undefined)
    add(
      { connection: source?.connection, operation: detail.operation },
      { at: ['source', 'detail'], connectionAt: ['source', 'connection'] },
    );
  add(writeBack, { at: ['writeBack'] });
  // Lookup tables loaded from a list operation when a run starts.
  for (const [name, table] of Object.entries(looseObject(sync.tables) ?? {})) {
    const from = looseObject(looseObject(table)?.$from);
    if (looseText(from?.operation) !== undefined) add(from, { at: ['tables', name, '$from'], mode: 'list' });
  }
  const out: Diagnostic[] = [];
  // Lookup tables loaded from another sync's ledger.
  for (const [name, table] of Object.entries(looseObject(sync.tables) ?? {})) {
    const ledger = looseText(looseObject(looseObject(table)?.$from)?.sync);
    if (ledger !== undefined)
      out.push(...checkSyncRef(catalogue, ledger, ['tables', name, '$from', 'sync'], context));
  }
  for (const ref of refs) out.push(...(await checkOperationRef(catalogue, ref, context)));
  return out;
}

/** A sync named by a lookup (`$from: {sync}`, a lookup step's `ledger`) must exist: else its ledger is always empty. */
function checkSyncRef(
  catalogue: ReferenceCatalogue,
  id: string,
  at: DocumentPath,
  context: DiagnosticContext,
): Diagnostic[] {
  if (catalogue.sync === undefined || catalogue.sync(id)) return [];
  const message = `没有集成方案 "${id}"，它的台账永远是空的 / No sync "${id}": its ledger is always empty.`;
  return [diagnosticAt(context, 'ref.unknown_sync', at, message)];
}

/** An alert flow's `flows` must name flows or syncs: an unknown id would never fail, so never alert. */
function checkAlertedFlows(catalogue: ReferenceCatalogue, flows: unknown, context: DiagnosticContext) {
  const { flow, sync } = catalogue;
  if (flow === undefined || sync === undefined) return [];
  const out: Diagnostic[] = [];
  looseList(flows).forEach((item, i) => {
    const id = looseText(item);
    if (id === undefined || flow(id) || sync(id)) return;
    const message = `没有动作流或集成方案 "${id}"，这条告警永远不会因它触发 / No flow or sync "${id}": this alert never fires for it.`;
    out.push(diagnosticAt(context, 'ref.unknown_flow', ['trigger', 'flows', i], message));
  });
  return out;
}

/** A `connection` + `operation` pair in a document, at `at` (its `connection` key may live elsewhere). */
interface OperationRef {
  connection: string;
  /** Undefined when the document does not say (then only the connection is checked). */
  operation: string | undefined;
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
  if (ref.operation === undefined) return [];
  const operation = await catalogue.operation(connection.connector, ref.operation);
  if (operation === undefined) {
    const [zh, en] = didYouMean(ref.operation, (await catalogue.operations?.(connection.connector)) ?? []);
    const message = `连接器 "${connection.connector}"（连接 "${ref.connection}"）没有接口 "${ref.operation}"${zh} / Connector "${connection.connector}" (connection "${ref.connection}") has no operation "${ref.operation}"${en || '.'}`;
    return [diagnosticAt(context, 'ref.unknown_operation', [...ref.at, 'operation'], message)];
  }
  if (ref.mode !== undefined && operation.mode !== undefined && operation.mode !== ref.mode) {
    const role = ref.mode === 'list' ? 'a sync source' : 'a sync target';
    const message = `接口 "${ref.operation}" 是 ${operation.mode} 类接口，${role} 需要 ${ref.mode} 类接口 / Operation "${ref.operation}" is a ${operation.mode} operation; ${role} needs a ${ref.mode} operation.`;
    return [diagnosticAt(context, 'ref.operation_mode', [...ref.at, 'operation'], message)];
  }
  return [];
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Warns about `${env:NAME}` references (anywhere in the document) whose variable is unset. */
function checkEnvReferences(doc: LooseObject, options: CheckOptions): Diagnostic[] {
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
