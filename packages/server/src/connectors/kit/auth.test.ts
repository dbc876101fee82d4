import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway, type GatewayOptions } from './create-gateway.ts';
import { createCredentialCache } from './credential-cache.ts';
import { type LocalReply, type LocalServer, type SeenRequest, startLocalServer } from './local-server.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function gatewayFor(
  connector: ConnectorDeclaration,
  secrets: Record<string, string>,
  extra: Partial<GatewayOptions> = {},
) {
  return createConnectorGateway({
    connectors: createConnectorRegistry([connector]),
    connections: {
      resolve: async () => ({ connectorId: connector.id, config: { baseUrl: server?.url ?? '' }, secrets }),
    },
    ...extra,
  });
}

/** A DingTalk-like system: gettoken issues numbered tokens; calls with a stale token get errcode 88 in a 200. */
function dingLike(state: { issued: number; valid: string }) {
  return (req: SeenRequest): LocalReply => {
    if (req.path === '/gettoken') {
      state.issued += 1;
      state.valid = `tok-${state.issued}`;
      return { json: { errcode: 0, access_token: state.valid, expires_in: 7200 } };
    }
    if (req.query.get('access_token') !== state.valid)
      return { json: { errcode: 88, sub_code: '40014', errmsg: '不合法的access_token' } };
    return { json: { errcode: 0, result: { echo: req.query.get('x') } } };
  };
}

const tokenConnector: ConnectorDeclaration = {
  id: 'dinglike',
  version: '1',
  name: { zh: '类钉钉', en: 'Ding-like' },
  auth: {
    type: 'token',
    operation: 'getToken',
    token: 'access_token',
    expiresIn: 'expires_in',
    inject: { in: 'query', name: 'access_token' },
    expiredWhen: 'body.errcode = 88',
  },
  operations: {
    getToken: {
      method: 'GET',
      path: '/gettoken',
      query: { appkey: '{{ config.appKey }}', appsecret: '{{ secrets.appSecret }}' },
    },
    echo: { method: 'GET', path: '/echo', query: { x: '{{ input.x }}' }, output: 'result.echo' },
  },
};

describe('token auth', () => {
  it('fetches one token for ten parallel calls', async () => {
    const state = { issued: 0, valid: '' };
    server = await startLocalServer(dingLike(state));
    const gateway = gatewayFor(tokenConnector, { appSecret: 's3cret-value' });
    const outputs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gateway.call({ connection: 'c1', operation: 'echo', input: { x: `v${i}` } }),
      ),
    );
    expect(outputs).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
    expect(server.requests.filter((r) => r.path === '/gettoken')).toHaveLength(1);
    gateway.close();
  });

  it('refreshes once when expiry is signalled in a 200 body and retries the call', async () => {
    const state = { issued: 0, valid: '' };
    server = await startLocalServer(dingLike(state));
    const gateway = gatewayFor(tokenConnector, { appSecret: 's3cret-value' });
    await gateway.call({ connection: 'c1', operation: 'echo', input: { x: 'a' } });
    state.valid = 'rotated-by-server';
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        gateway.call({ connection: 'c1', operation: 'echo', input: { x: 'b' } }),
      ),
    );
    expect(results).toEqual(['b', 'b', 'b', 'b', 'b']);
    expect(state.issued).toBe(2);
    gateway.close();
  });

  it('fails with auth-expired when the fresh token is rejected too', async () => {
    server = await startLocalServer((req) =>
      req.path === '/gettoken'
        ? { json: { access_token: 'always-stale', expires_in: 7200 } }
        : { json: { errcode: 88 } },
    );
    const gateway = gatewayFor(tokenConnector, { appSecret: 's3cret-value' });
    await expect(gateway.call({ connection: 'c1', operation: 'echo', input: {} })).rejects.toMatchObject({
      code: 'CONNECTOR_AUTH_EXPIRED',
    });
    expect(server.requests.filter((r) => r.path === '/gettoken')).toHaveLength(2);
    gateway.close();
  });

  it('refreshes before the expiry by the injected clock', async () => {
    const state = { issued: 0, valid: '' };
    server = await startLocalServer(dingLike(state));
    const clock = createManualClock(1_000_000);
    const gateway = gatewayFor(tokenConnector, { appSecret: 's3cret-value' }, { clock });
    await gateway.call({ connection: 'c1', operation: 'echo', input: { x: 'a' } });
    clock.advance(7200_000 - 6 * 60_000);
    await gateway.call({ connection: 'c1', operation: 'echo', input: { x: 'a' } });
    expect(state.issued).toBe(1);
    clock.advance(2 * 60_000);
    await gateway.call({ connection: 'c1', operation: 'echo', input: { x: 'a' } });
    expect(state.issued).toBe(2);
    gateway.close();
  });

  it('turns bad credentials at the token operation into auth-failed', async () => {
    server = await startLocalServer(() => ({
      json: { errcode: 40089, errmsg: '不合法的appkey或appsecret' },
    }));
    const gateway = gatewayFor(tokenConnector, { appSecret: 'wrong' });
    await expect(gateway.call({ connection: 'c1', operation: 'echo', input: {} })).rejects.toMatchObject({
      code: 'CONNECTOR_AUTH_FAILED',
      system: { body: { errcode: 40089, errmsg: '不合法的appkey或appsecret' } },
    });
    gateway.close();
  });
});

