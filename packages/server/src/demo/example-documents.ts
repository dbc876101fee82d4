import { fileURLToPath } from 'node:url';
import {
  type ConnectionDefinition,
  formatDiagnostic,
  hasErrors,
  type LoadedDocument,
  loadDirectory,
  type QiaoDocument,
} from '../definitions/index.ts';
import { QiaoError } from '../errors/index.ts';
import { builtinConnectorModes } from '../runtime/builtin-connectors.ts';

/** The example folders shipped at the repository root (`examples/`). */
export const EXAMPLES = {
  seed001: fileURLToPath(new URL('../../../../examples/dingtalk-expense-to-k3cloud/', import.meta.url)),
  seed000: fileURLToPath(new URL('../../../../examples/jdy-voucher-form/', import.meta.url)),
  alerts: fileURLToPath(new URL('../../../../examples/alerts/', import.meta.url)),
} as const;

/** Where the example connections should point, by connector id (base URL and extra config). */
export type ConnectionTargets = Record<string, { baseUrl: string; config?: Record<string, string> }>;

/** Loads an example folder with the real validator, with each file's text; any error diagnostic fails with every message. */
export async function loadExampleFiles(
  folder: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<LoadedDocument[]> {
  const load = await loadDirectory(folder, { builtinConnectors: builtinConnectorModes(), env });
  if (hasErrors(load.diagnostics))
    throw new QiaoError(
      'DEFINITION_INVALID',
      `示例无效 / example ${folder} is invalid:\n${load.diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`,
    );
  return load.documents;
}

/** The documents of an example folder (`loadExampleFiles` without the texts). */
export async function loadExample(
  folder: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<QiaoDocument[]> {
  return (await loadExampleFiles(folder, env)).map((d) => d.document);
}

/**
 * Points the example connections at the given systems (simulators): base URL and extra config
 * replaced, and the client-side rate limit set (the simulators' limits are lifted in the demo).
 */
export function pointConnections(
  documents: QiaoDocument[],
  targets: ConnectionTargets,
  rateLimit?: { perSecond: number; burst?: number },
): QiaoDocument[] {
  return documents.map((document) => {
    if (document.kind !== 'connection') return document;
    const connection = document as ConnectionDefinition;
    const target = targets[connection.connector];
    if (!target) return document;
    const pointed: ConnectionDefinition = {
      ...connection,
      config: { ...connection.config, ...target.config, baseUrl: target.baseUrl },
    };
    if (rateLimit) pointed.rateLimit = rateLimit;
    return pointed as QiaoDocument;
  });
}
