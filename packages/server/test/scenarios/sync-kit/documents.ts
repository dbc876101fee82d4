import { readFileSync } from 'node:fs';
import { declarationFromDocument } from '../../../src/connectors/http/index.ts';
import type { ConnectorDeclaration } from '../../../src/connectors/kit/connector-declaration.ts';
import {
  type ConnectorDefinition,
  type QiaoDocument,
  validateDocument,
} from '../../../src/definitions/index.ts';
import { isJsonObject, type JsonObject } from '../../../src/json.ts';
/** Reads and validates a definition file (YAML) with the real document validator. */
export function loadDocument(file: string | URL): QiaoDocument {
  const result = validateDocument(readFileSync(file, 'utf8'), { file: String(file) });
  if (!result.document) throw new Error(`invalid ${String(file)}: ${JSON.stringify(result.diagnostics)}`);
  return result.document;
}

/** The user-defined connector of the local scenario servers. */
export const LOCAL_CONNECTOR = loadDocument(
  new URL('./local-connector.yaml', import.meta.url),
) as ConnectorDefinition;

/**
 * The same connector as a code declaration with a `findWritten` hook on `saveBills` (asks `GET /find`),
 * the way a built-in connector (K3Cloud) declares it; counts the look-ups.
 */
export function connectorWithFindWritten(finds: { count: number }): ConnectorDeclaration {
  const declaration = declarationFromDocument(LOCAL_CONNECTOR);
  const saveBills = declaration.operations.saveBills;
  if (!saveBills) throw new Error('saveBills missing');
  const withFind = {
    ...saveBills,
    findWritten: async ({ record, call }: Parameters<NonNullable<typeof saveBills.findWritten>>[0]) => {
      finds.count++;
      const key = isJsonObject(record) ? String(record.externalKey) : '';
      const found = (await call('find', { key })) as JsonObject;
      return found.found === true ? { targetId: String(found.id), targetNumber: String(found.number) } : null;
    },
  };
  return {
    ...declaration,
    origin: 'builtIn',
    operations: { ...declaration.operations, saveBills: withFind },
  };
}

/** The connections `src` and `erp` of the scenario syncs, pointing at the local servers. */
export function localConnections(sourceUrl: string, targetUrl: string): QiaoDocument[] {
  const connection = (id: string, baseUrl: string) => ({
    schemaVersion: 1,
    kind: 'connection',
    id,
    connector: LOCAL_CONNECTOR.id,
    environment: 'test',
    config: { baseUrl },
    secrets: {},
  });
  return [connection('src', sourceUrl), connection('erp', targetUrl)] as unknown as QiaoDocument[];
}
