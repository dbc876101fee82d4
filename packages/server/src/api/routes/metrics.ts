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
