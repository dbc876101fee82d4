import http from 'node:http';
import https from 'node:https';
import type { JsonValue } from '../../json.ts';

/** An outgoing request; `body` is serialized by `bodyType` (default JSON). */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: JsonValue;
  bodyType?: 'json' | 'form' | 'text';
}

/** A received response; `body` is parsed JSON when it parses, else the text. Header names are lower-case. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Every `Set-Cookie` header, unjoined. */
  setCookies: string[];
  body: JsonValue;
}

/** Why no response came back, and whether the request had fully left before it happened. */
export interface TransportFailure {
  kind: 'timeout' | 'network' | 'aborted';
  /** True when the whole request was written to the connection (a write may then have happened). */
  requestSent: boolean;
  message: string;
  code?: string;
}

/** Thrown by a transport when no response came back. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly failure: TransportFailure;
  constructor(failure: TransportFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Per-send options. */
export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Sends HTTP requests; throws TransportError when no response came back. */
export interface HttpTransport {
  send(request: HttpRequest, options: SendOptions): Promise<HttpResponse>;
  close?(): void;
}

/** Serializes a request body by its `bodyType`; returns the text and its content type. */
export function serializeBody(request: HttpRequest): { text: string; contentType: string } | undefined {
  const { body } = request;
  if (body === undefined) return undefined;
  if (request.bodyType === 'text') return { text: String(body), contentType: 'text/plain; charset=utf-8' };
  if (request.bodyType === 'form') {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(typeof body === 'object' && body !== null ? body : {})) {
      if (v !== null && v !== undefined) params.append(k, typeof v === 'string' ? v : JSON.stringify(v));
    }
    return { text: params.toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  return { text: JSON.stringify(body), contentType: 'application/json; charset=utf-8' };
}

/** Parses a response text as JSON when it is JSON, else keeps the text. */
export function parseBody(text: string): JsonValue {
  if (text === '') return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * The default transport on node:http(s) with keep-alive agents. node:http (rather than fetch) because
 * it tells exactly when the request has been fully written — what separates a network error from an
 * uncertain write.
 */
export function createNodeTransport(options: { maxSockets?: number } = {}): HttpTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  return {
    send: (request, sendOptions) => sendOnce(request, sendOptions, agents),
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function sendOnce(
  request: HttpRequest,
  options: SendOptions,
  agents: { http: http.Agent; https: https.Agent },
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const isHttps = url.protocol === 'https:';
    const payload = serializeBody(request);
    const headers: Record<string, string> = { accept: 'application/json, */*', ...request.headers };
    if (payload) {
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['content-type'] = payload.contentType;
      headers['content-length'] = String(Buffer.byteLength(payload.text));
    }
    let sent = false;
    let settled = false;
    const fail = (kind: TransportFailure['kind'], message: string, code?: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      const failure: TransportFailure = { kind, requestSent: sent, message };
      if (code !== undefined) failure.code = code;
      req.destroy();
      reject(new TransportError(failure));
    };
    const req = (isHttps ? https : http).request(url, {
      method: request.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
    });
    const timer = setTimeout(
      () => fail('timeout', `no response within ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    const onAbort = () => fail('aborted', 'call aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    // 'finish' fires once the request is flushed to a connected socket: from then on the system may act on it.
    req.on('finish', () => {
      sent = true;
    });
    req.on('error', (error: NodeJS.ErrnoException) => fail('network', error.message, error.code));
    req.on('response', (res) => {
      sent = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) => fail('network', error.message, error.code));
      res.on('aborted', () => fail('network', 'connection dropped while reading the response', 'ECONNRESET'));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(toResponse(res, Buffer.concat(chunks).toString('utf8')));
      });
    });
    if (options.signal?.aborted) return onAbort();
    req.end(payload?.text);
  });
}

function toResponse(res: http.IncomingMessage, text: string): HttpResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value !== undefined && name !== 'set-cookie')
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    status: res.statusCode ?? 0,
    headers,
    setCookies: res.headers['set-cookie'] ?? [],
    body: parseBody(text),
  };
}
