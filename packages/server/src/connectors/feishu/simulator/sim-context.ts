import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { FeishuPusher } from './callback-pusher.ts';
import type { CommentStore } from './comments.ts';
import type { InstanceStore } from './instance-store.ts';
import type { RateLimits } from './rate-limits.ts';
import { rateLimitedResponse, tokenInvalidResponse, tokenMissingResponse } from './responses.ts';
import type { TokenStore } from './tokens.ts';

/** The app and approval definition the simulator plays. */
export interface SimApp {
  appId: string;
  appSecret: string;
  tenantKey: string;
  approvalCode: string;
  approvalName: string;
}

/** Everything route handlers share. */
export interface SimContext {
  app: SimApp;
  now(): number;
  tokens: TokenStore;
  limits: RateLimits;
  store: InstanceStore;
  comments: CommentStore;
  pusher: FeishuPusher;
  /** Approval codes subscribed through `POST /open-apis/approval/v4/approvals/:code/subscribe`. */
  subscriptions: Set<string>;
}

/** Checks `Authorization: Bearer <tenant_access_token>` and the rate limit; returns the error response or the app id. */
export function authorize(ctx: SimContext, c: Context<SimulatorEnv>): Response | { appId: string } {
  const header = c.req.header('authorization') ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const check = ctx.tokens.check(token);
  if (!check.ok) return check.reason === 'missing' ? tokenMissingResponse(c) : tokenInvalidResponse(c);
  if (!ctx.limits.admit()) {
    return rateLimitedResponse(c, ctx.limits.settings.http429, ctx.limits.resetInSeconds());
  }
  return { appId: check.owner };
}
