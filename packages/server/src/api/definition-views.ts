import type { DocumentKind } from '../definitions/index.ts';
import type { JsonObject } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { DocumentHead, DocumentVersion } from '../store/port.ts';

/** URL segments of the definition kinds. */
export const KIND_PATHS: ReadonlyArray<{ kind: DocumentKind; plural: string; label: string }> = [
  { kind: 'flow', plural: 'flows', label: '动作流 / flow' },
  { kind: 'sync', plural: 'syncs', label: '集成方案 / sync' },
  { kind: 'connection', plural: 'connections', label: '连接 / connection' },
  { kind: 'connector', plural: 'connectors', label: '连接器 / connector' },
  { kind: 'form', plural: 'forms', label: '表单 / form' },
];

/** The names of a connection's stored secrets, each shown as `***` (values never leave the server). */
export async function maskedSecrets(runtime: Runtime, connectionId: string): Promise<Record<string, string>> {
  const sealed = await runtime.store.secrets.get(connectionId);
  if (!sealed) return {};
  const names = Object.keys(runtime.secrets.open(sealed));
  return Object.fromEntries(names.sort().map((name) => [name, '***']));
}

/** The API view of a definition version; a connection's secrets are masked and its source text withheld. */
export async function presentVersion(
  runtime: Runtime,
  doc: DocumentVersion,
  head: DocumentHead | undefined,
): Promise<JsonObject> {
  const definition: JsonObject = { ...doc.definition };
  let source = doc.source;
  if (doc.kind === 'connection') {
    definition.secrets = await maskedSecrets(runtime, doc.id);
    source = null;
  }
  return {
    kind: doc.kind,
    id: doc.id,
    version: doc.version,
    currentVersion: head?.currentVersion ?? doc.version,
    enabled: head?.enabled ?? true,
    updatedAt: head?.updatedAt ?? doc.createdAt,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy,
    definition,
    source,
  };
}

/** The list item of a definition: its head plus the display name. */
export function presentHead(head: DocumentHead, doc: DocumentVersion | undefined): JsonObject {
  const name = doc?.definition.name;
  return {
    id: head.id,
    kind: head.kind,
    name: typeof name === 'string' ? name : null,
    version: head.currentVersion,
    enabled: head.enabled,
    updatedAt: head.updatedAt,
  };
}
