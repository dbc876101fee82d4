import { bilingual, type QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { ClassifyInput } from '../kit/connector-declaration.ts';
import { connectorErrors } from '../kit/errors.ts';
import { isTokenExpired } from './auth.ts';

/** DingTalk's advice for QPS limits: the window is one second, so wait about a second (reference §2). */
export const QPS_RETRY_AFTER_MS = 1000;

/**
 * The wait after a QPS limit answer: the connection's `config.rateLimitBackoffMs` (a non-negative
 * number, e.g. a short one against the simulator) or DingTalk's one second.
 */
export function qpsRetryAfterMs(config: JsonObject | undefined): number {
  const configured = Number(config?.rateLimitBackoffMs);
  return config?.rateLimitBackoffMs !== undefined && Number.isFinite(configured) && configured >= 0
    ? configured
    : QPS_RETRY_AFTER_MS;
}

const BAD_CREDENTIAL_ERRCODES = new Set(['40096', '40089']);
const NO_PERMISSION_ERRCODES = new Set(['60011', '60020']);
const QPS_ERRCODES = new Set(['90018', '90002']);

/**
 * Classifies DingTalk answers of both generations: token expiry → auth-expired (the kit refreshes
 * once), 90018/90002 and 403 Qps* → rate-limited (retry after ~1 s, or the
 * connection's `config.rateLimitBackoffMs`), 90020 / ApiCountLimitForOrg →
 * quota exceeded, bad appKey/secret and missing permissions → auth failed, `-1` and 5xx →
 * operational, every other non-zero errcode or 4xx → a user error carrying DingTalk's message.
 * Transport failures and non-JSON answers fall through to the kit's defaults (undefined).
 */
export function classifyDingtalkError(input: ClassifyInput): QiaoError | undefined {
  const response = input.response;
  if (!response || !isJsonObject(response.body)) return undefined;
  const body = response.body;
  // The common answer, a legacy success (errcode 0), needs no further look.
  if ((body.errcode === 0 || body.errcode === '0') && body.punish === undefined && body.code === undefined)
    return undefined;
  const system: JsonObject = { status: response.status, ...body };
  if (isTokenExpired(response))
    return connectorErrors.authExpired(
      bilingual(`钉钉令牌已失效：${messageOf(body)}`, `DingTalk token expired: ${messageOf(body)}`),
      system,
    );
  if (body.punish === 'deny') {
    const minutes = Number(body.wait);
    const wait = Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 5 * 60_000;
    return connectorErrors.rateLimited(
      "钉钉已临时封禁本机 IP / DingTalk has temporarily blocked this host's IP",
      wait,
      system,
    );
  }
  const qpsWait = qpsRetryAfterMs(input.config);
  if (body.errcode !== undefined) return classifyLegacy(body, system, qpsWait);
  if (response.status >= 400 && typeof body.code === 'string')
    return classifyV1(response.status, body, system, qpsWait);
  return undefined;
}

function classifyLegacy(body: JsonObject, system: JsonObject, qpsWait: number): QiaoError | undefined {
  const errcode = text(body.errcode);
  if (errcode === '0') return undefined;
  const code = `${errcode}${body.sub_code ? `/${text(body.sub_code)}` : ''}`;
  const message = said(code, messageOf(body));
  if (QPS_ERRCODES.has(errcode)) return connectorErrors.rateLimited(message, qpsWait, system);
  if (errcode === '90020') return connectorErrors.quotaExceeded(message, system);
  if (BAD_CREDENTIAL_ERRCODES.has(errcode) || NO_PERMISSION_ERRCODES.has(errcode))
    return connectorErrors.authFailed(message, system);
  if (errcode === '-1') return connectorErrors.operational(message, system);
  return connectorErrors.user(message, system);
}

function classifyV1(status: number, body: JsonObject, system: JsonObject, qpsWait: number): QiaoError {
  const code = text(body.code);
  const message = said(code, messageOf(body));
  if (code.startsWith('Forbidden.AccessDenied.Qpm'))
    return connectorErrors.rateLimited(message, 60_000, system);
  if (code.startsWith('Forbidden.AccessDenied.Qps'))
    return connectorErrors.rateLimited(message, qpsWait, system);
  if (code === 'Forbidden.AccessDenied.ApiCountLimitForOrg')
    return connectorErrors.quotaExceeded(message, system);
  if (
    code === 'invalidClientIdOrSecret' ||
    code.startsWith('AuthenticationFailed') ||
    code.startsWith('Forbidden')
  )
    return connectorErrors.authFailed(message, system);
  if (status >= 500 || status === 408) return connectorErrors.operational(message, system);
  if (status === 429) return connectorErrors.rateLimited(message, qpsWait, system);
  return connectorErrors.user(message, system);
}

/** `钉钉返回错误 <code>：<DingTalk's own message> / DingTalk returned error <code>: <the same>`. */
function said(code: string, message: string): string {
  return bilingual(`钉钉返回错误 ${code}：${message}`, `DingTalk returned error ${code}: ${message}`);
}

function messageOf(body: JsonObject): string {
  const value = body.sub_msg ?? body.errmsg ?? body.message ?? '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function text(value: JsonValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}
