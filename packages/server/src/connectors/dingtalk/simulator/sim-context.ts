import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { DingtalkPusher } from './callback-pusher.ts';
import type { InstanceStore } from './instance-store.ts';
import type { RateLimits } from './rate-limits.ts';
import {
  isV1Path,
  legacyErrorBody,
  QPS_MESSAGE,
  QUOTA_MESSAGE,
  qpsLimitedResponse,
  quotaResponse,
  tokenExpiredResponse,
  topapiErrorBody,
  v1Error,
} from './responses.ts';
import type { TokenStore } from './tokens.ts';

/** A comment written back through either API generation. */
export interface CommentRecord {
  processInstanceId: string;
  text: string;
  commentUserId: string;
  file?: unknown;
  api: 'legacy' | 'v1.0';
  at: number;
}

/** The app the simulator plays: credentials, corp and the one expense process. */
export interface SimApp {
  appKey: string;
  appSecret: string;
  corpId: string;
  processCode: string;
}

/** Everything route handlers share. */
export interface SimContext {
  app: SimApp;
  now(): number;
  tokens: TokenStore;
  limits: RateLimits;
  store: InstanceStore;
  comments: CommentRecord[];
  pusher: DingtalkPusher;
}

/**
 * Checks the caller's token (legacy `?access_token=`, v1.0 header `x-acs-dingtalk-access-token`)
 * and the rate limits of `route`; returns the error response to send, or the caller's appKey.
 */
export function authorize(
  ctx: SimContext,
  c: Context<SimulatorEnv>,
  route: string,
): Response | { appKey: string } {
  const path = c.req.path;
  if (!isV1Path(path)) {
    const guard = legacyGuard(ctx, path, c.req.query('access_token'), route);
    return 'appKey' in guard ? guard : c.json(guard.error, 200);
  }
  const check = ctx.tokens.check(c.req.header('x-acs-dingtalk-access-token'));
  if (!check.ok) {
    if (check.reason === 'invalid') return tokenExpiredResponse(c);
    return v1Error(c, 400, 'AuthenticationFailed.MissingParameter', '缺少 x-acs-dingtalk-access-token');
  }
  const verdict = ctx.limits.admit(check.owner, route);
  if (verdict === 'qps') return qpsLimitedResponse(c);
  if (verdict === 'quota') return quotaResponse(c);
  return { appKey: check.owner };
}

/**
 * The token and rate-limit check of a legacy (`oapi`) path: the caller's appKey, or the error body to
 * answer with HTTP 200 — the same answers as `tokenExpiredResponse`, `qpsLimitedResponse` and
 * `quotaResponse` give for such a path.
 */
export function legacyGuard(
  ctx: SimContext,
  path: string,
  token: string | null | undefined,
  route: string,
): { appKey: string } | { error: Record<string, unknown> } {
  const topapi = path.startsWith('/topapi/');
  const check = ctx.tokens.check(token);
  if (!check.ok) {
    if (check.reason === 'invalid')
      return {
        error: topapi
          ? topapiErrorBody('40014', '不合法的access_token')
          : legacyErrorBody(40014, '不合法的access_token'),
      };
    return {
      error: topapi
        ? topapiErrorBody('40000', '缺少参数 access_token')
        : legacyErrorBody(40014, '不合法的access_token'),
    };
  }
  const verdict = ctx.limits.admit(check.owner, route);
  if (verdict === 'qps') return { error: legacyErrorBody(90018, QPS_MESSAGE) };
  if (verdict === 'quota') return { error: legacyErrorBody(90020, QUOTA_MESSAGE) };
  return { appKey: check.owner };
}
