import { afterEach, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import type { Exchange, ExchangeObserver } from './gateway.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup() {
  server = await startLocalServer((req) =>
    req.path === '/fail'
      ? { status: 400, json: { message: '参数错误', key: req.headers['x-key'] } }
      : { json: { ok: true, key: req.headers['x-key'] } },
  );
  const resolved = {
    connectorId: 't',
    config: { baseUrl: server.url },
    secrets: { key: 'secret-key-1' },
  };
  return createConnectorGateway({
    connectors: createConnectorRegistry([
      {
        id: 't',
        version: '1',
        name: { zh: 't', en: 't' },
        auth: { type: 'apiKey', in: 'header', name: 'x-key', value: '{{ secrets.key }}' },
        operations: { get: { path: '/get' }, fail: { path: '/fail' } },
      },
    ]),
    connections: { resolve: async () => resolved },
  });
}

/** An observer that keeps only failed exchanges and notes what it was asked. */
function failuresOnly() {
  const asked: boolean[] = [];
  const seen: Exchange[] = [];
  const observe: ExchangeObserver = (e) => seen.push(e);
  observe.wants = (failed) => {
    asked.push(failed);
    return failed;
  };
  return { observe, asked, seen };
}

describe('exchange sampling in the kit', () => {
  it('asks the observer first and builds only the exchanges it wants, redacted', async () => {
    const gateway = await setup();
    const o = failuresOnly();
    await gateway.call({ connection: 'c', operation: 'get', input: {} }, o.observe);
    await gateway.call({ connection: 'c', operation: 'get', input: {} }, o.observe);
    await expect(
      gateway.call({ connection: 'c', operation: 'fail', input: {} }, o.observe),
    ).rejects.toThrow();
    expect(o.asked).toEqual([false, false, true]);
    expect(o.seen).toHaveLength(1);
    expect(o.seen[0]?.response?.status).toBe(400);
    expect(o.seen[0]?.error?.code).toBeDefined();
    expect(JSON.stringify(o.seen)).not.toContain('secret-key-1');
    gateway.close();
  });

  it('hands every exchange, redacted, to an observer without wants', async () => {
    const gateway = await setup();
    const seen: Exchange[] = [];
    for (let i = 0; i < 3; i++)
      await gateway.call({ connection: 'c', operation: 'get', input: {} }, (e) => seen.push(e));
    expect(seen).toHaveLength(3);
    for (const e of seen) expect(e.request.headers['x-key']).toBe('***');
    expect(JSON.stringify(seen)).not.toContain('secret-key-1');
    gateway.close();
  });
});
