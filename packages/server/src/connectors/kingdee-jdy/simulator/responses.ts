import type { JsonObject } from '../../../json.ts';
import type { JdyHonoContext } from './context.ts';

/**
 * Error codes and envelopes. Documented codes come from reference kingdee-jdy.md §2.2/§3.4;
 * the ones marked SIMULATED have no public source (their text and number are invented).
 */
export const JDY_CODES = {
  ok: 0,
  /** Family A: data validation failed (per item and top level). */
  validation: 46001,
  noResult: 46002,
  zeroAffected: 46003,
  batchTooLarge: 46004,
  unexpected: 48001,
  methodNotSupported: 48002,
  dbIdMissing: 42020,
  dbIdMalformed: 42021,
  dbIdNotFound: 42022,
  sIdMissing: 42030,
  sIdMalformed: 42031,
  sIdNotFound: 42032,
  /** Family A invalid/expired access_token (older generation; low confidence). */
  tokenInvalidA: 4010,
  /** appSecret rotated: old signatures and tokens fail. */
  secretRotated: 1030002006,
  /** SIMULATED: unknown/expired app-token on family B. */
  tokenInvalidB: 1030002001,
  /** SIMULATED: unknown app_key at token exchange. */
  appKeyUnknown: 1030002002,
  /** SIMULATED: token exchange above ~2/min. */
  tokenRateLimited: 1030002011,
  /** SIMULATED: unknown outerInstanceId at push_app_authorize. */
  instanceUnknown: 1030001001,
  /** Seen in clients (meaning unknown); the simulator uses it for v2 business validation errors. */
  v2Validation: 10201,
} as const;

/** The secret-rotated message, verbatim from community clients. */
export const SECRET_ROTATED_MESSAGE = '授权密钥校验失败，请获取最新密钥加密';

/** Family A envelope `{code, msg, …}` (always HTTP 200). */
export function acctBody(code: number, msg: string, extra: JsonObject = {}): JsonObject {
  return { code, msg, ...extra };
}

/** Family B / connector envelope `{errcode, description, data?}` (HTTP 200). */
export function v2Body(errcode: number, description: string, data?: JsonObject | JsonObject[]): JsonObject {
  return data === undefined ? { errcode, description } : { errcode, description, data };
}

/** A JSON response with any status (Hono's typed helpers refuse non-standard ones like 519). */
export function jsonResponse(body: JsonObject, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
  });
}

/** Gateway signature / timestamp failure: HTTP 519 (body shape SIMULATED). */
export function gatewayRejected(reason: string): Response {
  return jsonResponse({ errcode: 519, description: `网关签名校验失败: ${reason}` }, 519);
}

/** Unknown path or missing router header: HTTP 404 "No Route" (body shape SIMULATED). */
export function noRoute(c: JdyHonoContext): Response {
  return c.json({ errcode: 404, description: 'No Route' }, 404);
}

/** `X-GW-Router-Addr` names another data centre: HTTP 519 "API Not Found" (secondary source). */
export function apiNotFound(): Response {
  return jsonResponse({ errcode: 519, description: 'API Not Found' }, 519);
}

/** Per-book call limit exceeded: HTTP 429 (SIMULATED; the real limit is unofficial). */
export function rateLimited(c: JdyHonoContext, perMinute: number): Response {
  const limit = perMinute > 0 && Number.isFinite(perMinute) ? `每账套每分钟${perMinute}次` : '频率';
  return c.json({ errcode: 429, description: `请求过于频繁，超过${limit}限制` }, 429);
}

/** Which API family a path belongs to. */
export type JdyFamily = 'connector' | 'acct' | 'v2';

/** The family of a request path, or null for paths the gateway does not route. */
export function familyOf(path: string): JdyFamily | null {
  if (path.startsWith('/jdyaccouting/')) return 'acct';
  if (path.startsWith('/jdy/v2/')) return 'v2';
  if (path.startsWith('/jdyconnector/')) return 'connector';
  return null;
}

/** The "token expired" answer of a family (used by the tokenExpiry fault too). */
export function tokenExpiredResponse(c: JdyHonoContext): Response {
  const family = familyOf(c.req.path);
  if (family === 'acct')
    return c.json(acctBody(JDY_CODES.tokenInvalidA, 'access_token无效或已过期，请重新获取'));
  if (family === 'v2') return c.json(v2Body(JDY_CODES.tokenInvalidB, 'app-token无效或已过期，请重新获取'));
  return c.json(v2Body(JDY_CODES.secretRotated, SECRET_ROTATED_MESSAGE));
}
