import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from './test-harness.ts';

const SECRET = 'S3cr3t-Value!';
let api: TestApi;
let server: Server;
const responses: string[] = [];

/** A tiny system: /token needs the secret; /echo needs the token and echoes what it got (the secret included). */
function startSystem(): Promise<string> {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (url.pathname === '/token') {
        const ok = url.searchParams.get('secret') === SECRET;
        res.statusCode = ok ? 200 : 401;
        res.end(
          JSON.stringify(ok ? { access_token: 'live-token-123', expires_in: 7200 } : { error: 'bad secret' }),
        );
      } else if (url.pathname === '/echo') {
        res.end(
          JSON.stringify({
            auth: req.headers.authorization ?? null,
            got: body ? JSON.parse(body) : null,
            note: `key ${SECRET}`,
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

async function call(method: string, path: string, body?: unknown) {
  const response = await api.call(method, path, body === undefined ? {} : { body });
  responses.push(response.text);
  return response;
}

beforeAll(async () => {
  const baseUrl = await startSystem();
  api = await createTestApi({ start: true });
  const connector = {
    schemaVersion: 1,
    kind: 'connector',
    id: 'acme',
    name: 'Acme',
    baseUrl,
    auth: {
      type: 'token',
      operation: 'getToken',
      token: 'access_token',
      expiresIn: 'expires_in',
      inject: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
    },
    operations: {
      getToken: { method: 'GET', path: '/token', query: { secret: '{{ secrets.appSecret }}' } },
      echo: { method: 'POST', path: '/echo', body: { value: '{{ input.value }}' } },
    },
  };
  expect((await call('PUT', '/api/v1/connectors/acme', connector)).status).toBe(201);
  const connection = {
    schemaVersion: 1,
    kind: 'connection',
    id: 'acmeProd',
    connector: 'acme',
    config: { region: 'cn' },
    secrets: { appSecret: SECRET },
  };
  expect((await call('PUT', '/api/v1/connections/acmeProd', connection)).status).toBe(201);
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('api connections and connectors', () => {
  it('tests a connection by fetching a fresh token', async () => {
    const result = await call('POST', '/api/v1/connections/acmeProd/test');
    expect(result.body).toMatchObject({ ok: true, operation: 'credentials', status: 200 });
  });

  it('shows secret names masked and keeps them when *** is sent back', async () => {
    const got = await call('GET', '/api/v1/connections/acmeProd');
    expect(got.body.definition.secrets).toEqual({ appSecret: '***' });
    const update = { ...got.body.definition, config: { region: 'sh' } };
    expect((await call('PUT', '/api/v1/connections/acmeProd', update)).body.version).toBe(2);
    expect((await call('POST', '/api/v1/connections/acmeProd/test')).body.ok).toBe(true);
  });

  it('runs an operation test call with secrets and the live token masked', async () => {
    const result = await call('POST', '/api/v1/connectors/acme/operations/echo/test', {
      connection: 'acmeProd',
      input: { value: 7 },
    });
    expect(result.body.ok).toBe(true);
    expect(result.body.output.got).toEqual({ value: 7 });
    expect(result.text).not.toContain('live-token-123');
  });

  it('lists built-in and user-defined connectors with their operations', async () => {
    const list = await call('GET', '/api/v1/connectors');
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['http', 'acme']));
    const acme = list.body.items.find((c: { id: string }) => c.id === 'acme');
    expect(acme.origin).toBe('user');
    expect(acme.operations.map((o: { id: string; mode: string }) => `${o.id}:${o.mode}`)).toEqual(
      expect.arrayContaining(['echo:call', 'getToken:call']),
    );
  });

  it('never returns a connection secret in any response', async () => {
    const flow = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'useAcme',
      name: 'x',
      trigger: { type: 'manual' },
      steps: [{ id: 'e', type: 'call', connection: 'acmeProd', operation: 'echo', input: { value: 1 } }],
    };
    await call('PUT', '/api/v1/flows/useAcme', flow);
    const runId = (await call('POST', '/api/v1/flows/useAcme/run', {})).body.runId;
    const run = await api.runtime.engine.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    await call('GET', `/api/v1/runs/${runId}`);
    await call('GET', '/api/v1/runs');
    await call('GET', '/api/v1/connections');
    await call('GET', '/api/v1/connections/acmeProd?version=1');
    await call('GET', '/api/v1/connections/acmeProd/versions');
    await call('GET', '/api/v1/connections/acmeProd/diff?from=1');
    await call('POST', '/api/v1/validate', {
      document: {
        schemaVersion: 1,
        kind: 'connection',
        id: 'x',
        connector: 'acme',
        secrets: { appSecret: SECRET },
      },
    });
    const stored = await api.runtime.store.secrets.get('acmeProd');
    expect(stored).toBeDefined();
    expect(stored).not.toContain(SECRET);
    expect(responses.length).toBeGreaterThan(10);
    for (const text of responses) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('live-token-123');
    }
  });

  it('reports a failing connection test as not ok', async () => {
    const got = await call('GET', '/api/v1/connections/acmeProd');
    await call('PUT', '/api/v1/connections/acmeProd', {
      ...got.body.definition,
      secrets: { appSecret: 'wrong-secret' },
    });
    const result = await call('POST', '/api/v1/connections/acmeProd/test');
    expect(result.body.ok).toBe(false);
    expect(result.body.error.code).toMatch(/^CONNECTOR_/);
    expect(result.text).not.toContain('wrong-secret');
  });

  it('imports an openapi document as a connector', async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'Pets' },
      servers: [{ url: 'https://pets.example' }],
      paths: { '/pets': { get: { operationId: 'listPets', parameters: [{ name: 'limit', in: 'query' }] } } },
    };
    const preview = await call('POST', '/api/v1/connectors/import-openapi', { document, id: 'pets' });
    expect(preview.body).toMatchObject({
      saved: false,
      connector: { id: 'pets', baseUrl: 'https://pets.example' },
    });
    expect(Object.keys(preview.body.connector.operations)).toEqual(['listPets']);
    const saved = await call('POST', '/api/v1/connectors/import-openapi', {
      document,
      id: 'pets',
      save: true,
    });
    expect(saved.body).toMatchObject({ saved: true, version: 1 });
    expect((await call('GET', '/api/v1/connectors/pets')).status).toBe(200);
  });
});
