import { afterEach, describe, expect, it } from 'vitest';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import type { Exchange } from './gateway.ts';
import { type LocalServer, startLocalServer } from './local-server.ts';
import { BODY_CAP, capBody, createExchangeRedactor, jsonLengthBound, redactExchange } from './redact.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('redaction', () => {
  it('masks secret-looking keys and known secret values but not paging cursors', () => {
    const redact = createExchangeRedactor(['app-secret-1']);
    expect(
      redact({
        password: 'x',
        Authorization: 'Bearer y',
        note: 'key=app-secret-1;',
        nextToken: 'c2',
        nested: [{ access_token: 'z' }],
      }),
    ).toEqual({
      password: '***',
      Authorization: '***',
      note: 'key=***;',
      nextToken: 'c2',
      nested: [{ access_token: '***' }],
    });
  });

  it('masks a URL the same way each time it recurs, and by the secrets of the redactor at hand', () => {
    const url = 'https://api.example.com/v1/get?access_token=tok-live-1&note=app-secret-1&page=2';
    const exchange = (): Exchange => ({
      request: { method: 'GET', url, headers: {} },
      startedAt: 0,
      durationMs: 0,
    });
    const first = createExchangeRedactor(['app-secret-1']);
    const masked = 'https://api.example.com/v1/get?access_token=***&note=***&page=2';
    expect(redactExchange(exchange(), first).request.url).toBe(masked);
    expect(redactExchange(exchange(), first).request.url).toBe(masked);
    // Another connection's redactor does not know this secret: its answer is its own.
    const other = createExchangeRedactor(['other-secret']);
    expect(redactExchange(exchange(), other).request.url).toBe(
      'https://api.example.com/v1/get?access_token=***&note=app-secret-1&page=2',
    );
    // Many distinct URLs (a record id in each) keep being masked right after the remembered ones are dropped.
    for (let i = 0; i < 600; i++) {
      const request = { method: 'GET', url: `https://h.example/r/${i}?secret=s${i}`, headers: {} };
      expect(redactExchange({ request, startedAt: 0, durationMs: 0 }, first).request.url).toBe(
        `https://h.example/r/${i}?secret=***`,
      );
    }
  });

  it('caps long bodies', () => {
    const capped = capBody('x'.repeat(BODY_CAP + 10));
    expect(typeof capped === 'string' && capped.endsWith('[truncated 10 chars]')).toBe(true);
    expect(capBody({ a: 1 })).toEqual({ a: 1 });
  });

  it('reports every exchange of a call with tokens and secrets masked', async () => {
    server = await startLocalServer((req) =>
      req.path === '/gettoken'
        ? { json: { access_token: 'live-token-abc', expires_in: 7200 } }
        : { json: { echo: `signed with app-secret-9`, data: 'ok' } },
    );
    const gateway = createConnectorGateway({
      connectors: createConnectorRegistry([
        {
          id: 't',
          version: '1',
          name: { zh: 't', en: 't' },
          auth: {
            type: 'token',
            operation: 'getToken',
            token: 'access_token',
            inject: { in: 'query', name: 'access_token' },
          },
          operations: {
            getToken: {
              method: 'GET',
              path: '/gettoken',
              query: { appsecret: '{{ secrets.appSecret }}', appkey: 'ak' },
            },
            save: {
              method: 'POST',
              path: '/save',
              headers: { 'x-acs-dingtalk-access-token': '{{ token }}' },
              body: { memo: 'uses {{ secrets.appSecret }}' },
            },
          },
        },
      ]),
      connections: {
        resolve: async () => ({
          connectorId: 't',
          config: { baseUrl: server?.url ?? '' },
          secrets: { appSecret: 'app-secret-9' },
        }),
      },
    });
    const exchanges: Exchange[] = [];
    await gateway.call({ connection: 'c', operation: 'save', input: {} }, (e) => exchanges.push(e));
    expect(exchanges).toHaveLength(2);
    const text = JSON.stringify(exchanges);
    expect(text).not.toContain('app-secret-9');
    expect(text).not.toContain('live-token-abc');
    expect(exchanges[0]?.request.url).toContain('appkey=ak');
    expect(exchanges[1]?.request.body).toEqual({ memo: 'uses ***' });
    expect(exchanges[1]?.response).toMatchObject({
      status: 200,
      body: { echo: 'signed with ***', data: 'ok' },
    });
    expect(server.requests[1]?.headers['x-acs-dingtalk-access-token']).toBe('live-token-abc');
    gateway.close();
  });
});

describe('capBody and its length bound', () => {
  it('never underestimates the JSON length of a body', () => {
    const samples: unknown[] = [
      null,
      true,
      -1.2345678901234567e-308,
      Number.MAX_VALUE,
      '',
      'plain',
      'quote " backslash \\ newline \n tab \t',
      '中文 😀 \ud800 lone surrogate',
      { a: [1, 'x', { b: null, 'k"ey': '\u0001' }], 中: '文' },
      Array.from({ length: 50 }, (_, i) => ({ FBillNo: `B${i}`, amount: i * 1.5, note: '报销\n' })),
    ];
    for (const value of samples) {
      const bound = jsonLengthBound(value as never, Number.POSITIVE_INFINITY);
      expect(bound).toBeGreaterThanOrEqual(JSON.stringify(value).length);
    }
  });

  it('keeps bodies under the cap as they are and truncates larger ones', () => {
    const small = { rows: Array.from({ length: 100 }, (_, i) => ({ i, text: '明细'.repeat(10) })) };
    expect(capBody(small)).toBe(small);
    const large = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, text: 'x'.repeat(20) })) };
    const capped = capBody(large);
    expect(typeof capped).toBe('string');
    expect(capped as string).toContain('…[truncated ');
    expect((capped as string).startsWith(JSON.stringify(large).slice(0, BODY_CAP))).toBe(true);
    // Escapes count: a body just under the cap in characters but over it once escaped is truncated.
    const escaped = { text: '"'.repeat(BODY_CAP / 2 + 10) };
    expect(typeof capBody(escaped)).toBe('string');
  });
});
