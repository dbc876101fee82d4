import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
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
 * Loads a project folder, prints its diagnostics, and fails with exit code 2 when any is an error;
 * otherwise stores every document (a new version where it changed), except those of `skipKinds`,
 * and returns them all.
 */
export async function applyProject(
  runtime: Runtime,
  folder: string,
  skipKinds: readonly DocumentKind[] = [],
): Promise<LoadedDocument[]> {
  const load = await atSpot({ read: folder, label: LABELS.project }, () =>
    loadDirectory(resolve(folder), { builtinConnectors: builtinConnectorModes(runtime.connectors) }),
  );
  for (const diagnostic of load.diagnostics) console.error(formatDiagnostic(diagnostic, currentLanguage()));
  if (hasErrors(load.diagnostics))
    throw new CliError(invalidSummary(load.diagnostics, load.documents.length));
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
