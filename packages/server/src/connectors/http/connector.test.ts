import { afterEach, describe, expect, it } from 'vitest';
import { type ConnectorDefinition, connectorSchema } from '../../definitions/schema.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { createConnectorGateway, importOpenApi } from '../kit/index.ts';
import { type LocalServer, startLocalServer } from '../kit/local-server.ts';
import { createHttpConnectorRegistry } from './connector.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function gatewayFor(
  documents: Record<string, ConnectorDefinition>,
  connections: Record<string, { connectorId: string; config?: JsonObject; secrets?: Record<string, string> }>,
) {
  return createConnectorGateway({
    connectors: createHttpConnectorRegistry({
      loadDocument: async (id) => (documents[id] ? { definition: documents[id], version: 1 } : undefined),
    }),
    connections: {
      resolve: async (id) => {
        const c = connections[id];
        return c
          ? {
              connectorId: c.connectorId,
              config: { baseUrl: server?.url ?? '', ...c.config },
              secrets: c.secrets ?? {},
            }
          : undefined;
      },
    },
  });
}

describe('http connector', () => {
  it('runs a user-defined connector document with token auth and pagination', async () => {
    let issued = 0;
    server = await startLocalServer((req) => {
      if (req.path === '/token') return { json: { data: { token: `T${++issued}`, ttl: 600 } } };
      if (req.headers.authorization !== `Bearer T${issued}`) return { status: 401, json: {} };
      const page = Number(req.query.get('p'));
      return { json: { rows: page < 3 ? [{ page }] : [], pages: 2 } };
    });
    const document = connectorSchema.parse({
      schemaVersion: 1,
      kind: 'connector',
      id: 'crm',
      name: '客户系统',
      auth: {
        type: 'token',
        operation: 'login',
        token: 'data.token',
        expiresIn: 'data.ttl',
        inject: { in: 'header', name: 'authorization', prefix: 'Bearer ' },
      },
      operations: {
        login: { method: 'POST', path: '/token', body: { key: '{{ secrets.key }}' } },
        customers: {
          method: 'GET',
          path: '/customers',
          pagination: { style: 'page', pageParam: 'p', items: 'rows', totalPages: 'pages' },
        },
      },
    });
    const gateway = gatewayFor({ crm: document }, { c: { connectorId: 'crm', secrets: { key: 'k-1' } } });
    const first = await gateway.listPage({
      connection: 'c',
      operation: 'customers',
      input: {},
      cursor: null,
    });
    const second = await gateway.listPage({
      connection: 'c',
      operation: 'customers',
      input: {},
      cursor: first.next,
    });
    expect([first, second]).toEqual([
      { items: [{ page: 1 }], next: 2 },
      { items: [{ page: 2 }], next: null },
    ]);
    expect(issued).toBe(1);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toEqual({ key: 'k-1' });
    gateway.close();
  });

  it('sends a plain request with the connection headers and classifies a lost write', async () => {
    server = await startLocalServer((req) =>
      req.path === '/lost'
        ? 'drop'
        : { status: 201, json: { got: JSON.parse(req.body || 'null'), h: req.headers['x-tenant'] ?? null } },
    );
    const gateway = gatewayFor({}, { h: { connectorId: 'http', config: { headers: { 'x-tenant': 't1' } } } });
    const output = await gateway.call({
      connection: 'h',
      operation: 'request',
      input: { method: 'POST', url: '/things', body: { a: 1 } },
    });
    expect(output).toMatchObject({ status: 201, body: { got: { a: 1 }, h: 't1' } });
    await expect(
      gateway.call({
        connection: 'h',
        operation: 'request',
        input: { method: 'PUT', url: '/lost', body: {} },
      }),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_UNCERTAIN_WRITE',
    });
    await expect(
      gateway.call({ connection: 'h', operation: 'request', input: { url: '/lost' } }),
    ).rejects.toMatchObject({ code: 'CONNECTOR_NETWORK' });
    await expect(
      gateway.call({ connection: 'h', operation: 'request', input: { method: 'TRACE', url: '/x' } }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    gateway.close();
  });

  it('calls an operation imported from OpenAPI', async () => {
    server = await startLocalServer((req) => ({
      json: { path: req.path, q: req.query.get('limit'), key: req.headers['x-api-key'] ?? null },
    }));
    const { connector } = importOpenApi({
      openapi: '3.0.0',
      info: { title: 'pets' },
      components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
      paths: {
        '/pets/{id}': {
          get: {
            operationId: 'getPet',
            parameters: [
              { name: 'id', in: 'path' },
              { name: 'limit', in: 'query' },
            ],
          },
        },
      },
    } as JsonObject);
    const gateway = gatewayFor(
      { pets: connector },
      { p: { connectorId: 'pets', secrets: { apiKey: 'pk-77' } } },
    );
    const output: JsonValue = await gateway.call({
      connection: 'p',
      operation: 'getPet',
      input: { id: 'p 1' },
    });
    expect(output).toEqual({ path: '/pets/p%201', q: null, key: 'pk-77' });
    expect(await gateway.describe('p', 'getPet')).toMatchObject({ connectorId: 'pets', mode: 'call' });
    expect(await gateway.describe('missing', 'getPet')).toBeUndefined();
    gateway.close();
  });
});
