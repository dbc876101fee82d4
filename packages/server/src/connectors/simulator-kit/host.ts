import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { FaultPlan } from './faults.ts';

/** Hono environment of a simulator: the raw Node request/response are reachable to drop connections. */
export type SimulatorEnv = { Bindings: HttpBindings };

/** How a system answers the faults whose shape is system-specific. */
export interface SystemFaultResponses {
  rateLimited(c: Context<SimulatorEnv>): Response | Promise<Response>;
  tokenExpired(c: Context<SimulatorEnv>): Response | Promise<Response>;
  serverError?(c: Context<SimulatorEnv>): Response | Promise<Response>;
}

/** Counts calls per route (the inspection API reports them). */
export class CallCounter {
  readonly calls = new Map<string, number>();
  add(route: string): void {
    this.calls.set(route, (this.calls.get(route) ?? 0) + 1);
  }
  get(route: string): number {
    return this.calls.get(route) ?? 0;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.calls);
  }
  reset(): void {
    this.calls.clear();
  }
}

/**
 * Middleware that counts calls and injects faults. `routeOf` names the route of a request
 * (null: not a faultable route, e.g. the inspection API). A `timeout` holds the request
 * `timeoutMs` and then drops it; `lostResponse` lets the handler run, then drops the connection.
 */
export function faultMiddleware(options: {
  plan: FaultPlan;
  counter: CallCounter;
  routeOf: (c: Context<SimulatorEnv>) => string | null;
  responses: SystemFaultResponses;
  timeoutMs?: number;
}): MiddlewareHandler<SimulatorEnv> {
  const { plan, counter, routeOf, responses } = options;
  return async (c, next) => {
    const route = routeOf(c);
    if (route === null) return next();
    counter.add(route);
    const latency = plan.latency(route);
    if (latency > 0) await delay(latency);
    const fault = plan.decide(route);
    switch (fault) {
      case null:
        return next();
      case 'serverError':
        c.res = responses.serverError
          ? await responses.serverError(c)
          : c.text('<html><body><h1>502 Bad Gateway</h1></body></html>', 502, {
              'content-type': 'text/html',
            });
        return;
      case 'rateLimit':
        c.res = await responses.rateLimited(c);
        return;
      case 'tokenExpiry':
        c.res = await responses.tokenExpired(c);
        return;
      case 'reset':
        dropConnection(c);
        c.res = new Response(null, { status: 599 });
        return;
      case 'timeout':
        await delay(options.timeoutMs ?? 30_000);
        dropConnection(c);
        c.res = new Response(null, { status: 599 });
        return;
      case 'lostResponse':
        await next();
        dropConnection(c);
        return;
    }
  };
}

/** Destroys the client connection so no response reaches it. */
export function dropConnection(c: Context<SimulatorEnv>): void {
  c.env.incoming.socket.destroy();
}

/** A running simulator server. */
export interface RunningSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `app` on `host:port` (port 0 picks a free one). Close drops open keep-alive connections too. */
export function startServer(
  app: Hono<SimulatorEnv>,
  options: { port?: number; host?: string } = {},
): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname: host },
      (info: AddressInfo) => {
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              if ('closeAllConnections' in server) server.closeAllConnections();
              server.close(() => done());
            }),
        });
      },
    );
    server.once('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
