import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeUtf8, type HttpTransport, TransportError, type TransportFailure } from './http-transport.ts';
import { type LocalReply, type LocalServer, startLocalServer } from './local-server.ts';
import { createNodeTransport } from './node-transport.ts';
import { createUndiciTransport, splitUrl } from './undici-transport.ts';

let server: LocalServer | undefined;
let transport: HttpTransport | undefined;
afterEach(async () => {
  transport?.close?.();
  transport = undefined;
  await server?.close();
  server = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<TransportFailure> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error.failure;
}

// Both transports keep the same contract: the undici one is the default, node:http the alternative.
describe.each([
  ['undici', () => createUndiciTransport()],
  ['node:http', () => createNodeTransport()],
])('%s transport', (_name, create) => {
  async function setup(reply: () => LocalReply): Promise<{ url: string; transport: HttpTransport }> {
    server = await startLocalServer(reply);
    transport = create();
    return { url: server.url, transport };
  }

  it('sends a JSON body with its content type, length and a default accept', async () => {
    const t = await setup(() => ({ json: { ok: true } }));
    const response = await t.transport.send(
      { method: 'POST', url: `${t.url}/save?x=1`, headers: { 'X-Trace': 'a' }, body: { 名称: '费用' } },
      { timeoutMs: 2000 },
    );
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    const seen = server?.requests[0];
    expect(seen).toMatchObject({ method: 'POST', path: '/save', body: '{"名称":"费用"}' });
    expect(seen?.query.get('x')).toBe('1');
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength('{"名称":"费用"}')),
      accept: 'application/json, */*',
      'x-trace': 'a',
    });
  });

  it("keeps the request's own content type and accept, and sets the true content length", async () => {
    const t = await setup(() => ({ text: 'ok' }));
    await t.transport.send(
      {
        method: 'POST',
        url: t.url,
        headers: { 'Content-Type': 'application/vnd.x+json', Accept: 'text/plain', 'Content-Length': '999' },
        body: { a: 1 },
      },
      { timeoutMs: 2000 },
    );
    expect(server?.requests[0]?.headers).toMatchObject({
      'content-type': 'application/vnd.x+json',
      accept: 'text/plain',
      'content-length': '7',
    });
  });

  it('sends form and text bodies', async () => {
    const t = await setup(() => ({ text: 'ok' }));
    await t.transport.send(
      { method: 'POST', url: t.url, headers: {}, body: { a: 'x y', n: 2, skip: null }, bodyType: 'form' },
      { timeoutMs: 2000 },
    );
    await t.transport.send(
      { method: 'PUT', url: t.url, headers: {}, body: 'plain', bodyType: 'text' },
      { timeoutMs: 2000 },
    );
    expect(server?.requests.map((r) => [r.body, r.headers['content-type']])).toEqual([
      ['a=x+y&n=2', 'application/x-www-form-urlencoded'],
      ['plain', 'text/plain; charset=utf-8'],
    ]);
  });

  it('reads headers lower-cased, repeated ones joined, Set-Cookie kept apart; non-JSON stays text', async () => {
    const t = await setup(() => ({
      status: 201,
      headers: { 'X-Many': ['a', 'b'], 'Set-Cookie': ['s=1; Path=/', 't=2'], 'Content-Type': 'text/plain' },
      text: 'not json',
    }));
    const response = await t.transport.send({ method: 'GET', url: t.url, headers: {} }, { timeoutMs: 2000 });
    expect(response.status).toBe(201);
    expect(response.body).toBe('not json');
    expect(response.headers).toMatchObject({ 'x-many': 'a, b', 'content-type': 'text/plain' });
    expect(response.headers['set-cookie']).toBeUndefined();
    expect(response.setCookies).toEqual(['s=1; Path=/', 't=2']);
  });

  it('gives null for an empty body', async () => {
    const t = await setup(() => ({ status: 204 }));
    const response = await t.transport.send(
      { method: 'DELETE', url: t.url, headers: {} },
      { timeoutMs: 2000 },
    );
    expect(response).toMatchObject({ status: 204, body: null });
  });

  it('times out after the request was sent (requestSent: true)', async () => {
    const t = await setup(() => 'hang');
    const failure = await failureOf(
      t.transport.send({ method: 'POST', url: t.url, headers: {}, body: { a: 1 } }, { timeoutMs: 100 }),
    );
    expect(failure).toMatchObject({ kind: 'timeout', requestSent: true });
  });

  it('reports a connection dropped after the request as sent (an uncertain write for a write)', async () => {
    const t = await setup(() => 'drop');
    const failure = await failureOf(
      t.transport.send({ method: 'POST', url: t.url, headers: {}, body: { a: 1 } }, { timeoutMs: 2000 }),
    );
    expect(failure).toMatchObject({ kind: 'network', requestSent: true, code: 'ECONNRESET' });
  });

  it('reports a refused connection as not sent', async () => {
    const t = await setup(() => ({ text: 'ok' }));
    await server?.close();
    server = undefined;
    const failure = await failureOf(
      t.transport.send({ method: 'POST', url: t.url, headers: {}, body: { a: 1 } }, { timeoutMs: 2000 }),
    );
    expect(failure).toMatchObject({ kind: 'network', requestSent: false, code: 'ECONNREFUSED' });
  });

  it('aborts a call in flight, and never sends one whose signal has already aborted', async () => {
    const t = await setup(() => 'hang');
    const controller = new AbortController();
    const pending = t.transport.send(
      { method: 'GET', url: t.url, headers: {} },
      { timeoutMs: 5000, signal: controller.signal },
    );
    while (server?.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await failureOf(pending)).toMatchObject({ kind: 'aborted', requestSent: true });
    const failure = await failureOf(
      t.transport.send(
        { method: 'GET', url: t.url, headers: {} },
        { timeoutMs: 5000, signal: controller.signal },
      ),
    );
    expect(failure).toMatchObject({ kind: 'aborted', requestSent: false });
    expect(server?.requests).toHaveLength(1);
  });
});

