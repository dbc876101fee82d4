import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { checkReferences, type OperationMode, type ReferenceCatalogue } from './check-references.ts';
import { type Diagnostic, diagnosticAt, type Locate, sortBySource } from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import type { OperationDefinition } from './schema.ts';
import { validateDocument } from './validate-document.ts';

/** Built-in connectors' operations by connector id, then operation id (supplied by the connector registry). */
export type BuiltinConnectors = Readonly<Record<string, Readonly<Record<string, { mode: OperationMode }>>>>;

/** Options of `loadDirectory`. */
export interface LoadOptions {
  builtinConnectors?: BuiltinConnectors;
  /** Environment for `${env:NAME}` checks (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One valid document of a project and the file it came from (relative to the project folder, `/`-separated). */
export interface LoadedDocument {
  file: string;
  document: QiaoDocument;
  /** The file's text, comments and all (kept with the stored version, so the console shows it). */
  source: string;
}

/** Every valid document of a project folder and every problem found in any of its files. */
export interface ProjectLoad {
  documents: LoadedDocument[];
  diagnostics: Diagnostic[];
}

const DEFINITION_FILE = /\.(ya?ml|json)$/i;

/**
 * Loads every *.yaml/*.yml/*.json under a folder (skipping dot folders and node_modules), validates each and
 * checks references across the set: connections, connectors and forms of the folder plus built-in connectors.
 * Duplicate ids of the same kind are errors.
 */
export async function loadDirectory(folder: string, options: LoadOptions = {}): Promise<ProjectLoad> {
  const files = await listDefinitionFiles(folder);
  const diagnostics: Diagnostic[] = [];
  const valid: Array<LoadedDocument & { locate: Locate }> = [];
  for (const file of files) {
    const text = await readFile(join(folder, file), 'utf8');
    const result = validateDocument(text, { file });
    diagnostics.push(...result.diagnostics);
    if (result.document !== undefined)
      valid.push({ file, document: result.document, source: text, locate: result.locate });
  }
  const unique = dropDuplicateIds(valid, diagnostics);
  const catalogue = projectCatalogue(
    unique.map((d) => d.document),
    options.builtinConnectors ?? {},
  );
  for (const { file, document, locate } of unique) {
    diagnostics.push(...(await checkReferences(document, catalogue, { file, locate, env: options.env })));
  }
  return {
    documents: unique.map(({ file, document, source }) => ({ file, document, source })),
    diagnostics: sortBySource(diagnostics),
  };
}

/** Definition files under a folder, relative and sorted, so results do not depend on the file system's order. */
async function listDefinitionFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !DEFINITION_FILE.test(entry.name)) continue;
    const file = relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (file.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) continue;
    files.push(file);
  }
  return files.sort();
}

/** Keeps the first document of each kind+id; later ones get `ref.duplicate_id` and are left out. */
function dropDuplicateIds<T extends LoadedDocument & { locate: Locate }>(
  docs: T[],
  diagnostics: Diagnostic[],
): T[] {
  const seen = new Map<string, string>();
  return docs.filter(({ file, document, locate }) => {
    const key = `${document.kind}:${document.id}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, file);
      return true;
    }
    const message = `另一个 ${document.kind} 已使用 id "${document.id}"（${first}），同类定义的 id 不能重复 / Another ${document.kind} already has id "${document.id}" (${first}); ids must be unique per kind.`;
    diagnostics.push(diagnosticAt({ file, locate }, 'ref.duplicate_id', ['id'], message));
    return false;
  });
}

/** The mode of a user-defined connector's operation: paginated → list, batch → batchWrite, else call. */
export function operationMode(operation: OperationDefinition): OperationMode {
  if (operation.pagination !== undefined) return 'list';
  if (operation.batch !== undefined) return 'batchWrite';
  return 'call';
}

/** A catalogue of what a set of documents defines, falling back to built-in connectors. */
export function projectCatalogue(
  documents: readonly QiaoDocument[],
  builtin: BuiltinConnectors = {},
): ReferenceCatalogue {
  const connections = new Map<string, { connector: string }>();
  const connectors = new Map<string, Record<string, { mode: OperationMode }>>();
  const forms = new Map<string, Extract<QiaoDocument, { kind: 'form' }>>();
  for (const doc of documents) {
    if (doc.kind === 'connection') connections.set(doc.id, { connector: doc.connector });
    if (doc.kind === 'form') forms.set(doc.id, doc);
    if (doc.kind === 'connector') {
      const ops = Object.entries(doc.operations).map(
        ([id, op]) => [id, { mode: operationMode(op) }] as const,
      );
      connectors.set(doc.id, Object.fromEntries(ops));
    }
  }
  const operationsOf = (connectorId: string) => connectors.get(connectorId) ?? builtin[connectorId];
  return {
    connection: (id) => connections.get(id),
    operation: (connectorId, operationId) => {
      const ops = operationsOf(connectorId);
      return ops !== undefined && Object.hasOwn(ops, operationId) ? ops[operationId] : undefined;
    },
    form: (id) => forms.get(id),
    connector: (id) => operationsOf(id) !== undefined,
  };
}
