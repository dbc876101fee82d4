import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Kingdee K3Cloud request signing ("第三方系统登录授权", reference kingdee-k3cloud.md §2.2) and the
 * LoginBySign hash (§2.1). Pure functions over node:crypto; the connector signs with them, the
 * simulator verifies with them.
 */

/** The ASCII XOR constant the official SDKs use to decode the gateway secret from the AppID. */
const GATEWAY_XOR = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');

/** What is needed to sign one request. */
export interface K3CloudSignInput {
  /** Full AppID, `<clientId>_<32-char base64>`. */
  appId: string;
  appSecret: string;
  acctId: string;
  username: string;
  lcid?: number;
  /** Organisation number; `0` when unused. */
  orgNum?: string | number;
  /** Path (and query) starting at `/K3Cloud/…`, host and port stripped. */
  path: string;
  /** Unix time as sent (seconds or milliseconds). */
  timestamp: string;
  /** Nonce; PySDK sends the timestamp again. */
  nonce: string;
}

/** `base64(hex_lower(HMAC-SHA256(key, msg)))` — the base64 of the hex string, as the SDKs do. */
export function hmacBase64Hex(key: string | Buffer, message: string): string {
  const hex = createHmac('sha256', key).update(message, 'utf8').digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/** Decodes the gateway secret from the part of the AppID after `_` (used as-is when not 32 chars). */
export function gatewaySecret(encoded: string): string {
  if (encoded.length !== 32) return encoded;
  const raw = Buffer.from(encoded, 'base64');
  const out = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = (raw[i] as number) ^ (GATEWAY_XOR[i] as number);
  return out.toString('base64');
}

/** The canonical string signed by `X-Api-Signature` (note the empty line after the path). */
export function canonicalString(path: string, nonce: string, timestamp: string): string {
  return `POST\n${encodeURIComponent(path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
}

/** `<acctId>,<username>,<lcid>,<orgNum>` — the plain text of `X-Kd-Appdata`. */
export function appDataText(
  acctId: string,
  username: string,
  lcid = 2052,
  orgNum: string | number = 0,
): string {
  return `${acctId},${username},${lcid},${orgNum}`;
}

/** Splits an AppID into client id and secret part (no `_`: the whole id is both). */
export function splitAppId(appId: string): { clientId: string; secretPart: string } {
  const i = appId.indexOf('_');
  return i < 0
    ? { clientId: appId, secretPart: appId }
    : { clientId: appId.slice(0, i), secretPart: appId.slice(i + 1) };
}

/** The nine signed headers of one K3Cloud request. */
export function signK3CloudRequest(input: K3CloudSignInput): Record<string, string> {
  const { clientId, secretPart } = splitAppId(input.appId);
  const appData = appDataText(input.acctId, input.username, input.lcid, input.orgNum);
  return {
    'X-Api-ClientID': clientId,
    'X-Api-Auth-Version': '2.0',
    'x-api-timestamp': input.timestamp,
    'x-api-nonce': input.nonce,
    'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
    'X-Api-Signature': hmacBase64Hex(
      gatewaySecret(secretPart),
      canonicalString(input.path, input.nonce, input.timestamp),
    ),
    'X-Kd-Appkey': input.appId,
    'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
    'X-Kd-Signature': hmacBase64Hex(input.appSecret, input.appId + appData),
  };
}

/** The identity carried by a correctly signed request. */
export interface K3CloudSignedIdentity {
  acctId: string;
  username: string;
  lcid: number;
  orgNum: string;
}

/** Result of verifying signed headers: the identity, or why they were rejected. */
export type K3CloudVerifyResult =
  | { ok: true; identity: K3CloudSignedIdentity }
  | { ok: false; reason: string };

/** Options of {@link verifyK3CloudSignature}. */
export interface K3CloudVerifyOptions {
  appId: string;
  appSecret: string;
  path: string;
  /** Current time in ms. */
  nowMs: number;
  /** Accepted |now − timestamp| in ms. */
  windowMs: number;
}

/** Reads a header case-insensitively from a lower-cased header map. */
function header(headers: Record<string, string | undefined>, name: string): string {
  return headers[name.toLowerCase()] ?? '';
}

/** Interprets a timestamp as seconds or milliseconds (auto-detected by magnitude). */
export function timestampToMs(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() === '') return Number.NaN;
  return value > 1e11 ? value : value * 1000;
}

/** Constant-time comparison of two strings. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Verifies the signed headers of a request (`headers` keyed by lower-case name). */
export function verifyK3CloudSignature(
  headers: Record<string, string | undefined>,
  options: K3CloudVerifyOptions,
): K3CloudVerifyResult {
  const appId = header(headers, 'X-Kd-Appkey');
  if (appId !== options.appId) return { ok: false, reason: 'unknown AppID' };
  if (header(headers, 'X-Api-ClientID') !== splitAppId(appId).clientId)
    return { ok: false, reason: 'client id mismatch' };
  const ts = header(headers, 'x-api-timestamp');
  const nonce = header(headers, 'x-api-nonce');
  const tsMs = timestampToMs(ts);
  if (Number.isNaN(tsMs) || Math.abs(options.nowMs - tsMs) > options.windowMs)
    return { ok: false, reason: 'timestamp outside window' };
  const expected = hmacBase64Hex(
    gatewaySecret(splitAppId(appId).secretPart),
    canonicalString(options.path, nonce, ts),
  );
  if (!sameText(header(headers, 'X-Api-Signature'), expected))
    return { ok: false, reason: 'bad X-Api-Signature' };
  const appData = Buffer.from(header(headers, 'X-Kd-Appdata'), 'base64').toString('utf8');
  if (!sameText(header(headers, 'X-Kd-Signature'), hmacBase64Hex(options.appSecret, appId + appData))) {
    return { ok: false, reason: 'bad X-Kd-Signature' };
  }
  const [acctId = '', username = '', lcid = '2052', orgNum = '0'] = appData.split(',');
  return { ok: true, identity: { acctId, username, lcid: Number(lcid) || 2052, orgNum } };
}

/** LoginBySign `sign`: lower-case hex SHA-256 of the ordinal-sorted concatenation of the five values. */
export function loginBySignHash(
  acctId: string,
  username: string,
  appId: string,
  appSecret: string,
  timestamp: string,
): string {
  const parts = [acctId, username, appId, appSecret, timestamp].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(parts.join(''), 'utf8').digest('hex');
}