describe('session auth', () => {
  it('logs in once, replays the cookie and logs in again when the session is lost', async () => {
    let session = '';
    let logins = 0;
    server = await startLocalServer((req) => {
      if (req.path === '/login') {
        logins += 1;
        session = `S${logins}`;
        return {
          json: { LoginResultType: 1 },
          headers: {
            'set-cookie': [`kdservice-sessionid=${session}; Path=/`, 'ASP.NET_SessionId=x; HttpOnly'],
          },
        };
      }
      if (req.headers.cookie !== `kdservice-sessionid=${session}; ASP.NET_SessionId=x`) {
        return {
          json: {
            Result: {
              ResponseStatus: {
                IsSuccess: false,
                MsgCode: 1,
                Errors: [{ Message: '会话信息已丢失，请重新登录' }],
              },
            },
          },
        };
      }
      return { json: { ok: session } };
    });
    const connector: ConnectorDeclaration = {
      id: 'k3like',
      version: '1',
      name: { zh: '类星空', en: 'K3-like' },
      auth: { type: 'session', operation: 'login', expiredWhen: 'body.Result.ResponseStatus.MsgCode = 1' },
      operations: {
        login: { method: 'POST', path: '/login', body: { pwd: '{{ secrets.password }}' } },
        view: { method: 'POST', path: '/view', output: 'ok' },
      },
    };
    const gateway = gatewayFor(connector, { password: 'pw-123456' });
    expect(await gateway.call({ connection: 'c', operation: 'view', input: {} })).toBe('S1');
    expect(await gateway.call({ connection: 'c', operation: 'view', input: {} })).toBe('S1');
    session = 'server-restarted';
    expect(await gateway.call({ connection: 'c', operation: 'view', input: {} })).toBe('S2');
    expect(logins).toBe(2);
    gateway.close();
  });
});

describe('static and oauth2 auth', () => {
  it('injects api keys, basic and bearer credentials from secrets', async () => {
    server = await startLocalServer((req) => ({
      json: { auth: req.headers.authorization ?? null, key: req.headers['x-api-key'] ?? null },
    }));
    const make = (auth: ConnectorDeclaration['auth']): ConnectorDeclaration => ({
      id: 'static',
      version: '1',
      name: { zh: 's', en: 's' },
      auth,
      operations: { get: { method: 'GET', path: '/x' } },
    });
    const call = (auth: ConnectorDeclaration['auth']) =>
      gatewayFor(make(auth), { key: 'k-1234', pass: 'p-1234', tok: 't-1234' }, {}).call({
        connection: 'c',
        operation: 'get',
        input: {},
      });
    expect(
      await call({ type: 'apiKey', in: 'header', name: 'x-api-key', value: '{{ secrets.key }}' }),
    ).toEqual({ auth: null, key: 'k-1234' });
    expect(await call({ type: 'basic', username: 'u', password: '{{ secrets.pass }}' })).toEqual({
      auth: `Basic ${Buffer.from('u:p-1234').toString('base64')}`,
      key: null,
    });
    expect(await call({ type: 'bearer', token: '{{ secrets.tok }}' })).toEqual({
      auth: 'Bearer t-1234',
      key: null,
    });
  });

  it('fetches an oauth2 client-credentials token once and sends it as bearer', async () => {
    server = await startLocalServer((req) =>
      req.path === '/oauth/token'
        ? {
            json: {
              access_token: `at-${new URLSearchParams(req.body).get('client_secret')}`,
              expires_in: 3600,
            },
          }
        : { json: { auth: req.headers.authorization } },
    );
    const connector: ConnectorDeclaration = {
      id: 'oauth',
      version: '1',
      name: { zh: 'o', en: 'o' },
      auth: {
        type: 'oauth2ClientCredentials',
        tokenUrl: `${server.url}/oauth/token`,
        clientId: 'cid',
        clientSecret: '{{ secrets.cs }}',
      },
      operations: { get: { method: 'GET', path: '/x', output: 'auth' } },
    };
    const gateway = gatewayFor(connector, { cs: 'cs-999' });
    expect(await gateway.call({ connection: 'c', operation: 'get', input: {} })).toBe('Bearer at-cs-999');
    expect(await gateway.call({ connection: 'c', operation: 'get', input: {} })).toBe('Bearer at-cs-999');
    expect(server.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
    gateway.close();
  });
});

describe('credential cache', () => {
  it('reads a fresh credential at once, and nothing before the fetch, after the refresh time or an invalidation', async () => {
    const clock = createManualClock(1_000_000);
    const cache = createCredentialCache(clock);
    expect(cache.fresh?.('c')).toBeUndefined();
    await cache.get('c', async () => ({ value: 'tok-1', expiresInSeconds: 7200 }));
    expect(cache.fresh?.('c')?.value).toBe('tok-1');
    clock.advance(7200_000 - 5 * 60_000);
    expect(cache.fresh?.('c')).toBeUndefined();
    await cache.get('c', async () => ({ value: 'tok-2' }));
    expect(cache.fresh?.('c')?.value).toBe('tok-2');
    cache.invalidate('c', 'tok-2');
    expect(cache.fresh?.('c')).toBeUndefined();
  });
});
