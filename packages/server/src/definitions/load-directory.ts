import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { checkValidated } from './check-validated.ts';
import { type Diagnostic, diagnosticAt, sortBySource } from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import { DOCUMENT_KINDS } from './json-schema.ts';
import { looseObject, looseText } from './loose-value.ts';
import { type BuiltinConnectors, projectCatalogue } from './project-catalogue.ts';
import { type ValidationResult, validateDocument } from './validate-document.ts';

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

/** A definition file as read and validated, before the cross-file checks. */
interface ReadDefinition {
  file: string;
  source: string;
  result: ValidationResult;
}

/**
 * Loads every *.yaml/*.yml/*.json under a folder (skipping dot folders and node_modules), validates each and
 * checks references across the set: connections, connectors and forms of the folder plus built-in connectors.
 * Duplicate ids of the same kind are errors. A file that failed the schema is still checked as far as it
 * can be (`checkValidated`), and still names its connection, connector or form for the others' checks
 * (read loosely); only schema-valid documents are returned.
 */
export async function loadDirectory(folder: string, options: LoadOptions = {}): Promise<ProjectLoad> {
  const read: ReadDefinition[] = [];
  for (const file of await listDefinitionFiles(folder)) {
    const source = await readFile(join(folder, file), 'utf8');
    read.push({ file, source, result: validateDocument(source, { file }) });
  }
  const diagnostics: Diagnostic[] = [];
  const unique = new Set(dropDuplicateIds(read, diagnostics));
  const valid = [...unique].flatMap(({ result }) => (result.document === undefined ? [] : [result.document]));
  const failed = [...unique].flatMap(({ result }) => (result.document === undefined ? [result.value] : []));
  const catalogue = projectCatalogue(valid, options.builtinConnectors ?? {}, failed);
  const documents: LoadedDocument[] = [];
  for (const definition of read) {
    const { file, source, result } = definition;
    if (!unique.has(definition)) {
      diagnostics.push(...result.diagnostics);
      continue;
    }
    diagnostics.push(...(await checkValidated(result, catalogue, { env: options.env })));
    if (result.document !== undefined) documents.push({ file, document: result.document, source });
  }
  return { documents, diagnostics: sortBySource(diagnostics) };
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

/**
 * The kind and id a file defines: its document's, or — when it failed the schema — its value's, if both
 * are readable and the schema found nothing wrong with the id itself.
 */
function identityOf({ result }: ReadDefinition): { kind: string; id: string } | undefined {
  if (result.document !== undefined) return { kind: result.document.kind, id: result.document.id };
  const value = looseObject(result.value);
  const kind = looseText(value?.kind);
  const id = looseText(value?.id);
  if (kind === undefined || id === undefined || !DOCUMENT_KINDS.some((k) => k === kind)) return undefined;
  const idReported = result.diagnostics.some(
    (d) => d.severity === 'error' && (d.path === 'id' || d.path === ''),
  );
  return idReported ? undefined : { kind, id };
}

/**
 * Keeps the first definition of each kind+id (valid or not, in file order); later ones get
 * `ref.duplicate_id` and are left out. Files whose kind and id cannot be read are left out too.
 */
function dropDuplicateIds(read: readonly ReadDefinition[], diagnostics: Diagnostic[]): ReadDefinition[] {
  const seen = new Map<string, string>();
  return read.filter((definition) => {
    const identity = identityOf(definition);
    if (identity === undefined) return false;
    const { kind, id } = identity;
    const key = `${kind}:${id}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, definition.file);
      return true;
    }
    const message = `另一个 ${kind} 已使用 id "${id}"（${first}），同类定义的 id 不能重复 / Another ${kind} already has id "${id}" (${first}); ids must be unique per kind.`;
    const { file, result } = definition;
    diagnostics.push(diagnosticAt({ file, locate: result.locate }, 'ref.duplicate_id', ['id'], message));
    return false;
  });
}
