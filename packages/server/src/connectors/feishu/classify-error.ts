import { bilingual, type QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject } from '../../json.ts';
import type { ClassifyInput } from '../kit/connector-declaration.ts';
import { connectorErrors, retryAfter } from '../kit/errors.ts';
import type { HttpResponse } from '../kit/http-transport.ts';
import { EXPIRED_TOKEN_CODES } from './auth.ts';

/** Feishu's throttling code (reference §2.4). */
export const RATE_LIMIT_CODE = 99991400;
/** Wait when throttled without an `x-ogw-ratelimit-reset` header. */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Bad app credentials (10003/10014), missing token (99991661), missing scopes or permissions (99991672/99991679). */
const AUTH_FAILED_CODES = new Set([10003, 10014, 99991661, 99991672, 99991679]);
/** Internal errors worth retrying. */
const OPERATIONAL_CODES = new Set([1395001, 99991402, 99991403]);

/**
 * Classifies Feishu answers: 99991663 → auth-expired (refresh once); 99991400 or HTTP 429 →
 * rate-limited (waits `x-ogw-ratelimit-reset`); bad app credentials / scopes → auth failed;
 * HTTP 5xx and internal codes → operational; every other non-zero `code` (1390001 parameter,
 * 1390002 approval not found, 1390003 instance not found, …) → user error with Feishu's `msg`.
 */
export function classifyFeishuError(input: ClassifyInput): QiaoError | undefined {
  const response = input.response;
  if (!response) return undefined;
  const body = response.body;
  if (!isJsonObject(body)) {
    return response.status === 429
      ? rateLimited(response, { status: 429 }, 'HTTP 429', 'HTTP 429')
      : undefined;
  }
  const code = Number(body.code ?? 0);
  if (code === 0 && response.status < 400) return undefined;
  const system: JsonObject = { status: response.status, ...body };
  const msg = typeof body.msg === 'string' ? body.msg : `HTTP ${response.status}`;
  const zh = `飞书返回错误 ${code}：${msg}`;
  const en = `Feishu returned error ${code}: ${msg}`;
  const message = bilingual(zh, en);
  if (EXPIRED_TOKEN_CODES.has(code)) return connectorErrors.authExpired(message, system);
  if (code === RATE_LIMIT_CODE || response.status === 429) return rateLimited(response, system, zh, en);
  if (AUTH_FAILED_CODES.has(code)) return connectorErrors.authFailed(message, system);
  if (response.status >= 500 || OPERATIONAL_CODES.has(code))
    return connectorErrors.operational(message, system);
  if (code !== 0) return connectorErrors.user(message, system);
  return undefined;
}

function rateLimited(response: HttpResponse, system: JsonObject, zh: string, en: string): QiaoError {
  const { retryAfterMs } = retryAfter(response.headers['x-ogw-ratelimit-reset'], Date.now());
  const message = bilingual(`飞书限流：${zh}`, `Feishu rate limit: ${en}`);
  return connectorErrors.rateLimited(message, retryAfterMs || DEFAULT_RETRY_AFTER_MS, system);
}
