import type { JsonValue } from '../../json.ts';
import { createRedactor, isSecretName, REDACTED } from '../../secrets/index.ts';
import type { Exchange } from './gateway.ts';

const MASK = REDACTED;
/** Recorded bodies are capped at this many characters. */
export const BODY_CAP = 64 * 1024;

/** Masks secrets in a value: values under secret-looking keys, and every known secret value inside strings. */
export type Redactor = (value: JsonValue) => JsonValue;

/** Builds a redactor for a connection's secret values (and live tokens): src/secrets' redactor. */
export function createExchangeRedactor(secretValues: Iterable<string>): Redactor {
  const redact = createRedactor([...secretValues]);
  return (value) => redact(value);
}

/** Redacts an exchange (headers, URL query, bodies) and caps its bodies. */
export function redactExchange(exchange: Exchange, redact: Redactor): Exchange {
  const out: Exchange = {
    ...exchange,
    request: {
      method: exchange.request.method,
      url: redactUrl(exchange.request.url, redact),
      headers: redactHeaders(exchange.request.headers, redact),
    },
  };
  if (exchange.request.body !== undefined) out.request.body = capBody(redact(exchange.request.body));
  if (exchange.response) {
    out.response = {
      status: exchange.response.status,
      headers: redactHeaders(exchange.response.headers, redact),
    };
    if (exchange.response.body !== undefined) out.response.body = capBody(redact(exchange.response.body));
  }
  if (exchange.error)
    out.error = redact(exchange.error as unknown as JsonValue) as unknown as Exchange['error'];
  return out;
}

function redactHeaders(headers: Record<string, string>, redact: Redactor): Record<string, string> {
  return redact(headers) as Record<string, string>;
}

/**
 * Redacted URLs by redactor: a connection calls the same few URLs again and again (DingTalk's and
 * K3Cloud's carry the record in the body), and parsing one with `new URL` is most of an exchange's
 * redaction. The result depends only on the URL and the redactor, so it is remembered per redactor.
 */
const redactedUrls = new WeakMap<Redactor, Map<string, string>>();
/** URLs remembered per redactor (the map is emptied when full: per-record URLs must not grow it). */
const URLS_KEPT = 256;

function redactUrl(url: string, redact: Redactor): string {
  let urls = redactedUrls.get(redact);
  if (urls === undefined) {
    urls = new Map();
    redactedUrls.set(redact, urls);
  }
  let redacted = urls.get(url);
  if (redacted === undefined) {
    redacted = redactUrlNow(url, redact);
    if (urls.size >= URLS_KEPT) urls.clear();
    urls.set(url, redacted);
  }
  return redacted;
}

function redactUrlNow(url: string, redact: Redactor): string {
  try {
    const parsed = new URL(url);
    for (const [key, value] of [...parsed.searchParams]) {
      parsed.searchParams.set(key, isSecretName(key) ? MASK : (redact(value) as string));
    }
    if (parsed.password) parsed.password = MASK;
    return redact(parsed.toString().replaceAll('%2A%2A%2A', MASK)) as string;
  } catch {
    return redact(url) as string;
  }
}

/** Caps a body: a JSON text longer than BODY_CAP becomes a truncated string with a marker. */
export function capBody(body: JsonValue): JsonValue {
  // Most bodies are far below the cap: a bound on their JSON length says so without serializing them.
  if (typeof body !== 'string' && jsonLengthBound(body, BODY_CAP) <= BODY_CAP) return body;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text.length <= BODY_CAP) return body;
  return `${text.slice(0, BODY_CAP)}…[truncated ${text.length - BODY_CAP} chars]`;
}

/** Characters JSON.stringify escapes (quote, backslash, control characters, surrogates that may be lone). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON.stringify escapes exactly these control characters.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** An upper bound of a string's JSON length: exact without escapes, else each character as its longest escape (6). */
function stringBound(text: string): number {
  return NEEDS_ESCAPE.test(text) ? 2 + 6 * text.length : 2 + text.length;
}

/**
 * An upper bound of `JSON.stringify(value).length`, or a number above `limit` as soon as the bound
 * passes it.
 */
export function jsonLengthBound(value: JsonValue, limit: number): number {
  if (value === null || typeof value === 'boolean') return 5;
  if (typeof value === 'number') return 25;
  if (typeof value === 'string') return stringBound(value);
  if (typeof value !== 'object') return Number.POSITIVE_INFINITY;
  let total = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      total += 1 + jsonLengthBound(item, limit - total);
      if (total > limit) return total;
    }
    return total;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return Number.POSITIVE_INFINITY;
  for (const key in value) {
    const inner = value[key];
    if (inner === undefined) continue;
    total += 2 + stringBound(key) + jsonLengthBound(inner, limit - total);
    if (total > limit) return total;
  }
  return total;
}
