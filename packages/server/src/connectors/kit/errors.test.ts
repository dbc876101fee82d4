import { afterEach, describe, expect, it } from 'vitest';
import { isJsonObject } from '../../json.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway, type GatewayOptions } from './create-gateway.ts';
import { connectorErrors } from './errors.ts';
import { type LocalReply, type LocalServer, startLocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const connector: ConnectorDeclaration = {
  id: 'e',
  version: '1',
  name: { zh: 'e', en: 'e' },
  auth: { type: 'none' },
  classifyError: ({ response }) => {
    const body = response?.body;
    if (!isJsonObject(body) || response?.status !== 200) return undefined;
    if (body.errcode === 90018) return connectorErrors.rateLimited(String(body.errmsg), 1000, body);
    if (body.MsgCode === 11) return connectorErrors.duplicate(String(body.Message), body);
    if (body.errcode === 40035) return connectorErrors.user(String(body.errmsg), body);
    return undefined;
  },
  operations: {
    read: { method: 'GET', path: '/read' },
    save: { method: 'POST', path: '/save', body: { n: 1 } },
    checked: { method: 'GET', path: '/read', errorWhen: 'body.code != 0', errorMessage: 'body.msg' },
  },
};

async function setup(reply: () => LocalReply, extra: Partial<GatewayOptions> = {}) {
  server = await startLocalServer(reply);
  return createConnectorGateway({
    connectors: createConnectorRegistry([connector]),
    connections: {
      resolve: async () => ({
        connectorId: 'e',
        config: { baseUrl: server?.url ?? '', timeoutMs: 300 },
        secrets: {},
      }),
    },
    ...extra,
  });
}

const read = { connection: 'c', operation: 'read', input: {} };
const save = { connection: 'c', operation: 'save', input: {} };

describe('error classification', () => {
  it('classifies 5xx as unavailable and retryable', async () => {
    const gateway = await setup(() => ({ status: 503, text: 'busy' }));
    await expect(gateway.call(read)).rejects.toMatchObject({
      code: 'CONNECTOR_UNAVAILABLE',
      kind: 'operational',
      retryable: true,
    });
    gateway.close();
  });

  it('classifies 429 as rate limited with Retry-After', async () => {
    const gateway = await setup(() => ({
      status: 429,
      headers: { 'retry-after': '7' },
      json: { message: 'slow down' },
    }));
    await expect(gateway.call(read)).rejects.toMatchObject({
      code: 'CONNECTOR_RATE_LIMITED',
      retryAfterMs: 7000,
    });
    gateway.close();
  });

  it('lets the connector classify errors inside a 200 body', async () => {
    let body: object = { errcode: 90018, errmsg: '超过限制' };
    const gateway = await setup(() => ({ json: body }));
    await expect(gateway.call(read)).rejects.toMatchObject({
      code: 'CONNECTOR_RATE_LIMITED',
      retryAfterMs: 1000,
      kind: 'operational',
    });
    body = { MsgCode: 11, Message: '违反字段唯一性要求' };
    await expect(gateway.call(save)).rejects.toMatchObject({
      code: 'CONNECTOR_DUPLICATE',
      system: { MsgCode: 11 },
    });
    body = { errcode: 40035, errmsg: '缺少参数' };
    await expect(gateway.call(read)).rejects.toMatchObject({
      code: 'CONNECTOR_REJECTED',
      kind: 'user',
      retryable: false,
      message: '缺少参数',
    });
    gateway.close();
  });

  it('applies a declarative errorWhen with the system message kept', async () => {
    const gateway = await setup(() => ({ json: { code: 46001, msg: '凭证借贷不平衡' } }));
    const error = await gateway.call({ ...read, operation: 'checked' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CONNECTOR_REJECTED',
      system: { code: 46001, msg: '凭证借贷不平衡' },
    });
    expect((error as Error).message).toContain('凭证借贷不平衡');
    gateway.close();
  });

  it('treats 401 without a refreshable auth as bad credentials', async () => {
    const gateway = await setup(() => ({ status: 401, json: { message: 'no' } }));
    await expect(gateway.call(read)).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', kind: 'user' });
    gateway.close();
  });

  it('times out a read after the connection timeout', async () => {
    const gateway = await setup(() => 'hang');
    await expect(gateway.call(read)).rejects.toMatchObject({ code: 'CONNECTOR_TIMEOUT', retryable: true });
    gateway.close();
  });

  it('reports a write whose response was lost as an uncertain write', async () => {
    const gateway = await setup(() => 'drop');
    await expect(gateway.call(save)).rejects.toMatchObject({
      code: 'CONNECTOR_UNCERTAIN_WRITE',
      details: { requestSent: true },
    });
    expect(server?.requests).toHaveLength(1);
    gateway.close();
  });

  it('reports a dropped read as a network error', async () => {
    const gateway = await setup(() => 'drop');
    await expect(gateway.call(read)).rejects.toMatchObject({ code: 'CONNECTOR_NETWORK' });
    gateway.close();
  });

  it('reports a refused write as a network error, not an uncertain one', async () => {
    const gateway = await setup(() => ({ json: {} }));
    await server?.close();
    await expect(gateway.call(save)).rejects.toMatchObject({
      code: 'CONNECTOR_NETWORK',
      details: { requestSent: false },
    });
    gateway.close();
  });

  it('reports an unknown operation', async () => {
    const gateway = await setup(() => ({ json: {} }));
    await expect(gateway.call({ ...read, operation: 'nope' })).rejects.toMatchObject({
      code: 'CONNECTOR_UNKNOWN_OPERATION',
    });
    expect(await gateway.describe('c', 'nope')).toBeUndefined();
    expect(await gateway.describe('c', 'save')).toMatchObject({ mode: 'call', connectorId: 'e' });
    gateway.close();
  });
});
