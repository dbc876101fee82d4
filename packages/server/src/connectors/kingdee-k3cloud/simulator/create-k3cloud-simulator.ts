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
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import { createBaseData } from './base-data.ts';
import { viewObject } from './bill-view.ts';
import {
  DEFAULT_K3CLOUD_CREDENTIALS,
  type K3CloudCredentials,
  type K3Context,
  type ResolvedK3CloudOptions,
} from './context.ts';
import {
  CallLimiter,
  dispatchOperation,
  errorResponse,
  operationOf,
  RATE_LIMIT_MESSAGE,
} from './dispatch.ts';
import { failureBody, sessionLostBody } from './envelope.ts';
import { k3FastRoutes } from './fast-routes.ts';
import { PayBillStore } from './pay-bill-store.ts';
import { INSPECT_PREFIX, k3InspectRoutes } from './routes-inspect.ts';
import { SessionRegistry } from './sessions.ts';

export { DEFAULT_K3CLOUD_CREDENTIALS, type K3CloudCredentials } from './context.ts';

/** Options of the K3Cloud simulator; each maps 1:1 to a `qiao simulate k3cloud` flag. */
export interface K3CloudSimulatorOptions {
  /** Login data; missing values take the documented demo defaults. */
  credentials?: Partial<K3CloudCredentials>;
  /** Seed of generated data and random faults (default 1). */
  seed?: number;
  /** Pre-existing AP_PAYBILL bills, generated lazily (default 20; 100,000 is fine). */
  instances?: number;
  /** Faults per route (`Save`, `BatchSave`, `ExecuteBillQuery`, … or `*`). */
  faults?: FaultSpec;
  /** Idle time after which a session is lost (default 20 min). */
  sessionIdleMs?: number;
  /** Accepted clock skew of signed requests (default 5 min). */
  signatureWindowMs?: number;
  /** Calls per second before MsgCode 14 (default 0 = unlimited; Infinity also lifts it). */
  callsPerSecond?: number;
  /** Latency added to every K3Cloud call (ms, default 0). */
  latencyMs?: number;
  /** Most packages per BatchSave (default 1000). */
  batchSizeMax?: number;
  /** Largest ExecuteBillQuery Limit honoured (default 10000). */
  queryLimitMax?: number;
  /** How long a `timeout` fault holds the request (default 30 s). */
  timeoutMs?: number;
  /** Clock in epoch ms (tests move it to age sessions). */
  now?: () => number;
}

/** Summary returned by `inspect()` and `GET /__sim/state`. */
export type K3CloudInspection = JsonObject;

/** A K3Cloud simulator: the Hono app, its state and its knobs. */
export interface K3CloudSimulator {
  readonly app: Hono<SimulatorEnv>;
  /** Live state (bills, sessions, base data); replaced objects after `reset()`. */
  readonly state: K3Context;
  readonly options: ResolvedK3CloudOptions;
  readonly faults: FaultPlan;
  readonly calls: CallCounter;
  /** Starts listening (default 127.0.0.1, port 0); the result carries the URL. */
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  /** Counts, created/changed bills, faults. */
  inspect(): K3CloudInspection;
  /** Back to the seeded state: bills, sessions, counters and faults. */
  reset(): void;
  /** Loses every session now (the next call answers MsgCode 1). */
  expireSessions(): number;
}

function resolveOptions(options: K3CloudSimulatorOptions): ResolvedK3CloudOptions {
  return {
    credentials: { ...DEFAULT_K3CLOUD_CREDENTIALS, ...options.credentials },
    seed: options.seed ?? 1,
    instances: Math.max(0, Math.floor(options.instances ?? 20)),
    sessionIdleMs: options.sessionIdleMs ?? 20 * 60_000,
    signatureWindowMs: options.signatureWindowMs ?? 5 * 60_000,
    callsPerSecond: options.callsPerSecond ?? 0,
    batchSizeMax: options.batchSizeMax ?? 1000,
    queryLimitMax: options.queryLimitMax ?? 10_000,
    now: options.now ?? Date.now,
  };
}

