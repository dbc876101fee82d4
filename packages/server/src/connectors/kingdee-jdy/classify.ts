import { bilingual, type QiaoError } from '../../errors/index.ts';
import type { JsonObject } from '../../json.ts';
import { type ClassifyInput, connectorErrors, retryAfter } from '../kit/index.ts';
import { SECRET_ROTATED_CODE } from './auth.ts';
import { markRejectedToken, statusOf, systemError } from './envelope.ts';

/** Family-A / family-B codes the classifier acts on (reference kingdee-jdy.md §3.4, §4; simulator notes). */
export const JDY_ERROR_CODES = {
  noResult: 46002,
  unexpected: 48001,
  /** Family-A invalid/expired access_token (older generation; low confidence). */
  tokenInvalidA: 4010,
  /** Family-B invalid/expired app-token (simulated code). */
  tokenInvalidB: 1030002001,
  secretRotated: SECRET_ROTATED_CODE,
  /** Token exchange above ~2/min (simulated code). */
  tokenRateLimited: 1030002011,
} as const;

/** Operations for which "no data" (46002) is an empty answer, not an error. */
const QUERY_OPERATIONS = new Set(['listVouchers', 'listAccounts', 'getAccessToken']);
/** Wait after the token exchange's ~2/min limit (half the window). */
const TOKEN_LIMIT_WAIT_MS = 30_000;
/** Wait after the per-book call limit when the answer names none. */
const CALL_LIMIT_WAIT_MS = 5_000;

/** `金蝶精斗云：<the system's message> / Kingdee JDY: <the same>` — the message a user sees. */
export function jdyMessage(message: string, code?: number): string {
  if (message) return bilingual(`金蝶精斗云：${message}`, `Kingdee JDY: ${message}`);
  return bilingual(`金蝶精斗云：错误码 ${code ?? '?'}`, `Kingdee JDY: error code ${code ?? '?'}`);
}

/** A gateway answer: `金蝶精斗云：<what>（<status>）<the gateway's message>[，<advice>]`, in both languages. */
function gatewayMessage(
  zh: string,
  en: string,
  status: string,
  message: string,
  advice?: { zh: string; en: string },
): string {
  return bilingual(
    `金蝶精斗云：${zh}（${status}）${message}${advice ? `，${advice.zh}` : ''}`,
    `Kingdee JDY: ${en} (${status})${message ? ` ${message}` : ''}${advice ? `; ${advice.en}` : ''}`,
  );
}

/** A duplicate linkId in a per-voucher message (text simulated; the real one is unknown). */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const DUPLICATE_MESSAGE = new RegExp('linkId.*(已存在|重复)|重复保存|已经存在', 'i');
/** A gateway 519 about the signature or timestamp. */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const SIGNATURE_MESSAGE = new RegExp('签名|signature|timestamp|时间戳', 'i');

/** Whether a per-voucher message reports a duplicate linkId. */
export function isDuplicateMessage(message: string): boolean {
  return DUPLICATE_MESSAGE.test(message);
}

/** The error of one code + message (per voucher of a batch, or a whole answer). */
export function errorOfCode(code: number, message: string, system: JsonObject): QiaoError {
  const text = jdyMessage(message, code);
  if (code === JDY_ERROR_CODES.tokenInvalidA || code === JDY_ERROR_CODES.tokenInvalidB)
    return connectorErrors.authExpired(text, system);
  // A rotated appSecret: the kit refreshes once, and the token fetch re-pulls the authorization first.
  if (code === JDY_ERROR_CODES.secretRotated) return connectorErrors.authExpired(text, system);
  if (code === JDY_ERROR_CODES.tokenRateLimited)
    return connectorErrors.rateLimited(text, TOKEN_LIMIT_WAIT_MS, system);
  if (code === JDY_ERROR_CODES.unexpected) return connectorErrors.operational(text, system);
  if (isDuplicateMessage(message)) return connectorErrors.duplicate(text, system);
  // 46001 validation, 46003/46004, 4202x/4203x (sId/dbId), 4000x permissions, 48002, 10201, -2 …
  return connectorErrors.user(text, system);
}

function classifyGatewayStatus(input: ClassifyInput, status: number): QiaoError | undefined {
  const response = input.response;
  if (!response) return undefined;
  const system = systemError(response.body, status);
  const message = statusOf(response.body)?.message ?? '';
  if (status === 519) {
    // Signature / timestamp: the clientSecret or clock is wrong; retrying cannot help.
    if (SIGNATURE_MESSAGE.test(message))
      return connectorErrors.authFailed(
        gatewayMessage('网关拒绝', 'the gateway refused the call', '519', message),
        system,
      );
    if (/not found|no route/i.test(message))
      return connectorErrors.user(
        gatewayMessage('网关找不到接口', 'the gateway found no such API', '519', message, {
          zh: '请检查 domain（X-GW-Router-Addr）',
          en: 'check domain (X-GW-Router-Addr)',
        }),
        system,
      );
    return connectorErrors.operational(gatewayMessage('网关错误', 'gateway error', '519', message), system);
  }
  if (status === 404)
    return connectorErrors.user(
      gatewayMessage('网关无路由', 'the gateway has no route', '404', message, {
        zh: '请检查 baseUrl 和 domain',
        en: 'check baseUrl and domain',
      }),
      system,
    );
  if (status === 429) {
    const wait = retryAfter(response.headers['retry-after'], Date.now()).retryAfterMs ?? CALL_LIMIT_WAIT_MS;
    return connectorErrors.rateLimited(
      gatewayMessage('调用过于频繁', 'too many calls', '429', message),
      wait,
      system,
    );
  }
  if (status >= 500 || status === 408)
    return connectorErrors.operational(
      gatewayMessage('服务暂不可用', 'the service is unavailable', `HTTP ${status}`, message),
      system,
    );
  if (status === 401)
    return connectorErrors.authExpired(gatewayMessage('未授权', 'unauthorized', '401', message), system);
  return connectorErrors.user(
    gatewayMessage('请求被拒绝', 'the request was refused', `HTTP ${status}`, message),
    system,
  );
}

function rejectedTokenOf(input: ClassifyInput): string {
  const url = new URL(input.request.url);
  return url.searchParams.get('access_token') ?? input.request.headers['app-token'] ?? '';
}

/**
 * Classifies a JDY answer: gateway statuses (519 signature → auth-failed, 519 "API Not Found"/404 →
 * config error, 429 → rate-limited, 5xx → operational), then the body's code: token errors and a
 * rotated secret → auth-expired (refresh once, retry), exchange limit → rate-limited, duplicate linkId →
 * CONNECTOR_DUPLICATE, others → user error with the system's message. Transport failures: kit default.
 */
export function classifyJdyError(input: ClassifyInput): QiaoError | undefined {
  const response = input.response;
  if (!response) return undefined;
  if (response.status < 200 || response.status >= 300) return classifyGatewayStatus(input, response.status);
  const status = statusOf(response.body);
  if (!status || status.code === 0) return undefined;
  if (status.code === JDY_ERROR_CODES.noResult && QUERY_OPERATIONS.has(input.operationId)) return undefined;
  const system = systemError(response.body);
  if (input.operationId === 'auth' && status.code !== SECRET_ROTATED_CODE) {
    if (status.code === JDY_ERROR_CODES.tokenRateLimited)
      return errorOfCode(status.code, status.message, system);
    return connectorErrors.authFailed(jdyMessage(status.message, status.code), system);
  }
  const error = errorOfCode(status.code, status.message, system);
  if (error.kind === 'auth-expired') markRejectedToken(rejectedTokenOf(input));
  return error;
}
