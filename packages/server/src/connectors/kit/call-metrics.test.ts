import { afterEach, describe, expect, it } from 'vitest';
import { QiaoError } from '../../errors/index.ts';
import type { AddressPolicy } from './address-policy.ts';
import { type CallOutcome, callOutcomeOf, type GatewayMetrics } from './call-metrics.ts';
import { systemClock } from './clock.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import { type LocalServer, type SeenRequest, startLocalServer } from './local-server.ts';
import { createTokenBucketLimiter } from './rate-limiter.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A GatewayMetrics that keeps what it is told. */
function recording() {
  const exchanges: Array<[string, string, CallOutcome, boolean]> = [];
  const fetches: Array<[string, CallOutcome]> = [];
  const waits: number[] = [];
  const metrics: GatewayMetrics = {
    exchange: (connector, operation, outcome, seconds) =>
      exchanges.push([connector, operation, outcome, seconds !== undefined && seconds >= 0]),
    credentialFetch: (connector, outcome) => fetches.push([connector, outcome]),
    rateLimitWait: (_connector, seconds) => waits.push(seconds),
  };
  return { metrics, exchanges, fetches, waits };
}

const connector: ConnectorDeclaration = {
  id: 'erp',
  version: '1',
  name: { zh: 'ERP', en: 'ERP' },
  auth: {
    type: 'token',
    operation: 'login',
    token: 'token',
    inject: { in: 'header', name: 'x-token' },
  },
  operations: {
    login: { method: 'POST', path: '/login' },
    get: { method: 'GET', path: '/get', query: { id: '{{ input.id }}' } },
  },
};

function handler(request: SeenRequest) {
  if (request.path === '/login') return { json: { token: 'tok-1' } };
  const id = request.query.get('id');
  if (id === 'busy') return { status: 503, json: { message: 'busy' } };
  if (id === 'slow-down') return { status: 429, headers: { 'retry-after': '1' }, json: {} };
  if (id === 'bad') return { status: 422, json: { message: 'invalid' } };
  return { json: { id } };
}

function gatewayFor(
  metrics: GatewayMetrics,
  options: { perSecond?: number; declaration?: ConnectorDeclaration; addressPolicy?: AddressPolicy } = {},
) {
  const declaration = options.declaration ?? connector;
  const perSecond = options.perSecond ?? 1_000_000;
  return createConnectorGateway({
    ...(options.addressPolicy ? { addressPolicy: options.addressPolicy } : {}),
    connectors: createConnectorRegistry([declaration]),
    connections: {
      resolve: async () => ({
        connectorId: declaration.id,
        config: { baseUrl: server?.url ?? '' },
        secrets: {},
        rateLimit: { perSecond },
      }),
    },
    rateLimiter: createTokenBucketLimiter({ clock: systemClock }),
    metrics,
  });
}

describe('gateway metrics', () => {
  it('reports each exchange by connector, operation and classified outcome, and the credential fetch', async () => {
    server = await startLocalServer(handler);
    const r = recording();
    const gateway = gatewayFor(r.metrics);
    const call = (id: string) =>
      gateway.call({ connection: 'c', operation: 'get', input: { id } }).then(
        () => 'ok',
        (error: QiaoError) => error.code,
      );
    expect(await call('1')).toBe('ok');
    expect(await call('busy')).toBe('CONNECTOR_UNAVAILABLE');
    expect(await call('slow-down')).toBe('CONNECTOR_RATE_LIMITED');
    expect(await call('bad')).toBe('CONNECTOR_REJECTED');
    expect(r.exchanges).toEqual([
      ['erp', 'login', 'ok', true],
      ['erp', 'get', 'ok', true],
      ['erp', 'get', 'unavailable', true],
      ['erp', 'get', 'rate_limited', true],
      ['erp', 'get', 'rejected', true],
    ]);
    expect(r.fetches).toEqual([['erp', 'ok']]);
    gateway.close();
  });

  it('reports a failed credential fetch, and a refused connection as network', async () => {
    server = await startLocalServer((request) =>
      request.path === '/login' ? { status: 401, json: { message: 'wrong password' } } : { json: {} },
    );
    const r = recording();
    const gateway = gatewayFor(r.metrics);
    await expect(
      gateway.call({ connection: 'c', operation: 'get', input: { id: '1' } }),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_AUTH_FAILED',
    });
    expect(r.fetches).toEqual([['erp', 'auth_failed']]);
    await server.close();
    // Nothing listens any more: the connect fails before a request is sent.
    const fresh = recording();
    const closed = gatewayFor(fresh.metrics);
    await expect(
      closed.call({ connection: 'c', operation: 'get', input: { id: '1' } }),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_NETWORK',
    });
    expect(fresh.exchanges).toEqual([['erp', 'login', 'network', true]]);
    expect(fresh.fetches).toEqual([['erp', 'network']]);
    gateway.close();
    closed.close();
    server = undefined;
  });

  it('reports a call refused before sending (address policy) without a duration', async () => {
    server = await startLocalServer(handler);
    const r = recording();
    const user: ConnectorDeclaration = { ...connector, id: 'mine', origin: 'user', auth: { type: 'none' } };
    const gateway = gatewayFor(r.metrics, { declaration: user, addressPolicy: { deny: ['127.0.0.0/8'] } });
    await expect(
      gateway.call({ connection: 'c', operation: 'get', input: { id: '1' } }),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_ADDRESS_DENIED',
    });
    expect(r.exchanges).toEqual([['mine', 'get', 'denied', false]]);
    gateway.close();
  });

  it('counts the calls the rate limiter held back and for how long', async () => {
    server = await startLocalServer(handler);
    const r = recording();
    // 50 per second, burst 1: five calls at once wait about 20, 40, 60 and 80 ms.
    const gateway = gatewayFor(r.metrics, { perSecond: 50 });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        gateway.call({ connection: 'c', operation: 'get', input: { id: `${i}` } }),
      ),
    );
    expect(r.waits.length).toBeGreaterThanOrEqual(4);
    expect(r.waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.1);
    gateway.close();
  });
});

describe('callOutcomeOf', () => {
  it('names connector errors, and other codes by kind', () => {
    expect(callOutcomeOf(undefined)).toBe('ok');
    expect(callOutcomeOf(new QiaoError('CONNECTOR_TIMEOUT', 't'))).toBe('timeout');
    expect(callOutcomeOf(new QiaoError('CONNECTOR_UNCERTAIN_WRITE', 'w'))).toBe('uncertain_write');
    expect(callOutcomeOf(new QiaoError('CONNECTOR_AUTH_EXPIRED', 'e'))).toBe('auth_expired');
    expect(callOutcomeOf(new QiaoError('CLUSTER_UNAVAILABLE', 'r'))).toBe('retryable');
    expect(callOutcomeOf(new QiaoError('INPUT_INVALID', 'i'))).toBe('permanent');
    expect(callOutcomeOf(new QiaoError('INTERNAL', 'x'))).toBe('error');
    expect(callOutcomeOf(new Error('a bug'))).toBe('error');
    expect(callOutcomeOf(new DOMException('stop', 'AbortError'))).toBe('cancelled');
  });
});
