import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import {
  type DocumentKind,
  formatDiagnostic,
  hasErrors,
  type LoadedDocument,
  loadDirectory,
} from '../definitions/index.ts';
import { builtinConnectorModes } from '../runtime/builtin-connectors.ts';
import type { Runtime, RuntimeOptions } from '../runtime/create-runtime.ts';
import { CliError } from './fail.ts';
import type { GlobalOptions } from './global-options.ts';
import { currentLanguage, invalidSummary, t } from './messages.ts';
import { atSpot, LABELS } from './system-errors.ts';

/** Opens the runtime the global options describe (SQLite in the data dir, or PostgreSQL). */
export async function openRuntime(
  options: GlobalOptions,
  extra: Partial<RuntimeOptions> = {},
): Promise<Runtime> {
  const dataDir = resolve(options.dataDir);
  await atSpot({ create: dataDir, label: LABELS.dataDir }, () => mkdir(dataDir, { recursive: true }));
  // The store and engine are loaded only by the commands that open them (not validate, schema, simulate).
  const { createRuntime } = await import('../runtime/create-runtime.ts');
  return createRuntime({ dataDir, databaseUrl: options.databaseUrl, ...extra });
}

/**
 * The definitions a command applies: a folder's Qiao documents — with its subfolders (a project), or only
 * those directly in it plus `file` (the folder of a file given without `--project`).
 */
export interface ProjectSpec {
  folder: string;
  recursive: boolean;
  /** The file the command was given, when it is in `folder`: read and checked whatever it holds. */
  file?: string;
}

/**
 * The project of a definition file a command was given (`qiao run <file>`, `qiao ledger retry --project
 * <file>`): `--project <dir>` — that folder, subfolders included — else the file's own folder, without its
 * subfolders: the file and the Qiao documents next to it. A file's folder is no project of its own (it may be
 * /tmp or a checkout); subfolders are read only in a folder named with `--project`.
 */
export function projectOfFile(file: string, project?: string): ProjectSpec {
  const path = resolve(file);
  if (project !== undefined) return { folder: resolve(project), recursive: true };
  return { folder: dirname(path), recursive: false, file: path };
}

/**
 * Loads a project (a folder, subfolders included, or a `ProjectSpec`), prints its diagnostics, and fails with
 * exit code 2 when any is an error; otherwise stores every document (a new version where it changed), except
 * those of `skipKinds`, and returns them all. Only Qiao documents are read (YAML/JSON with `kind` or
 * `schemaVersion`; the given file whatever it holds), never another tool's package.json or tsconfig.json.
 */
export async function applyProject(
  runtime: Runtime,
  project: string | ProjectSpec,
  skipKinds: readonly DocumentKind[] = [],
): Promise<LoadedDocument[]> {
  const spec: ProjectSpec =
    typeof project === 'string' ? { folder: resolve(project), recursive: true } : project;
  const { folder, recursive, file } = spec;
  const load = await atSpot({ read: folder, label: LABELS.project }, () =>
    loadDirectory(folder, {
      builtinConnectors: builtinConnectorModes(runtime.connectors),
      recursive,
      ...(file !== undefined && dirname(file) === folder ? { include: [basename(file)] } : {}),
    }),
  );
  for (const diagnostic of load.diagnostics) console.error(formatDiagnostic(diagnostic, currentLanguage()));
  if (hasErrors(load.diagnostics)) {
    if (!recursive && (await hasSubfolders(folder))) console.error(subfoldersNotRead(folder));
    throw new CliError(invalidSummary(load.diagnostics, load.documents.length));
  }
  if (load.documents.length === 0) throw new CliError(t('noFiles', { path: folder }));
  const stored = load.documents.filter((d) => !skipKinds.includes(d.document.kind));
  const sources = new Map(stored.map((d) => [d.document, d.source]));
  if (stored.length > 0)
    await runtime.documents.applyAll(
      stored.map((d) => d.document),
      { sourceOf: (document) => sources.get(document) },
    );
  return load.documents;
}

/** Whether a folder has subfolders a project would read (not dot folders or node_modules). */
async function hasSubfolders(folder: string): Promise<boolean> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules');
}

/** The hint after a file's folder failed to load: its subfolders were not read. */
function subfoldersNotRead(folder: string): string {
  return currentLanguage() === 'zh'
    ? `（只读取了 ${folder} 中直接存放的定义文件，没有读取子文件夹；定义放在子文件夹中时，用 --project <文件夹> 指定整个项目）`
    : `(only the definition files directly in ${folder} were read, not its subfolders; if definitions live in subfolders, name the whole project with --project <dir>)`;
}
