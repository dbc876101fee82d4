import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import {
  type CallCounter,
  createSimulatorBase,
  type FaultPlan,
  type FaultSpec,
  type RunningSimulator,
  type SimulatorEnv,
  withLatency,
} from '../../simulator-kit/index.ts';
import { type CallbackTarget, createFeishuPusher } from './callback-pusher.ts';
import { CommentStore } from './comments.ts';
import { FEISHU_SIM_DEFAULTS } from './defaults.ts';
import type { InstanceOutcome, SimInstance } from './instance-model.ts';
import { InstanceStore } from './instance-store.ts';
import { endInstance, startInstance } from './lifecycle.ts';
import { RateLimits } from './rate-limits.ts';
import { rateLimitedResponse, serverErrorResponse, tokenInvalidResponse } from './responses.ts';
import { mountApprovalRoutes } from './routes-approval.ts';
import { mountAuthRoutes } from './routes-auth.ts';
import { mountCommentRoutes } from './routes-comments.ts';
import { inspectState, mountInspectRoutes } from './routes-inspect.ts';
import type { SimContext } from './sim-context.ts';
import { createFeishuTokens } from './tokens.ts';

/** Options of the Feishu simulator (1:1 with `qiao simulate feishu` flags). */
export interface FeishuSimulatorOptions {
  appId?: string;
  appSecret?: string;
  tenantKey?: string;
  approvalCode?: string;
  approvalName?: string;
  /** Seed of generated data and random faults (default 1). */
  seed?: number;
  /** Seeded instances (default 500; 100,000+ generated lazily). */
  instances?: number;
  /** Seeded instances spread over this many days before `anchorTime` (default 90). */
  spanDays?: number;
  /** End of the seeded period (default: now at creation); fix it for identical data. */
  anchorTime?: number;
  now?: () => number;
  /** tenant_access_token lifetime, seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** Business calls per second per app (default 50); 0 or Infinity lifts it. */
  perSecond?: number;
  /** Business calls per minute per app (default 1000); 0 or Infinity lifts it. */
  perMinute?: number;
  /** Answer throttling with HTTP 429 instead of HTTP 200 + 99991400 (default false). */
  http429?: boolean;
  faults?: FaultSpec;
  /** Latency added to every call, ms. */
  latencyMs?: number;
  /** How long a `timeout` fault holds a request (default 30,000 ms). */
  faultTimeoutMs?: number;
  /** Event receiver (registered without url_verification); Encrypt Key '' sends plaintext. */
  callback?: { url: string; verificationToken?: string; encryptKey?: string };
  /** Start with the approval already subscribed (default false: call the subscribe API). */
  subscribed?: boolean;
  /** Reply deadline of a push (default 3000 ms). */
  callbackTimeoutMs?: number;
  /** Delays before re-pushes of an unanswered event (default [1000, 5000, 30000]). */
  callbackRetryDelaysMs?: number[];
}

/** A Feishu simulator: the Hono app, its state and the knobs tests and the CLI use. */
export interface FeishuSimulator {
  app: Hono<SimulatorEnv>;
  state: SimContext;
  faults: FaultPlan;
  calls: CallCounter;
  options: Readonly<{
    seed: number;
    instances: number;
    tokenTtlSeconds: number;
    perSecond: number;
    perMinute: number;
  }> &
    SimContext['app'];
  /** Starts the server (default 127.0.0.1, port 0); the running server has the URL. */
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  inspect(): Record<string, unknown>;
  /** Back to the seeded state: no live instances, comments, tokens, subscriptions, counters or deliveries. */
  reset(): void;
  /** Expires every tenant_access_token now; returns how many. */
  expireTokens(): number;
  /** Registers the event receiver; with `verify` it must answer the url_verification challenge first. */
  registerCallback(target: Partial<CallbackTarget> & { url: string }, verify?: boolean): Promise<boolean>;
  startInstance(userId?: string): SimInstance;
  endInstance(code: string, outcome: InstanceOutcome): SimInstance | undefined;
}

/** Route names used by fault specs and call counts (null: not counted, e.g. `/__sim`). */
export function feishuRouteOf(method: string, path: string): string | null {
  if (path.startsWith('/__sim')) return null;
  if (path === '/open-apis/auth/v3/tenant_access_token/internal') return 'token';
  if (path === '/open-apis/approval/v4/instances') return 'list';
  if (/^\/open-apis\/approval\/v4\/instances\/[^/]+\/comments$/.test(path))
    return method === 'POST' ? 'comment' : 'comments';
  if (/^\/open-apis\/approval\/v4\/instances\/[^/]+$/.test(path)) return 'get';
  if (/^\/open-apis\/approval\/v4\/approvals\/[^/]+\/subscribe$/.test(path)) return 'subscribe';
  return 'other';
}

