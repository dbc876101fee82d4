import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
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

/** A request as a {@link FastRoute} sees it: path, query, headers and the whole body. */
export interface FastRequest {
  /** The request target as received (path and query). */
  url: string;
  path: string;
  query: URLSearchParams;
  /** Headers as Node reads them (lower-case names; most duplicates joined). */
  headers: IncomingHttpHeaders;
  /** Header names and values as received, in order (what Hono's `Request` headers are built from). */
  rawHeaders: readonly string[];
  body: Buffer;
}

/** What a {@link FastRoute} answers: the bytes (or text) and headers the Hono route would send. */
export interface FastAnswer {
  status: number;
  contentType: string;
  body: Uint8Array | string;
}

/**
 * A hot route served straight from Node's request, without building the Fetch `Request`/`Response`
 * objects and middleware chain of Hono — only while the route is quiet (no fault, latency or forced
 * fault could apply; see `FaultPlan.isQuiet`), and answering exactly what its Hono route answers.
 * Everything else (faulted calls, other routes, `/__sim`) goes through Hono as before.
 */
export interface FastRoute {
  /** Route name of the fault plan and call counter. */
  route: string;
  answer(request: FastRequest): FastAnswer;
}

/** Fast routes by `METHOD /path` (exact path), with the plan and counter the fault middleware uses. */
export interface FastRoutes {
  routes: ReadonlyMap<string, FastRoute>;
  plan: FaultPlan;
  counter: CallCounter;
}

/** Starts `app` on `host:port` (port 0 picks a free one). Close drops open keep-alive connections too. */
export function startServer(
  app: Hono<SimulatorEnv>,
  options: { port?: number; host?: string } = {},
  fast?: FastRoutes,
): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  // What `serve` from @hono/node-server does, with the fast routes (if any) ahead of Hono's listener.
  const hono = getRequestListener(app.fetch, { hostname: host });
  const server = createServer(fast ? withFastRoutes(fast, hono) : hono);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const info = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

type HonoListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** The request listener: a quiet fast route is answered here, anything else goes to Hono's listener. */
function withFastRoutes(fast: FastRoutes, hono: HonoListener): HonoListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const route = fast.routes.get(`${req.method} ${path}`);
    if (!route || !fast.plan.isQuiet(route.route)) {
      void hono(req, res);
      return;
    }
    fast.counter.add(route.route);
    const chunks: Buffer[] = [];
    // A client that goes away mid-request: nothing to answer (and no unhandled 'error' event).
    req.once('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      let answer: FastAnswer;
      try {
        answer = route.answer({ url, path, query, headers: req.headers, rawHeaders: req.rawHeaders, body });
      } catch (error) {
        console.error(error);
        answer = { status: 500, contentType: 'text/plain; charset=UTF-8', body: 'Internal Server Error' };
      }
      const length =
        typeof answer.body === 'string' ? Buffer.byteLength(answer.body) : answer.body.byteLength;
      res.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Content-Length': length });
      res.end(answer.body);
    });
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
