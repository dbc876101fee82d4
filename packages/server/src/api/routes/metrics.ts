import { z } from '@hono/zod-openapi';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, ERROR_RESPONSES } from '../route-kit.ts';

/** Registers `GET /metrics`: this process's Prometheus metrics (public, like health; see docs/metrics.md). */
export function registerMetricsRoutes(app: ApiApp, deps: ApiDeps): void {
  const { metrics } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/metrics',
      tags: ['system'],
      security: [],
      operationId: 'getMetrics',
      summary: "Get this process's Prometheus metrics",
      description:
        'Public, like `/healthz`: connector calls, credential fetches, runs, sync records, API request durations and store gauges; every name and label in docs/metrics.md.',
      responses: {
        200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      c.header('content-type', metrics.contentType);
      return c.body(await metrics.render());
    },
  );
}
