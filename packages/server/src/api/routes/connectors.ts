import { z } from '@hono/zod-openapi';
import { declarationFromDocument, httpConnector } from '../../connectors/http/index.ts';
import {
  type ConnectorDeclaration,
  describeOperation,
  importOpenApi,
  testCall,
} from '../../connectors/kit/index.ts';
import {
  type ConnectionDefinition,
  type ConnectorDefinition,
  parseDocumentText,
} from '../../definitions/index.ts';
import { bilingual, QiaoError, quoted } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { ApiDeps } from '../api-deps.ts';
import { applyDefinition } from '../definition-body.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonBody,
  jsonResponse,
  TOO_LARGE_RESPONSE,
} from '../route-kit.ts';
import { DefinitionView, readVersion, VersionQuery } from './definitions.ts';

const tags = ['connectors'];
const BuiltInView = z
  .object({
    kind: z.literal('connector'),
    id: z.string(),
    name: z.unknown(),
    origin: z.literal('builtIn'),
    builtIn: z.literal(true),
    version: z.string(),
    enabled: z.literal(true),
    definition: z.null(),
    source: z.null(),
    operations: z.array(AnyObject),
  })
  .openapi('BuiltInConnector');
const TestBody = z
  .object({
    connection: z.string().min(1),
    input: AnyObject.optional(),
    cursor: z.unknown().optional(),
    records: z.array(z.unknown()).optional(),
  })
  .strict()
  .openapi('OperationTest');
const ImportBody = z
  .object({
    document: AnyObject.optional(),
    text: z.string().optional(),
    id: z.string().optional(),
    name: z.string().optional(),
    save: z.boolean().default(false),
  })
  .strict()
  .refine((b) => b.document !== undefined || b.text !== undefined, {
    message: '需要 document 或 text / document or text is required',
  })
  .openapi('OpenApiImportRequest');
const OpParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
  op: z
    .string()
    .min(1)
    .openapi({ param: { name: 'op', in: 'path' } }),
});

/** Finds a connector declaration: a built-in, the generic `http`, or a user-defined document. */
export async function findConnector(
  deps: ApiDeps,
  connectorId: string,
): Promise<ConnectorDeclaration | undefined> {
  const builtIn = builtInConnector(deps, connectorId);
  if (builtIn) return builtIn;
  const doc = await deps.runtime.store.documents.get('connector', connectorId);
  return doc
    ? declarationFromDocument(doc.definition as unknown as ConnectorDefinition, doc.version)
    : undefined;
}

function describeConnector(declaration: ConnectorDeclaration, extra: JsonObject): JsonObject {
  const operations = Object.entries(declaration.operations).map(([id, op]) => {
    const info = describeOperation(declaration.id, id, op);
    return { id, name: op.name ?? id, ...(info as unknown as JsonObject) };
  });
  return {
    id: declaration.id,
    name: declaration.name,
    origin: declaration.origin ?? 'builtIn',
    version: declaration.version,
    ...extra,
    operations: operations as unknown as JsonValue,
  };
}

/** The built-in declaration of an id (the generic `http` included), if it is one. */
function builtInConnector(deps: ApiDeps, connectorId: string): ConnectorDeclaration | undefined {
  return [httpConnector, ...deps.runtime.connectors].find((d) => d.id === connectorId);
}

/**
 * Registers the connector list (built-in + user-defined), one connector (a stored version, else the
 * built-in's description), operation test calls and OpenAPI import.
 */