describe('undici transport', () => {
  it('listens once on a signal shared by many calls, and stops when they are done', async () => {
    server = await startLocalServer(() => ({ json: {} }));
    transport = createUndiciTransport();
    const controller = new AbortController();
    const t = transport;
    const url = server.url;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        t.send({ method: 'GET', url, headers: {} }, { timeoutMs: 2000, signal: controller.signal }),
      ),
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
  });

  it('sends user info of the URL as basic auth and strips the fragment', async () => {
    server = await startLocalServer(() => ({ json: {} }));
    transport = createUndiciTransport();
    const url = server.url.replace('http://', 'http://us%40er:p%3Ass@');
    await transport.send({ method: 'GET', url: `${url}/a?b=1#frag`, headers: {} }, { timeoutMs: 2000 });
    const seen = server.requests[0];
    expect(seen?.path).toBe('/a');
    expect(seen?.query.get('b')).toBe('1');
    expect(seen?.headers.authorization).toBe(`Basic ${Buffer.from('us@er:p:ss').toString('base64')}`);
  });
});

describe('splitUrl', () => {
  it('splits plain URLs without parsing them', () => {
    expect(splitUrl('http://127.0.0.1:8091/topapi/x?access_token=ab&c=1')).toEqual({
      origin: 'http://127.0.0.1:8091',
      path: '/topapi/x?access_token=ab&c=1',
    });
    expect(splitUrl('https://h.example.com')).toEqual({ origin: 'https://h.example.com', path: '/' });
    expect(splitUrl('http://h:1?x=1')).toEqual({ origin: 'http://h:1', path: '/?x=1' });
    expect(splitUrl('http://h/p#frag')).toEqual({ origin: 'http://h', path: '/p' });
  });

  it('percent-encodes what a request line cannot carry, as URL does', () => {
    expect(splitUrl('http://h/路径 a?q=值')).toEqual({
      origin: 'http://h',
      path: '/%E8%B7%AF%E5%BE%84%20a?q=%E5%80%BC',
    });
    expect(splitUrl('HTTP://H:80/x')).toEqual({ origin: 'http://h', path: '/x' });
  });
});

describe('decodeUtf8', () => {
  it('decodes exactly as Buffer#toString("utf8") does: ASCII, Chinese, emoji, a BOM, split chunks, bad bytes', () => {
    const texts = ['', '{"errcode":0}', '{"名称":"费用报销","金额":"1200.00"}', '😀 ok', '\ufeff{"a":1}'];
    const buffers = texts.map((t) => Buffer.from(t));
    // Invalid UTF-8: a lone continuation byte, a truncated sequence, an encoded surrogate, an overlong form.
    buffers.push(Buffer.from([0x7b, 0x80, 0x7d]), Buffer.from([0xe8, 0xb4, 0x22]));
    buffers.push(Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xc0, 0xaf, 0x41]));
    for (const bytes of buffers) {
      const expected = bytes.toString('utf8');
      expect(decodeUtf8([bytes])).toBe(expected);
      // Chunks split inside a multi-byte character are joined before decoding.
      for (let cut = 0; cut <= bytes.length; cut++)
        expect(decodeUtf8([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
    expect(decodeUtf8([])).toBe('');
  });
});
