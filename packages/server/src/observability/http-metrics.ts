import { Histogram, type Registry } from 'prom-client';

/** Buckets of an API request's duration in seconds: 5 ms to 30 s. */
export const HTTP_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Methods kept as they are; any other (a client may send anything) is counted as `other`. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records one API request: its method, route pattern (never the raw URL), HTTP status and seconds. */
export type RequestObserver = (method: string, route: string, status: number, seconds: number) => void;

/** The API's request duration histogram in `registry`, by method, route pattern and status class. */
export function createHttpMetrics(registry: Registry): RequestObserver {
  const duration = new Histogram({
    name: 'qiao_http_request_duration_seconds',
    help: 'Seconds to answer an API request, by method, route pattern (e.g. /api/v1/runs/:id; /* for the console files or no route) and status class (2xx…5xx).',
    labelNames: ['method', 'route', 'status_class'],
    buckets: HTTP_SECONDS_BUCKETS,
    registers: [registry],
  });
  return (method, route, status, seconds) => {
    duration.observe(
      {
        method: METHODS.has(method) ? method : 'other',
        route,
        status_class: `${Math.trunc(status / 100)}xx`,
      },
      seconds,
    );
  };
}
