import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { DingtalkPusher } from './callback-pusher.ts';
import type { InstanceStore } from './instance-store.ts';
import type { RateLimits } from './rate-limits.ts';
import {
  isV1Path,
  legacyError,
  qpsLimitedResponse,
  quotaResponse,
  tokenExpiredResponse,
  topapiError,
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
  const v1 = isV1Path(c.req.path);
  const token = v1 ? c.req.header('x-acs-dingtalk-access-token') : c.req.query('access_token');
  const check = ctx.tokens.check(token);
  if (!check.ok) {
    if (check.reason === 'invalid') return tokenExpiredResponse(c);
    if (v1)
      return v1Error(c, 400, 'AuthenticationFailed.MissingParameter', '缺少 x-acs-dingtalk-access-token');
    return c.req.path.startsWith('/topapi/')
      ? topapiError(c, '40000', '缺少参数 access_token')
      : legacyError(c, 40014, '不合法的access_token');
  }
  const verdict = ctx.limits.admit(check.owner, route);
  if (verdict === 'qps') return qpsLimitedResponse(c);
  if (verdict === 'quota') return quotaResponse(c);
  return { appKey: check.owner };
}