function freshState(
  resolved: ResolvedK3CloudOptions,
  baseData: K3Context['baseData'],
): Pick<K3Context, 'bills' | 'sessions'> {
  const c = resolved.credentials;
  return {
    bills: new PayBillStore(baseData, resolved.seed, resolved.instances),
    sessions: new SessionRegistry({
      acctId: c.acctId,
      username: c.username,
      appId: c.appId,
      appSecret: c.appSecret,
      idleMs: resolved.sessionIdleMs,
      signatureWindowMs: resolved.signatureWindowMs,
      now: resolved.now,
    }),
  };
}

/** Creates a Kingdee K3Cloud WebAPI simulator (AP_PAYBILL with seeded base data); see README.md. */
export function createK3CloudSimulator(options: K3CloudSimulatorOptions = {}): K3CloudSimulator {
  const resolved = resolveOptions(options);
  const baseData = createBaseData();
  const state: K3Context = { options: resolved, baseData, ...freshState(resolved, baseData) };
  const limiter = new CallLimiter(resolved.callsPerSecond, resolved.now);
  const base = createSimulatorBase({
    seed: resolved.seed,
    faults: options.faults,
    routeOf: (c) => operationOf(c.req.path),
    responses: {
      rateLimited: (c) =>
        errorResponse(c, operationOf(c.req.path) ?? '', failureBody(RATE_LIMIT_MESSAGE, 14)),
      tokenExpired: (c) => errorResponse(c, operationOf(c.req.path) ?? '', sessionLostBody()),
    },
    timeoutMs: options.timeoutMs,
    fixedLatencyMs: options.latencyMs,
    resetRestoresFaults: true,
    // BatchSave and Save while no fault applies: served without Hono's request objects.
    fastRoutes: k3FastRoutes(state, limiter),
  });
  const { app, faults, calls } = base;
  const sim: K3CloudSimulator = {
    app,
    state,
    options: resolved,
    faults,
    calls,
    start: base.start,
    inspect: () => ({
      seededBills: state.bills.seeded,
      createdBills: state.bills.createdCount(),
      bills: state.bills.touched().map(viewObject),
      sessions: state.sessions.size,
      lastRejection: state.sessions.lastRejection,
      calls: calls.toJSON(),
      faults: { spec: faults.current() as JsonObject, injected: Object.fromEntries(faults.injected) },
    }),
    reset: () => {
      Object.assign(state, freshState(resolved, baseData));
      base.reset();
    },
    expireSessions: () => state.sessions.expireAll(),
  };
  mountInspection(app, {
    ...sim,
    describe: () => describeK3CloudSimulator(sim),
    answers: namedAnswers('BatchSave'),
    extra: k3InspectRoutes(() => state),
  });
  app.post('*', (c) => dispatchOperation(c, state, limiter));
  return sim;
}

/** Printable lines for the CLI: address, credentials (both auth modes), routes and the inspection API. */
export function describeK3CloudSimulator(sim: K3CloudSimulator, url = 'http://127.0.0.1:<port>'): string[] {
  const c = sim.options.credentials;
  const base = `${url}/K3Cloud/Kingdee.BOS.WebApi.ServicesStub`;
  return [
    `金蝶云星空 K3Cloud simulator — ${url}/K3Cloud/`,
    `  login:   POST ${base}.AuthService.ValidateUser.common.kdsvc`,
    `           acctID=${c.acctId} username=${c.username} password=${c.password} lcid=${c.lcid}`,
    `  signed:  AppID=${c.appId} AppSecret=${c.appSecret} (X-Api-*/X-Kd-* headers, ±${Math.round(sim.options.signatureWindowMs / 1000)} s)`,
    `  forms:   AP_PAYBILL (${sim.state.bills.seeded} seeded bills) + base data ${[...sim.state.baseData.keys()].join(', ')}`,
    `  ops:     ${base}.DynamicFormService.{Save|BatchSave|Submit|Audit|UnAudit|Delete|View|ExecuteBillQuery|BillQuery}.common.kdsvc`,
    `  session: idle timeout ${Math.round(sim.options.sessionIdleMs / 1000)} s; POST ${url}${INSPECT_PREFIX}/sessions/expire to lose all now`,
    `  inspect: GET ${url}${INSPECT_PREFIX}/state · /calls · /faults · /bills/<FBillNo> · /base-data; POST /faults · /faults/force · /reset`,
  ];
}
