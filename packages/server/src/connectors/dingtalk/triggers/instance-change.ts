import { bilingual, QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import {
  type DingtalkCallbackReply,
  decryptDingtalkMessage,
  dingtalkSignature,
  dingtalkSuccessReply,
} from '../callback-crypto.ts';

/** What a callback receiver needs of a DingTalk connection (its secrets; `ownerKey` defaults to `appKey`). */
export interface DingtalkCallbackCredentials {
  callbackToken: string;
  callbackAesKey: string;
  /** The expected ownerKey: appKey (app subscriptions), corpId (old register API) or suiteKey. */
  ownerKey?: string;
  appKey?: string;
  corpId?: string;
}

/** An HTTP push as received: query `msg_signature` (or `signature`), `timestamp`, `nonce`; body `{encrypt}`. */
export interface DingtalkCallbackRequest {
  query: Record<string, string | undefined>;
  body: JsonValue;
}

/** A verified, decrypted callback event; `kind` says what the receiver should do with it. */
export interface DingtalkCallbackEvent {
  /** `check_url`: answer success only; `instanceChange`: enqueue a sync of that instance; `other`: ignore. */
  kind: 'check_url' | 'instanceChange' | 'other';
  eventType: string;
  processInstanceId?: string;
  /** `start` | `finish` | `terminate` for bpms_instance_change. */
  type?: string;
  /** `agree` | `refuse` on `finish`. */
  result?: string;
  eventId?: string;
  /** Dedupe key `(processInstanceId, type, eventId)`; re-pushes of one event share it. */
  dedupeKey?: string;
  /** The decrypted JSON as DingTalk sent it. */
  raw: JsonObject;
}

/**
 * Verifies the signature (over token, timestamp, nonce, encrypt), decrypts the body and checks
 * that its ownerKey is one configured (ownerKey, appKey or corpId); throws CALLBACK_REJECTED otherwise.
 */
export function verifyAndDecryptCallback(
  request: DingtalkCallbackRequest,
  credentials: DingtalkCallbackCredentials,
): DingtalkCallbackEvent {
  const { query } = request;
  const signature = query.msg_signature ?? query.signature ?? '';
  const timestamp = query.timestamp ?? '';
  const nonce = query.nonce ?? '';
  const encrypt =
    isJsonObject(request.body) && typeof request.body.encrypt === 'string' ? request.body.encrypt : '';
  if (!signature || !timestamp || !nonce || !encrypt) {
    throw reject(
      900003,
      '回调缺少 msg_signature/timestamp/nonce/encrypt / the callback lacks msg_signature/timestamp/nonce/encrypt',
    );
  }
  if (dingtalkSignature(credentials.callbackToken, timestamp, nonce, encrypt) !== signature) {
    throw reject(900005, '回调签名不匹配 / the callback signature does not match');
  }
  const { message, ownerKey } = decryptDingtalkMessage(credentials.callbackAesKey, encrypt);
  const owners = [credentials.ownerKey, credentials.appKey, credentials.corpId].filter((x) => x);
  if (owners.length > 0 && !owners.includes(ownerKey)) {
    throw reject(
      900010,
      bilingual(`回调 ownerKey 不匹配：${ownerKey}`, `the callback ownerKey does not match: ${ownerKey}`),
    );
  }
  let raw: JsonValue;
  try {
    raw = JSON.parse(message) as JsonValue;
  } catch {
    throw reject(900008, '回调内容不是 JSON / the decrypted callback is not JSON');
  }
  if (!isJsonObject(raw))
    throw reject(900008, '回调内容不是 JSON 对象 / the decrypted callback is not a JSON object');
  return eventOf(raw);
}

function eventOf(raw: JsonObject): DingtalkCallbackEvent {
  const eventType = String(raw.EventType ?? raw.eventType ?? '');
  if (eventType === 'check_url' || eventType.startsWith('check_'))
    return { kind: 'check_url', eventType, raw };
  // Stream-mode style payloads wrap the business fields in `data`.
  const data = isJsonObject(raw.data) ? { ...raw.data, ...raw } : raw;
  if (eventType !== 'bpms_instance_change') return { kind: 'other', eventType, raw };
  const event: DingtalkCallbackEvent = { kind: 'instanceChange', eventType, raw };
  const id = text(data.processInstanceId);
  const type = text(data.type);
  const eventId = text(data.eventId);
  const result = text(data.result);
  if (id) event.processInstanceId = id;
  if (type) event.type = type;
  if (result) event.result = result;
  if (eventId) event.eventId = eventId;
  event.dedupeKey = `${id}:${type}:${eventId}`;
  return event;
}

/** The body to answer every verified push with (within 1.5 s): the encrypted, signed string "success". */
export function callbackReply(credentials: DingtalkCallbackCredentials): DingtalkCallbackReply {
  const ownerKey = credentials.ownerKey ?? credentials.appKey ?? credentials.corpId;
  if (!ownerKey)
    throw reject(900010, '回调应答需要 ownerKey 或 appKey / the callback reply needs ownerKey or appKey');
  return dingtalkSuccessReply({
    token: credentials.callbackToken,
    aesKey: credentials.callbackAesKey,
    ownerKey,
  });
}

/** Reads callback credentials from a connection's secrets (`callbackToken`, `callbackAesKey`, `appKey`, `corpId`, `ownerKey`). */
export function callbackCredentialsOf(secrets: Record<string, string>): DingtalkCallbackCredentials {
  const { callbackToken, callbackAesKey } = secrets;
  if (!callbackToken || !callbackAesKey) {
    throw new QiaoError(
      'CALLBACK_REJECTED',
      '连接未配置回调 token 和 aes_key / the connection has no callback token and aes_key',
    );
  }
  const out: DingtalkCallbackCredentials = { callbackToken, callbackAesKey };
  for (const key of ['ownerKey', 'appKey', 'corpId'] as const) if (secrets[key]) out[key] = secrets[key];
  return out;
}

function text(value: JsonValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

function reject(errcode: number, message: string): QiaoError {
  return new QiaoError('CALLBACK_REJECTED', message, { system: { errcode, errmsg: message } });
}
