import { bilingual, QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { decryptFeishuMessage, isFeishuSignatureValid } from '../callback-crypto.ts';

/** What a receiver needs of a Feishu connection: the Verification Token and, if set, the Encrypt Key. */
export interface FeishuCallbackCredentials {
  verificationToken: string;
  encryptKey?: string;
}

/** A callback as received: lower- or mixed-case headers and the raw body text (the signature covers it byte for byte). */
export interface FeishuCallbackRequest {
  headers: Record<string, string | undefined>;
  rawBody: string;
}

/** A verified, decrypted callback; `kind` says what to do with it. */
export interface FeishuCallbackEvent {
  /** `url_verification`: reply `urlVerificationReply(event)`; `approvalInstance`: enqueue a sync of that instance. */
  kind: 'url_verification' | 'approvalInstance' | 'approvalTask' | 'other';
  challenge?: string;
  instanceCode?: string;
  approvalCode?: string;
  /** Instance or task status (`PENDING`, `APPROVED`, `REJECTED`, `CANCELED`, `DELETED`, …). */
  status?: string;
  /** The delivery's uuid / event_id: re-deliveries share it — dedupe on it. */
  dedupeKey?: string;
  raw: JsonObject;
}

/**
 * Verifies and opens a Feishu event callback: with an Encrypt Key the body must be `{"encrypt"}`,
 * signed by `X-Lark-Signature` = sha256(timestamp + nonce + key + body) (only the url_verification
 * challenge may come unsigned); the Verification Token inside must match. Throws CALLBACK_REJECTED.
 */
export function verifyAndDecryptCallback(
  request: FeishuCallbackRequest,
  credentials: FeishuCallbackCredentials,
): FeishuCallbackEvent {
  const outer = parseObject(request.rawBody, 'body');
  let raw = outer;
  const key = credentials.encryptKey ?? '';
  if (typeof outer.encrypt === 'string') {
    if (!key)
      throw reject(
        'no-key',
        '收到加密回调但连接未配置 Encrypt Key / an encrypted callback came but the connection has no Encrypt Key',
      );
    raw = parseObject(decryptFeishuMessage(key, outer.encrypt), 'plaintext');
    const signed = checkSignature(request, key);
    if (!signed && raw.type !== 'url_verification')
      throw reject('signature', '回调签名缺失 / the callback has no X-Lark-Signature');
  } else if (key) {
    throw reject(
      'plaintext',
      '配置了 Encrypt Key 但回调未加密 / the connection has an Encrypt Key but the callback is not encrypted',
    );
  }
  const token = isJsonObject(raw.header) ? raw.header.token : raw.token;
  if (token !== credentials.verificationToken)
    throw reject('token', 'Verification Token 不匹配 / the Verification Token does not match');
  return eventOf(raw);
}

/** The reply to a url_verification challenge: `{challenge}` in plaintext JSON, within 1 s. */
export function urlVerificationReply(event: FeishuCallbackEvent): { challenge: string } {
  if (event.kind !== 'url_verification' || !event.challenge) {
    throw new QiaoError('INPUT_INVALID', '不是 url_verification 回调 / not a url_verification callback');
  }
  return { challenge: event.challenge };
}

/** Reads callback credentials from a connection's secrets (`verificationToken`, optional `encryptKey`). */
export function callbackCredentialsOf(secrets: Record<string, string>): FeishuCallbackCredentials {
  if (!secrets.verificationToken) {
    throw new QiaoError(
      'CALLBACK_REJECTED',
      '连接未配置 Verification Token / the connection has no verificationToken',
    );
  }
  const out: FeishuCallbackCredentials = { verificationToken: secrets.verificationToken };
  if (secrets.encryptKey) out.encryptKey = secrets.encryptKey;
  return out;
}

function checkSignature(request: FeishuCallbackRequest, key: string): boolean {
  const header = (name: string) =>
    Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
  const signature = header('x-lark-signature');
  if (!signature) return false;
  const headers = {
    timestamp: header('x-lark-request-timestamp'),
    nonce: header('x-lark-request-nonce'),
    signature,
  };
  if (!isFeishuSignatureValid(headers, key, request.rawBody))
    throw reject('signature', '回调签名不匹配 / the callback signature does not match');
  return true;
}

function eventOf(raw: JsonObject): FeishuCallbackEvent {
  if (raw.type === 'url_verification')
    return { kind: 'url_verification', challenge: text(raw.challenge), raw };
  const header = isJsonObject(raw.header) ? raw.header : undefined;
  const event = isJsonObject(raw.event) ? raw.event : {};
  const dedupeKey = text(header?.event_id ?? raw.uuid);
  const type = text(header?.event_type ?? event.type);
  const out: FeishuCallbackEvent = { kind: 'other', raw, ...(dedupeKey ? { dedupeKey } : {}) };
  if (type !== 'approval_instance' && type !== 'approval_task') return out;
  out.kind = type === 'approval_instance' ? 'approvalInstance' : 'approvalTask';
  for (const [from, to] of [
    ['instance_code', 'instanceCode'],
    ['approval_code', 'approvalCode'],
    ['status', 'status'],
  ] as const) {
    const value = text(event[from]);
    if (value) out[to] = value;
  }
  return out;
}

function parseObject(textValue: string, what: string): JsonObject {
  let value: JsonValue;
  try {
    value = JSON.parse(textValue) as JsonValue;
  } catch {
    throw reject(
      what,
      bilingual(
        `回调${what === 'body' ? '' : '解密后的'}内容不是 JSON`,
        `the ${what === 'body' ? '' : 'decrypted '}callback is not JSON`,
      ),
    );
  }
  if (!isJsonObject(value))
    throw reject(what, bilingual('回调内容不是 JSON 对象', `the callback ${what} is not a JSON object`));
  return value;
}

function text(value: JsonValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

function reject(step: string, message: string): QiaoError {
  return new QiaoError('CALLBACK_REJECTED', message, { system: { step, message } });
}
