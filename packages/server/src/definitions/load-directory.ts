import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkValidated } from './check-validated.ts';
import { type Diagnostic, diagnosticAt, sortBySource } from './diagnostic.ts';
import type { QiaoDocument } from './document.ts';
import { DOCUMENT_KINDS } from './json-schema.ts';
import { looseObject, looseText } from './loose-value.ts';
import { parseDocumentText } from './parse-document.ts';
import { type BuiltinConnectors, projectCatalogue } from './project-catalogue.ts';
import { type ValidationResult, validateValue } from './validate-document.ts';

/** Options of `loadDirectory`. */
export interface LoadOptions {
  builtinConnectors?: BuiltinConnectors;
  /** Environment for `${env:NAME}` checks (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Read the subfolders too (default true); false: only the files directly in the folder. */
  recursive?: boolean;
  /**
   * Files (relative to the folder, `/`-separated) read and checked whatever they hold — the file a command
   * was given — where the others are read only when they look like Qiao documents (`looksLikeDefinition`).
   */
  include?: readonly string[];
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
 * Loads the Qiao documents of a folder — every *.yaml/*.yml/*.json under it (skipping dot folders and
 * node_modules; with `recursive: false` only those directly in it) that looks like one (`looksLikeDefinition`:
 * a package.json or tsconfig.json is not read as a definition) —, validates each and
 * checks references across the set: connections, connectors and forms of the folder plus built-in connectors.
 * Duplicate ids of the same kind are errors. A file that failed the schema is still checked as far as it
 * can be (`checkValidated`), and still names its connection, connector or form for the others' checks
 * (read loosely); only schema-valid documents are returned.
 */
export async function loadDirectory(folder: string, options: LoadOptions = {}): Promise<ProjectLoad> {
  const read: ReadDefinition[] = [];
  const include = new Set(options.include ?? []);
  const files = await listDefinitionFiles(folder, options.recursive ?? true);
  for (const file of [...include].filter((f) => !files.includes(f))) files.push(file);
  for (const file of files.sort()) {
    const source = await readFile(join(folder, file), 'utf8');
    // Parsed once; validated only when it is a Qiao document (another tool's file costs no schema check).
    const parsed = parseDocumentText(source, { file });
    if (!include.has(file) && !looksLikeDefinition(source, parsed.value)) continue;
    const result: ValidationResult =
      parsed.diagnostics.length > 0
        ? { diagnostics: parsed.diagnostics, locate: parsed.locate, file }
        : validateValue(parsed.value, { file, locate: parsed.locate });
    read.push({ file, source, result });
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

/** The keys every Qiao document starts with; a file with neither is something else (package.json, a CI file …). */
const QIAO_KEYS = ['kind', 'schemaVersion'];
/** The same keys at the top of a text that does not parse (YAML at column 0, or a JSON key). */
const QIAO_KEY_LINE = /^(?:kind|schemaVersion)[ \t]*:|"(?:kind|schemaVersion)"\s*:/m;

/**
 * Whether a YAML/JSON file of a folder is a Qiao document (to validate) rather than another tool's file
 * (to leave alone), from its text and its parsed value (undefined: the text does not parse): a mapping with
 * `kind` or `schemaVersion`; a text that does not parse, when such a key starts one of its lines (a broken
 * definition is still reported).
 */
export function looksLikeDefinition(source: string, parsed: unknown): boolean {
  if (parsed === undefined) return QIAO_KEY_LINE.test(source);
  const value = looseObject(parsed);
  return value !== undefined && QIAO_KEYS.some((key) => key in value);
}

/**
 * Definition files (by name) under a folder, relative and `/`-separated; dot folders and node_modules are not
 * entered (nor, with `recursive` false, any subfolder). The caller sorts them.
 */
async function listDefinitionFiles(folder: string, recursive: boolean, under = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(folder, under), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const file = under === '' ? entry.name : `${under}/${entry.name}`;
    if (entry.isFile() && DEFINITION_FILE.test(entry.name)) files.push(file);
    else if (recursive && entry.isDirectory() && entry.name !== 'node_modules')
      files.push(...(await listDefinitionFiles(folder, true, file)));
  }
  return files;
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
