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
import { type CallbackTarget, createDingtalkPusher } from './callback-pusher.ts';
import { DINGTALK_SIM_DEFAULTS } from './defaults.ts';
import { InstanceStore } from './instance-store.ts';
import { endInstance, InstanceGenerator, startInstance } from './lifecycle.ts';
import { RateLimits } from './rate-limits.ts';
import { qpsLimitedResponse, serverErrorResponse, tokenExpiredResponse } from './responses.ts';
import type { RobotState } from './robot.ts';
import { mountAuthRoutes } from './routes-auth.ts';
import { inspectState, mountInspectRoutes, registerCallback } from './routes-inspect.ts';
import { legacyFastRoutes, mountLegacyRoutes } from './routes-legacy.ts';
import {
  createRobotState,
  mountRobotRoutes,
  ROBOT_ROUTE,
  type RobotSimulatorOptions,
  withRobotFaultResponses,
} from './routes-robot.ts';
import { mountV1Routes } from './routes-v1.ts';
import type { SimContext } from './sim-context.ts';
import { createDingtalkTokens } from './tokens.ts';

/** Options of the DingTalk simulator (1:1 with `qiao simulate dingtalk` flags). */
export interface DingtalkSimulatorOptions extends RobotSimulatorOptions {
  appKey?: string;
  appSecret?: string;
  corpId?: string;
  processCode?: string;
  /** Seed of all generated data and random faults (default 1). */
  seed?: number;
  /** Number of seeded instances (default 500; up to 100,000+ generated lazily). */
  instances?: number;
  /** Seeded instances are spread over this many days before `anchorTime` (default 90). */
  spanDays?: number;
  /** The "start" time of the seeded data (default: now at creation); fix it for byte-identical data. */
  anchorTime?: number;
  /** Clock (default Date.now). */
  now?: () => number;
  /** Access token lifetime in seconds (default 7200). */
  tokenTtlSeconds?: number;
  /** Calls per second per (app, API); 0 or Infinity lifts the limit (default 20). */
  qpsLimit?: number;
  /** Calls per month per app, token routes exempt; 0 = off (default 0). */
  monthlyQuota?: number;
  faults?: FaultSpec;
  /** Latency added to every call, ms (a `*` latency fault). */
  latencyMs?: number;
  /** How long a `timeout` fault holds a request before dropping it (default 30,000 ms). */
  faultTimeoutMs?: number;
  /** Receiver of bpms_instance_change pushes (token/aesKey default to the demo values, ownerKey to appKey). */
  callback?: { url: string; token?: string; aesKey?: string; ownerKey?: string };
  /** Reply deadline of a push (default 1500 ms, the real rule). */
  callbackTimeoutMs?: number;
  /** Delays before each re-push of an unanswered event (default [1000, 3000, 10000, 30000, 60000]). */
  callbackRetryDelaysMs?: number[];
  /** Start generating new instances at this rate per second (default: off). */
  generatorRate?: number;
  /** A generated instance ends this long after it starts (default 2000 ms). */
  finishAfterMs?: number;
}

/** A DingTalk simulator: the Hono app, its state and the knobs tests and the CLI use. */
export interface DingtalkSimulator {
  app: Hono<SimulatorEnv>;
  state: SimContext;
  faults: FaultPlan;
  calls: CallCounter;
  generator: InstanceGenerator;
  /** The group robots of `POST /robot/send` and the messages they accepted. */
  robot: RobotState;
  options: Readonly<
    Required<Pick<DingtalkSimulatorOptions, 'seed' | 'instances' | 'tokenTtlSeconds' | 'qpsLimit'>>
  > &
    SimContext['app'];
  /** Starts the HTTP server (default 127.0.0.1, port 0); the running server has the URL. */
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  /** Everything the inspection API shows. */
  inspect(): Record<string, unknown>;
  /** Back to the seeded state: no live instances, comments, tokens, counters or deliveries. */
  reset(): void;
  /** Expires every token now; returns how many were affected. */
  expireTokens(): number;
  /** Registers the callback receiver (sends `check_url` unless `verify` is false); returns whether it answered. */
  registerCallback(target: Partial<CallbackTarget> & { url: string }, verify?: boolean): Promise<boolean>;
  /** Starts a new RUNNING instance now (pushes `start`). */
  startInstance(originatorUserId?: string): ReturnType<typeof startInstance>;
  /** Ends a RUNNING instance (pushes `finish` or `terminate`). */
  endInstance(id: string, outcome: 'agree' | 'refuse' | 'terminate'): ReturnType<typeof endInstance>;
}

