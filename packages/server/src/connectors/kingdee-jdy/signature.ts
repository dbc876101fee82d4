import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Kingdee API-gateway signing for JDY (金蝶精斗云 / 云星辰, reference kingdee-jdy.md §2.2–§2.3).
 * Pure functions over node:crypto: the connector signs with them, the simulator verifies with them.
 */

/** The value of `X-Api-SignHeaders` every client sends. */
export const JDY_SIGN_HEADERS = 'X-Api-TimeStamp,X-Api-Nonce';

/** Query parameters of one call (values as sent, before any encoding). */
export type JdyParams = Readonly<Record<string, string>>;

/** `base64(hex_lower(HMAC-SHA256(key, msg)))` — the base64 of the hex string, as Kingdee does. */
export function hmacBase64Hex(key: string, message: string): string {
  const hex = createHmac('sha256', key).update(message, 'utf8').digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/** RFC 3986 percent-encoding with upper-case hex (`encodeURIComponent` plus `!'()*`). */
export function jdyEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The sorted query line of the canonical string: key and value each encoded twice. */
export function canonicalQuery(params: JdyParams): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${jdyEncode(jdyEncode(k))}=${jdyEncode(jdyEncode(params[k] ?? ''))}`)
    .join('&');
}

/** The canonical string signed by `X-Api-Signature` (the JSON body is not part of it). */
export function jdyCanonical(
  method: string,
  path: string,
  params: JdyParams,
  nonce: string,
  timestamp: string,
): string {
  return `${method.toUpperCase()}\n${jdyEncode(path)}\n${canonicalQuery(params)}\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
}

/** `X-Api-Signature` of a canonical string, keyed by the developer app's client_secret. */
export function jdySignature(clientSecret: string, canonical: string): string {
  return hmacBase64Hex(clientSecret, canonical);
}

/** `app_signature` of the token exchange: `base64(hex(HMAC-SHA256(appSecret, appKey)))`. */
export function jdyAppSignature(appKey: string, appSecret: string): string {
  return hmacBase64Hex(appSecret, appKey);
}

/** The query string of the real URL: sorted, each key and value encoded once. */
export function jdyQueryString(params: JdyParams): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${jdyEncode(k)}=${jdyEncode(params[k] ?? '')}`)
    .join('&');
}

/** What is needed to sign one gateway call. */
export interface JdySignInput {
  clientId: string;
  clientSecret: string;
  method: string;
  /** Path only, e.g. `/jdy/v2/fi/voucher` (no host, no query). */
  path: string;
  params?: JdyParams;
  /** 10-digit random integer string by default. */
  nonce?: string;
  /** Unix time in milliseconds by default (`Date.now()`). */
  timestamp?: string;
}

/** The `X-Api-*` headers of one signed call (add `app-token` and `X-GW-Router-Addr` for business calls). */
export function signJdyRequest(input: JdySignInput): Record<string, string> {
  const nonce = input.nonce ?? String(randomInt(1_000_000_000, 10_000_000_000));
  const timestamp = input.timestamp ?? String(Date.now());
  const canonical = jdyCanonical(input.method, input.path, input.params ?? {}, nonce, timestamp);
  return {
    'X-Api-ClientID': input.clientId,
    'X-Api-Auth-Version': '2.0',
    'X-Api-TimeStamp': timestamp,
    'X-Api-Nonce': nonce,
    'X-Api-SignHeaders': JDY_SIGN_HEADERS,
    'X-Api-Signature': jdySignature(input.clientSecret, canonical),
  };
}

/** Constant-time comparison of two signatures (false when lengths differ). */
export function sameSignature(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