/** Creates a Feishu (飞书) approval simulator. */
export function createFeishuSimulator(options: FeishuSimulatorOptions = {}): FeishuSimulator {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const d = FEISHU_SIM_DEFAULTS;
  const app = {
    appId: options.appId ?? d.appId,
    appSecret: options.appSecret ?? d.appSecret,
    tenantKey: options.tenantKey ?? d.tenantKey,
    approvalCode: options.approvalCode ?? d.approvalCode,
    approvalName: options.approvalName ?? d.approvalName,
  };
  const count = Math.max(1, Math.floor(options.instances ?? 500));
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
  const perSecond = options.perSecond ?? 50;
  const perMinute = options.perMinute ?? 1000;
  const ctx: SimContext = {
    app,
    now,
    tokens: createFeishuTokens(tokenTtlSeconds, now),
    limits: new RateLimits({ perSecond, perMinute, http429: options.http429 ?? false }, now),
    store: new InstanceStore(seed, count, options.anchorTime ?? now(), (options.spanDays ?? 90) * 86_400_000),
    comments: new CommentStore(),
    pusher: createFeishuPusher(
      {
        timeoutMs: options.callbackTimeoutMs ?? 3000,
        retryDelaysMs: options.callbackRetryDelaysMs ?? [1000, 5000, 30_000],
      },
      now,
    ),
    subscriptions: new Set(options.subscribed ? [app.approvalCode] : []),
  };
  const base = createSimulatorBase({
    seed,
    faults: withLatency(options.faults, options.latencyMs),
    routeOf: (c) => feishuRouteOf(c.req.method, c.req.path),
    responses: {
      rateLimited: (c) => rateLimitedResponse(c, ctx.limits.settings.http429),
      tokenExpired: tokenInvalidResponse,
      serverError: serverErrorResponse,
    },
    timeoutMs: options.faultTimeoutMs,
  });
  const hono = base.app;
  const sim: FeishuSimulator = {
    app: hono,
    state: ctx,
    faults: base.faults,
    calls: base.calls,
    options: { ...app, seed, instances: count, tokenTtlSeconds, perSecond, perMinute },
    start: base.start,
    inspect: () => inspectState(sim),
    reset: () => {
      ctx.store.reset();
      ctx.comments.reset();
      ctx.tokens.reset();
      ctx.limits.reset();
      ctx.pusher.reset();
      ctx.subscriptions.clear();
      if (options.subscribed) ctx.subscriptions.add(app.approvalCode);
      base.reset();
    },
    expireTokens: () => ctx.tokens.expireAll(),
    registerCallback: (target, verify = true) => registerCallback(ctx, target, verify),
    startInstance: (userId) => startInstance(ctx, userId),
    endInstance: (code, outcome) => endInstance(ctx, code, outcome),
  };
  mountInspectRoutes(hono, sim);
  mountAuthRoutes(hono, ctx);
  mountApprovalRoutes(hono, ctx);
  mountCommentRoutes(hono, ctx);
  if (options.callback) void sim.registerCallback(options.callback, false);
  return sim;
}

/** Registers the receiver; with `verify` posts `url_verification` and requires `{challenge}` echoed (reference §3.3). */
async function registerCallback(
  ctx: SimContext,
  input: Partial<CallbackTarget> & { url: string },
  verify: boolean,
): Promise<boolean> {
  const target: CallbackTarget = {
    url: input.url,
    verificationToken: input.verificationToken ?? FEISHU_SIM_DEFAULTS.verificationToken,
    encryptKey: input.encryptKey ?? FEISHU_SIM_DEFAULTS.encryptKey,
  };
  if (verify) {
    const challenge = randomBytes(16).toString('hex');
    const payload = { challenge, token: target.verificationToken, type: 'url_verification' };
    const answer = await ctx.pusher.sendOnce(target, payload);
    const reply = answer.reply as { challenge?: unknown } | undefined;
    if (!answer.ok || reply?.challenge !== challenge) return false;
  }
  ctx.pusher.target = target;
  return true;
}

export { FEISHU_SIM_DEFAULTS };
