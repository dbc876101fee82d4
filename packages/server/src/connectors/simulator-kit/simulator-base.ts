import { type Context, Hono } from 'hono';
import { FaultPlan, type FaultSpec } from './faults.ts';
import {
  CallCounter,
  type FastRoute,
  faultMiddleware,
  type RunningSimulator,
  type SimulatorEnv,
  type SystemFaultResponses,
  startServer,
} from './host.ts';
import { INSPECT_PREFIX } from './inspection.ts';

/** What every simulator starts from. */
export interface SimulatorBaseOptions {
  /** Seed of the random faults. */
  seed: number;
  /** Initial fault settings. */
  faults?: FaultSpec | undefined;
  /** Names the route of a request (null: not counted or faulted); `/__sim` paths are never routes. */
  routeOf(c: Context<SimulatorEnv>): string | null;
  responses: SystemFaultResponses;
  /** How long a `timeout` fault holds a request (default 30 s). */
  timeoutMs?: number | undefined;
  /** A fixed latency before every named route, ahead of faults (ms; 0 or undefined: none). */
  fixedLatencyMs?: number | undefined;
  /** Whether `reset()` puts the initial fault settings back (default false: they stay as configured). */
  resetRestoresFaults?: boolean;
  /**
   * Hot routes by `METHOD /path` answered without Hono while quiet (see {@link FastRoute}); each must
   * answer exactly as the app's route for the same path does. Not used with `fixedLatencyMs`.
   */
  fastRoutes?: ReadonlyMap<string, FastRoute>;
}

/** The Hono app with call counting and fault injection installed, and the knobs around it. */
export interface SimulatorBase {
  app: Hono<SimulatorEnv>;
  faults: FaultPlan;
  calls: CallCounter;
  /** Starts the HTTP server (default 127.0.0.1, port 0). */
  start(options?: { port?: number; host?: string }): Promise<RunningSimulator>;
  /** Clears call counts and injected/forced faults (and restores the initial settings when so configured). */
  reset(): void;
}

/** Creates the app, fault plan, call counter and middleware every simulator shares. */
export function createSimulatorBase(options: SimulatorBaseOptions): SimulatorBase {
  const faults = new FaultPlan(options.faults ?? {}, options.seed);
  const calls = new CallCounter();
  const app = new Hono<SimulatorEnv>();
  const routeOf = (c: Context<SimulatorEnv>) =>
    c.req.path.startsWith(INSPECT_PREFIX) ? null : options.routeOf(c);
  const latency = options.fixedLatencyMs ?? 0;
  if (latency > 0) {
    app.use('*', async (c, next) => {
      if (routeOf(c)) await delay(latency);
      await next();
    });
  }
  app.use(
    '*',
    faultMiddleware({
      plan: faults,
      counter: calls,
      routeOf,
      responses: options.responses,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    }),
  );
  return {
    app,
    faults,
    calls,
    start: (o = {}) =>
      startServer(
        app,
        o,
        options.fastRoutes && latency === 0
          ? { routes: options.fastRoutes, plan: faults, counter: calls }
          : undefined,
      ),
    reset: () => {
      calls.reset();
      faults.reset();
      if (options.resetRestoresFaults) faults.configure(options.faults ?? {});
    },
  };
}

/** The fault settings with `latencyMs` added to the `*` entry (latency that faults settings can change later). */
export function withLatency(spec: FaultSpec | undefined, latencyMs: number | undefined): FaultSpec {
  const out: FaultSpec = { ...spec };
  if (latencyMs) out['*'] = { ...out['*'], latencyMs };
  return out;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