export function registerConnectorRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/connectors/{id}',
      tags,
      operationId: 'getConnector',
      summary: 'Get a connector, stored or built-in',
      description:
        'A user-defined connector’s version (`?version=`), or — for a built-in one — its description: ' +
        '`{builtIn: true, name, version, operations: [{id, name, mode, inputSchema, outputSchema, sample …}]}`, as in the list.',
      request: { params: IdParam, query: VersionQuery },
      responses: {
        200: jsonResponse(z.union([DefinitionView, BuiltInView]), 'A version, or a built-in connector'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { version } = input<z.infer<typeof VersionQuery>>(c, 'query');
      const builtIn = builtInConnector(deps, id);
      // A stored document of that id is what its editor reads; otherwise the built-in answers.
      if (builtIn === undefined || (await store.documents.head('connector', id)) !== undefined)
        return c.json(await readVersion(deps, 'connector', id, version));
      if (version !== undefined)
        throw new QiaoError(
          'NOT_FOUND',
          bilingual(
            `内置连接器 ${id} 没有版本 ${version}，只有 ${builtIn.version}`,
            `built-in connector "${id}" has no version ${version}, only ${builtIn.version}`,
          ),
        );
      const description = describeConnector(builtIn, { origin: 'builtIn', enabled: true });
      return c.json({ kind: 'connector', builtIn: true, ...description, definition: null, source: null });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/connectors',
      tags,
      operationId: 'listConnectors',
      summary: 'List built-in and user-defined connectors',
      description:
        'Built-ins (the generic `http` included, `origin: builtIn`) then stored ones (`origin: user`), each with its operations (mode, input/output schemas, sample).',
      responses: {
        200: jsonResponse(z.object({ items: z.array(AnyObject) }), 'Built-in and user-defined connectors'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const builtIns = [httpConnector, ...deps.runtime.connectors].map((d) =>
        describeConnector(d, { origin: 'builtIn', enabled: true }),
      );
      const users = await Promise.all(
        (await store.documents.list('connector')).map(async (head) => {
          const doc = await store.documents.get('connector', head.id);
          const declaration = declarationFromDocument(
            doc?.definition as unknown as ConnectorDefinition,
            head.currentVersion,
          );
          return describeConnector(declaration, {
            origin: 'user',
            version: head.currentVersion,
            enabled: head.enabled,
            updatedAt: head.updatedAt,
          });
        }),
      );
      return c.json({ items: [...builtIns, ...users] });
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/connectors/{id}/operations/{op}/test',
      tags,
      operationId: 'testConnectorOperation',
      summary: 'Call one connector operation as a test',
      description:
        'A real call through `connection` (a connection of this connector; else 400) with `input`, `cursor` or `records`, answered as `{ok, request, response, output, error, durationMs, exchanges}`, secrets masked. An unknown operation is 404 `CONNECTOR_UNKNOWN_OPERATION`.',
      request: { params: OpParams, body: jsonBody(TestBody) },
      responses: { 200: jsonResponse(AnyObject, 'Test call result (secrets masked)'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id, op } = input<z.infer<typeof OpParams>>(c, 'param');
      const body = input<z.infer<typeof TestBody>>(c, 'json');
      const connector = found(
        await findConnector(deps, id),
        bilingual(`连接器 ${id} 不存在`, `connector "${id}" not found`),
      );
      if (!connector.operations[op])
        throw new QiaoError(
          'CONNECTOR_UNKNOWN_OPERATION',
          bilingual(`连接器 ${id} 没有接口 ${op}`, `connector ${id} has no operation "${op}"`),
        );
      const connection = found(
        await store.documents.get('connection', body.connection),
        bilingual(`连接 ${body.connection} 不存在`, `connection "${body.connection}" not found`),
      );
      if ((connection.definition as unknown as ConnectionDefinition).connector !== id) {
        throw new QiaoError(
          'INPUT_INVALID',
          bilingual(
            `连接 ${body.connection} 不属于连接器 ${id}`,
            `connection ${body.connection} does not belong to connector ${id}`,
          ),
        );
      }
      const request = { connection: body.connection, operation: op, input: (body.input ?? {}) as JsonObject };
      const result = await testCall(deps.runtime.gateway, {
        ...request,
        ...(body.cursor === undefined ? {} : { cursor: body.cursor as JsonValue }),
        ...(body.records === undefined ? {} : { records: body.records as JsonValue[] }),
      });
      return c.json({ ok: result.error === undefined, ...(result as unknown as JsonObject) });
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/connectors/import-openapi',
      tags,
      operationId: 'importOpenApiConnector',
      summary: 'Make a connector from an OpenAPI document',
      description:
        'Takes `document` (JSON) or `text` (YAML or JSON) and answers the connector with `warnings`; stored only with `save: true` (then validated like a PUT). Bodies up to 25 MB (`QIAO_IMPORT_BODY_LIMIT_MB`).',
      request: { body: jsonBody(ImportBody) },
      responses: {
        200: jsonResponse(AnyObject, 'The imported connector (stored when save)'),
        ...ERROR_RESPONSES,
        413: TOO_LARGE_RESPONSE,
      },
    },
    async (c) => {
      const body = input<z.infer<typeof ImportBody>>(c, 'json');
      const document = body.document ?? parseOpenApiText(body.text ?? '');
      const options: { id?: string; name?: string } = {};
      if (body.id !== undefined) options.id = body.id;
      if (body.name !== undefined) options.name = body.name;
      const imported = importOpenApi(document as JsonObject, options);
      const connector = imported.connector as unknown as JsonObject;
      if (!body.save) return c.json({ connector, warnings: imported.warnings, saved: false });
      const stored = await applyDefinition(deps.runtime, connector, {
        source: null,
        createdBy: c.get('user').username,
      });
      return c.json({ connector, warnings: imported.warnings, saved: true, version: stored.version });
    },
  );
}

function parseOpenApiText(text: string): JsonObject {
  const parsed = parseDocumentText(text);
  if (parsed.diagnostics.length > 0 || !isJsonObject(parsed.value)) {
    const problem = parsed.diagnostics[0]?.message;
    const said = problem === undefined ? { zh: '不是对象', en: 'not an object' } : quoted(problem);
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(`OpenAPI 文本无法解析：${said.zh}`, `the OpenAPI text does not parse: ${said.en}`),
    );
  }
  return parsed.value;
}
