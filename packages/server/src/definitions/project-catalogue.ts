import type { OperationInfo, OperationMode, ReferenceCatalogue } from './check-references.ts';
import type { QiaoDocument } from './document.ts';
import type { FormDefinition } from './form-schema.ts';
import { type LooseObject, looseList, looseObject, looseText } from './loose-value.ts';
import type { OperationDefinition } from './schema.ts';

/** Built-in connectors' operations by connector id, then operation id (supplied by the connector registry). */
export type BuiltinConnectors = Readonly<Record<string, Readonly<Record<string, { mode: OperationMode }>>>>;

/** The mode of a user-defined connector's operation: paginated → list, batch → batchWrite, else call. */
export function operationMode(operation: Pick<OperationDefinition, 'pagination' | 'batch'>): OperationMode {
  if (operation.pagination !== undefined) return 'list';
  if (operation.batch !== undefined) return 'batchWrite';
  return 'call';
}

/** A connector's operations by id, or `unknown` when a connector that failed the schema does not say. */
type CatalogueOperations = Readonly<Record<string, OperationInfo>> | 'unknown';

/**
 * A catalogue of what a set of documents defines, falling back to built-in connectors. `failed` holds the
 * values of project files that failed the schema, read loosely so that what they name still exists for
 * the other files' checks: a connection when its `connector` is text; a connector with its listed
 * operations, mode unknown (any operation when `operations` is unreadable); a form with its fields when
 * every field and detail table has an id, else with unknown fields; a flow or sync by its id.
 */
export function projectCatalogue(
  documents: readonly QiaoDocument[],
  builtin: BuiltinConnectors = {},
  failed: readonly unknown[] = [],
): ReferenceCatalogue {
  const connections = new Map<string, { connector: string }>();
  const connectors = new Map<string, CatalogueOperations>();
  const forms = new Map<string, FormDefinition>();
  // Flows and syncs by id: what alerts and lookups may name.
  const runnable = { flow: new Set<string>(), sync: new Set<string>() };
  for (const doc of documents) {
    if (doc.kind === 'flow' || doc.kind === 'sync') runnable[doc.kind].add(doc.id);
    if (doc.kind === 'connection') connections.set(doc.id, { connector: doc.connector });
    if (doc.kind === 'form') forms.set(doc.id, doc);
    if (doc.kind === 'connector') {
      const ops = Object.entries(doc.operations).map(
        ([id, op]) => [id, { mode: operationMode(op) }] as const,
      );
      connectors.set(doc.id, Object.fromEntries(ops));
    }
  }
  for (const value of failed) {
    const doc = looseObject(value);
    const id = looseText(doc?.id);
    if (doc === undefined || id === undefined) continue;
    const connector = looseText(doc.connector);
    if (doc.kind === 'connection' && connector !== undefined) connections.set(id, { connector });
    if (doc.kind === 'form') forms.set(id, looseForm(doc, id));
    if (doc.kind === 'connector') connectors.set(id, looseOperations(doc.operations));
    if (doc.kind === 'flow' || doc.kind === 'sync') runnable[doc.kind].add(id);
  }
  const operationsOf = (connectorId: string) => connectors.get(connectorId) ?? builtin[connectorId];
  return {
    connection: (id) => connections.get(id),
    operation: (connectorId, operationId) => {
      const ops = operationsOf(connectorId);
      if (ops === 'unknown') return {};
      return ops !== undefined && Object.hasOwn(ops, operationId) ? ops[operationId] : undefined;
    },
    form: (id) => forms.get(id),
    connector: (id) => operationsOf(id) !== undefined,
    operations: (connectorId) => {
      const ops = operationsOf(connectorId);
      return ops === undefined || ops === 'unknown' ? undefined : Object.keys(ops);
    },
    flow: (id) => runnable.flow.has(id),
    sync: (id) => runnable.sync.has(id),
  };
}

/** The operations of a connector that failed the schema: the listed ones, mode unknown. */
function looseOperations(operations: unknown): CatalogueOperations {
  const listed = looseObject(operations);
  if (listed === undefined) return 'unknown';
  return Object.fromEntries(Object.keys(listed).map((id) => [id, {}]));
}

/**
 * A form that failed the schema, with its fields when every field and detail table has a readable id (else
 * none: its fields are unknown). Only ids are read from it (form field references).
 */
function looseForm(doc: LooseObject, id: string): FormDefinition {
  const readable = (list: unknown): boolean =>
    Array.isArray(list) && list.every((item) => looseText(looseObject(item)?.id) !== undefined);
  const details = doc.details ?? [];
  const complete =
    readable(doc.fields) &&
    readable(details) &&
    looseList(details).every((detail) => readable(looseObject(detail)?.fields));
  const form = { ...doc, id, fields: complete ? doc.fields : [], details: complete ? details : [] };
  return form as unknown as FormDefinition;
}
