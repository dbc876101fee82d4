import type { ConnectorDefinition } from '../../definitions/schema.ts';
import type { ConnectorDeclaration, ConnectorRegistry } from '../kit/index.ts';
import { requestOperation } from './operations/request.ts';

/** The generic `http` connector: any API by URL, with the plain `request` operation (config: baseUrl?, headers?). */
export const httpConnector: ConnectorDeclaration = {
  id: 'http',
  version: '1.0.0',
  name: { zh: '通用 HTTP', en: 'Generic HTTP' },
  description: 'Calls any HTTP API; user-defined connectors build on it.',
  origin: 'user',
  auth: { type: 'none' },
  operations: { request: requestOperation },
};

/**
 * Makes a user's `connector` document into a declaration run by the kit's declarative machinery:
 * its auth and operations as written, plus `request` (unless the document defines one), under the address policy.
 */
export function declarationFromDocument(document: ConnectorDefinition, version = 1): ConnectorDeclaration {
  const declaration: ConnectorDeclaration = {
    id: document.id,
    version: String(version),
    name: { zh: document.name, en: document.name },
    origin: 'user',
    auth: document.auth,
    operations: { request: requestOperation, ...document.operations },
  };
  if (document.description !== undefined) declaration.description = document.description;
  if (document.baseUrl !== undefined) declaration.baseUrl = document.baseUrl;
  return declaration;
}

/** Loads the current version of a user-defined connector document (the store does this). */
export type ConnectorDocumentLoader = (
  connectorId: string,
) => Promise<{ definition: ConnectorDefinition; version: number } | undefined>;

/**
 * A registry of built-in declarations first, then `http`, then user-defined documents (converted once
 * per document version).
 */
export function createHttpConnectorRegistry(options: {
  builtIns?: ConnectorDeclaration[];
  loadDocument?: ConnectorDocumentLoader;
}): ConnectorRegistry {
  const builtIns = new Map((options.builtIns ?? []).map((d) => [d.id, d]));
  const converted = new Map<string, { version: number; declaration: ConnectorDeclaration }>();
  return {
    async get(connectorId) {
      const builtIn =
        builtIns.get(connectorId) ?? (connectorId === httpConnector.id ? httpConnector : undefined);
      if (builtIn) return builtIn;
      const loaded = await options.loadDocument?.(connectorId);
      if (!loaded) return undefined;
      const hit = converted.get(connectorId);
      if (hit && hit.version === loaded.version) return hit.declaration;
      const declaration = declarationFromDocument(loaded.definition, loaded.version);
      converted.set(connectorId, { version: loaded.version, declaration });
      return declaration;
    },
  };
}
