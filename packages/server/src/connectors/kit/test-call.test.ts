import { afterEach, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { testCall } from './test-call.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup() {
  server = await startLocalServer((req) =>
    req.path === '/fail'
      ? { status: 400, json: { message: '参数错误' } }
      : { json: { items: [1, 2], key: req.headers['x-key'] } },
  );
  return createConnectorGateway({
    connectors: createConnectorRegistry([
      {
        id: 't',
        version: '1',
        name: { zh: 't', en: 't' },
        auth: { type: 'apiKey', in: 'header', name: 'x-key', value: '{{ secrets.key }}' },
        operations: {
          get: { path: '/get' },
          list: { path: '/list', pagination: { style: 'page', pageParam: 'page', items: 'items', size: 10 } },
          fail: { path: '/fail' },
        },
      },
    ]),
    connections: {
      resolve: async () => ({
        connectorId: 't',
        config: { baseUrl: server?.url ?? '' },
        secrets: { key: 'secret-key-1' },
      }),
    },
  });
}

describe('test call', () => {
  it('returns request, response and output with secrets masked', async () => {
    const gateway = await setup();
    const result = await testCall(gateway, { connection: 'c', operation: 'get' });
    expect(result.output).toEqual({ items: [1, 2], key: '***' });
    expect(result.request?.headers['x-key']).toBe('***');
    expect(result.response?.status).toBe(200);
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain('secret-key-1');
    gateway.close();
  });

  it('fetches the first page of a list operation', async () => {
    const gateway = await setup();
    const result = await testCall(gateway, { connection: 'c', operation: 'list' });
    expect(result.output).toEqual({ items: [1, 2], next: null });
    expect(result.request?.url).toContain('page=1');
    gateway.close();
  });

  it('reports the error instead of throwing', async () => {
    const gateway = await setup();
    const result = await testCall(gateway, { connection: 'c', operation: 'fail' });
    expect(result.error).toMatchObject({ code: 'CONNECTOR_REJECTED', system: { message: '参数错误' } });
    expect(result.response?.status).toBe(400);
    expect(result.output).toBeUndefined();
    gateway.close();
  });
});