/** Creates a DingTalk simulator serving the legacy `oapi` and the v1.0 `api` route families on one server. */
export function createDingtalkSimulator(options: DingtalkSimulatorOptions = {}): DingtalkSimulator {
  const now = options.now ?? Date.now;
  const seed = options.seed ?? 1;
  const app = {
    appKey: options.appKey ?? DINGTALK_SIM_DEFAULTS.appKey,
    appSecret: options.appSecret ?? DINGTALK_SIM_DEFAULTS.appSecret,
    corpId: options.corpId ?? DINGTALK_SIM_DEFAULTS.corpId,
    processCode: options.processCode ?? DINGTALK_SIM_DEFAULTS.processCode,
  };
  const count = Math.max(1, Math.floor(options.instances ?? 500));
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 7200;
  const qpsLimit = options.qpsLimit ?? 20;
  const ctx: SimContext = {
    app,
    now,
    tokens: createDingtalkTokens(tokenTtlSeconds, now),
    limits: new RateLimits({ qps: qpsLimit, monthlyQuota: options.monthlyQuota ?? 0 }, now),
    store: new InstanceStore(
      seed,
      app.processCode,
      count,
      options.anchorTime ?? now(),
      (options.spanDays ?? 90) * 86_400_000,
    ),
    comments: [],
    pusher: createDingtalkPusher(
      {
        timeoutMs: options.callbackTimeoutMs ?? 1500,
        retryDelaysMs: options.callbackRetryDelaysMs ?? [1000, 3000, 10_000, 30_000, 60_000],
      },
      now,
    ),
  };
  const base = createSimulatorBase({
    seed,
    faults: withLatency(options.faults, options.latencyMs),
    routeOf: (c) => routeName(c.req.method, c.req.path),
    responses: withRobotFaultResponses({
      rateLimited: qpsLimitedResponse,
      tokenExpired: tokenExpiredResponse,
      serverError: serverErrorResponse,
    }),
    timeoutMs: options.faultTimeoutMs,
    // listids, get and comment/add while no fault applies: served without Hono's request objects.
    fastRoutes: legacyFastRoutes(ctx),
  });
  const generator = new InstanceGenerator(ctx, seed, options.finishAfterMs ?? 2000);
  const hono = base.app;
  const robot = createRobotState(options, now);
  const sim: DingtalkSimulator = {
    app: hono,
    state: ctx,
    faults: base.faults,
    calls: base.calls,
    generator,
    robot,
    options: { ...app, seed, instances: count, tokenTtlSeconds, qpsLimit },
    start: base.start,
    inspect: () => inspectState(sim),
    reset: () => {
      generator.reset();
      ctx.store.reset();
      ctx.comments.length = 0;
      ctx.tokens.reset();
      ctx.limits.reset();
      ctx.pusher.reset();
      robot.reset();
      base.reset();
    },
    expireTokens: () => ctx.tokens.expireAll(),
    registerCallback: (target, verify = true) => registerCallback(sim, target, verify),
    startInstance: (userid) => startInstance(ctx, userid),
    endInstance: (id, outcome) => endInstance(ctx, id, outcome),
  };
  mountInspectRoutes(hono, sim);
  mountAuthRoutes(hono, ctx);
  mountLegacyRoutes(hono, ctx);
  mountV1Routes(hono, ctx);
  mountRobotRoutes(hono, robot);
  if (options.callback) void sim.registerCallback(options.callback, false);
  if (options.generatorRate) generator.start(options.generatorRate);
  return sim;
}

/** Route names used by fault specs, call counts and rate limits (null: not counted, e.g. `/__sim`). */
export const DINGTALK_ROUTES: Record<string, string> = {
  'GET /gettoken': 'gettoken',
  'POST /topapi/processinstance/listids': 'listids',
  'POST /topapi/processinstance/get': 'get',
  'POST /topapi/process/instance/comment/add': 'comment',
  'GET /call_back/get_call_back_failed_result': 'failedCallbacks',
  'POST /v1.0/oauth2/accessToken': 'v1/accessToken',
  'POST /v1.0/workflow/processes/instanceIds/query': 'v1/listids',
  'GET /v1.0/workflow/processInstances': 'v1/get',
  'POST /v1.0/workflow/processInstances/comments': 'v1/comment',
  'POST /robot/send': ROBOT_ROUTE,
};

function routeName(method: string, path: string): string {
  return DINGTALK_ROUTES[`${method} ${path}`] ?? 'other';
}

export { DINGTALK_SIM_DEFAULTS };
