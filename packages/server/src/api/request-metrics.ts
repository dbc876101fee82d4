import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { RequestObserver } from '../observability/http-metrics.ts';

/**
 * Times every request up to its response (a streamed body's transfer is not included) and reports it
 * with the pattern of the route that answered (`/api/v1/runs/:id`, never the URL with its ids; `/*` when
 * the console's files or no route answered; a middleware's pattern, e.g. `/api/v1/*`, when it answered).
 */
export function requestMetrics(observe: RequestObserver): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      observe(c.req.method, routePath(c) || '/*', c.res.status, (performance.now() - started) / 1000);
    }
  };
}
