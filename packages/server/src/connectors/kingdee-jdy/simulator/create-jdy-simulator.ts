import type { Hono } from 'hono';
import type { JsonObject } from '../../../json.ts';
import {
  type CallCounter,
  createSimulatorBase,
  type FaultPlan,
  type FaultSpec,
  mountInspection,
  namedAnswers,
  type RunningSimulator,
  type SimulatorBase,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import { ChartOfAccounts } from './accounts.ts';
import { AuthState } from './auth-state.ts';
import {
  DEFAULT_JDY_CREDENTIALS,
  type JdyContext,
  type JdyCredentials,
  type ResolvedJdyOptions,
} from './context.ts';
import { describeJdySimulator } from './describe-jdy-simulator.ts';
import { WindowLimiter } from './limiter.ts';
import { noRoute, rateLimited, tokenExpiredResponse } from './responses.ts';
import { routeNameOf } from './route-names.ts';
import { mountAccountingRoutes } from './routes-accounting.ts';
import { mountAuthRoutes } from './routes-auth.ts';
import { jdyInspectRoutes } from './routes-inspect.ts';
import { mountV2Routes } from './routes-v2.ts';
import { parsePeriod, periodOfTime } from './voucher-model.ts';
import { VoucherStore } from './voucher-store.ts';
import { acctVoucherView } from './voucher-view.ts';

export { DEFAULT_JDY_CREDENTIALS, type JdyCredentials } from './context.ts';
export { describeJdySimulator } from './describe-jdy-simulator.ts';

/** Options of the JDY simulator; each maps 1:1 to a `qiao simulate jdy` flag. */
export interface JdySimulatorOptions {
  /** Developer-app and customer credentials; missing values take the documented demo defaults. */
  credentials?: Partial<JdyCredentials>;
  /** Seed of generated data, tokens and random faults (default 1). */
  seed?: number;
  /** Pre-existing vouchers in the book, built on demand (default 60; 100,000 is fine). */
  instances?: number;
  /** Last period (yyyyMM) of the seeded vouchers (default: the current month, Beijing time). */
  anchorPeriod?: number | string;
  /** Faults per route (`acct.voucher.save`, `v2.voucher.list`, … or `*`). */
  faults?: FaultSpec;
  /** Lifetime of app-token/access_token (default 24 h). */
  tokenTtlMs?: number;
  /** Accepted clock skew of `X-Api-TimeStamp` (default 5 min). */
  signatureWindowMs?: number;
  /** Token exchanges per minute per appKey (default 2; 0 or Infinity lifts it). */
  tokenCallsPerMinute?: number;
  /** Business calls per minute per account book (default 500; 0 or Infinity lifts it). */
  callsPerMinute?: number;
  /** Family-A calls must be gateway-signed too (default false: signature checked only when sent). */
  strictSignature?: boolean;
  /** Most vouchers per save (default 200 → 46004 above). */
  batchSizeMax?: number;
  /** Largest v2 page_size honoured (default 100). */
  pageSizeCap?: number;
  /** Latency added to every API call (ms, default 0). */
  latencyMs?: number;
  /** How long a `timeout` fault holds the request (default 30 s). */
  timeoutMs?: number;
  /** Clock in epoch ms (tests move it to age tokens). */
  now?: () => number;
}

/** A JDY simulator: the Hono app, its state and its knobs. */
export interface JdySimulator {
  readonly app: Hono<SimulatorEnv>;
  /** Live state; `auth` and `vouchers` are replaced by `reset()`. */
  readonly state: JdyContext;
  readonly options: ResolvedJdyOptions;
  readonly faults: FaultPlan;
  readonly calls: CallCounter;
  /** Starts listening (default 127.0.0.1, port 0); the result carries the URL. */
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  /** Created vouchers, tokens, secret generation, calls and faults. */
  inspect(): JsonObject;
  /** Back to the seeded state: vouchers, tokens, appSecret, limits, counters and faults. */
  reset(): void;
  /** Expires every token now (the next call answers 4010 / app-token invalid); returns how many were live. */
  expireTokens(): number;
  /** Rotates the appSecret: old tokens and app_signatures fail with 1030002006; returns the new secret. */
  rotateAppSecret(): string;
}

function resolveOptions(options: JdySimulatorOptions): ResolvedJdyOptions {
  const now = options.now ?? Date.now;
  return {
    credentials: { ...DEFAULT_JDY_CREDENTIALS, ...options.credentials },
    seed: options.seed ?? 1,
    instances: Math.max(0, Math.floor(options.instances ?? 60)),
    anchorPeriod: parsePeriod(options.anchorPeriod ?? '') ?? periodOfTime(now()),
    tokenTtlMs: options.tokenTtlMs ?? 24 * 3_600_000,
    signatureWindowMs: options.signatureWindowMs ?? 5 * 60_000,
    tokenCallsPerMinute: options.tokenCallsPerMinute ?? 2,
    callsPerMinute: options.callsPerMinute ?? 500,
    strictSignature: options.strictSignature ?? false,
    batchSizeMax: options.batchSizeMax ?? 200,
    pageSizeCap: options.pageSizeCap ?? 100,
    now,
  };
}

function freshState(o: ResolvedJdyOptions): Pick<JdyContext, 'auth' | 'vouchers'> {
  return {
    auth: new AuthState({ ...o }),
    vouchers: new VoucherStore(o.instances, o.seed, o.anchorPeriod),
  };
}

/** The summary shown by `inspect()` and `GET /__sim/state`. */
function inspectJdy(state: JdyContext, calls: CallCounter, faults: FaultPlan): JsonObject {
  return {
    seededVouchers: state.vouchers.seeded.count,
    createdVouchers: state.vouchers.createdCount,
    vouchers: state.vouchers.createdVouchers().map((v) => acctVoucherView(v, state.accounts)),
    appSecret: state.auth.appSecret,
    secretGeneration: state.auth.generation,
    tokensIssued: state.auth.issued,
    liveTokens: state.auth.liveTokens(),
    calls: calls.toJSON(),
    faults: { spec: faults.current() as JsonObject, injected: Object.fromEntries(faults.injected) },
  };
}

/** The app with call counting, latency and fault injection in front of every named route. */
function createBase(options: JdySimulatorOptions, resolved: ResolvedJdyOptions): SimulatorBase {
  return createSimulatorBase({
    seed: resolved.seed,
    faults: options.faults,
    routeOf: (c) => routeNameOf(c.req.method, c.req.path),
    responses: {
      rateLimited: (c) => rateLimited(c, resolved.callsPerMinute),
      tokenExpired: tokenExpiredResponse,
    },
    timeoutMs: options.timeoutMs,
    fixedLatencyMs: options.latencyMs,
    resetRestoresFaults: true,
  });
}

/** Creates a Kingdee JDY (精斗云 云会计 + 星辰 v2) simulator with a seeded account book; see README.md. */
export function createJdySimulator(options: JdySimulatorOptions = {}): JdySimulator {
  const resolved = resolveOptions(options);
  const state: JdyContext = { options: resolved, accounts: new ChartOfAccounts(), ...freshState(resolved) };
  const limiter = new WindowLimiter(resolved.callsPerMinute, 60_000, resolved.now);
  const base = createBase(options, resolved);
  const { app, faults, calls } = base;
  const sim: JdySimulator = {
    app,
    state,
    options: resolved,
    faults,
    calls,
    start: base.start,
    inspect: () => inspectJdy(state, calls, faults),
    reset: () => {
      Object.assign(state, freshState(resolved));
      limiter.reset();
      base.reset();
    },
    expireTokens: () => state.auth.expireAll(),
    rotateAppSecret: () => state.auth.rotate(),
  };
  mountInspection(app, {
    ...sim,
    describe: () => describeJdySimulator(sim),
    answers: namedAnswers('acct.voucher.save'),
    extra: jdyInspectRoutes(state, sim.rotateAppSecret),
  });
  mountAuthRoutes(app, state);
  mountAccountingRoutes(app, state, limiter);
  mountV2Routes(app, state, limiter);
  app.notFound((c) => noRoute(c));
  return sim;
}
