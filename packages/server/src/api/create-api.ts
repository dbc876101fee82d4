import { OpenAPIHono } from '@hono/zod-openapi';
import { bilingual } from '../errors/index.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import { createFormTriggers } from '../triggers/form-events.ts';
import { createWebhookHandler } from '../triggers/webhook.ts';
import type { ApiDeps, ApiOptions } from './api-deps.ts';
import type { ApiEnv } from './api-env.ts';
import { handleError, sendError, validationHook } from './api-error.ts';
import { authenticate } from './authenticate.ts';
import { bodyLimitsFrom, limitBodies } from './body-limit.ts';
import { createClientAddress } from './client-address.ts';
import { createLoginGuard } from './login-guard.ts';
import { requestMetrics } from './request-metrics.ts';
import type { ApiApp } from './route-kit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerCallbackRoutes } from './routes/callbacks.ts';
import { registerConnectionRoutes } from './routes/connections.ts';
import { registerConnectorRoutes } from './routes/connectors.ts';
import { registerDefinitionRoutes } from './routes/definitions.ts';
import { registerFormRoutes } from './routes/forms.ts';
import { registerLedgerRoutes } from './routes/ledger.ts';
import { registerLedgerExportRoutes } from './routes/ledger-export.ts';
import { registerMappingRoutes } from './routes/mapping.ts';
import { registerMetricsRoutes } from './routes/metrics.ts';
import { registerReconciliationRoutes } from './routes/reconciliation.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSyncBackfillRoutes } from './routes/sync-backfill.ts';
import { registerSyncPreviewRoutes } from './routes/sync-preview.ts';
import { registerSystemRoutes } from './routes/system.ts';
import { registerWebhookRoutes } from './routes/webhooks.ts';

const THIRTY_DAYS = 30 * 24 * 3600 * 1000;

/**
 * Builds the HTTP API over a runtime: bearer auth with roles under `/api/v1`, every route validated
 * and documented by its zod schemas (OpenAPI 3.1 at `GET /api/openapi.json`), one JSON error shape.
 */
export function createApi(runtime: Runtime, options: ApiOptions = {}): ApiApp {
  const env = options.env ?? process.env;
  const deps: ApiDeps = {
    runtime,
    now: options.now ?? Date.now,
    apiToken: options.apiToken ?? (env.QIAO_API_TOKEN || undefined),
    tokenTtlMs: options.tokenTtlMs ?? THIRTY_DAYS,
    formTriggers: createFormTriggers({ store: runtime.store, engine: runtime.engine }),
    webhook: createWebhookHandler({
      store: runtime.store,
      engine: runtime.engine,
      env,
      ...(options.webhookResponseTimeoutMs === undefined
        ? {}
        : { responseTimeoutMs: options.webhookResponseTimeoutMs }),
    }),
    loginGuard: createLoginGuard(options.loginLimits, runtime.shared),
    clientAddress: createClientAddress(/^(1|true|yes)$/i.test(env.QIAO_TRUST_PROXY ?? '')),
  };
  const app = new OpenAPIHono<ApiEnv>({ defaultHook: validationHook as never });
  app.onError(handleError);
  // First, so it times every request, whatever answers it.
  app.use('*', requestMetrics(runtime.metrics.request));
  // Before anything reads a body: a huge one is refused, never parsed (QIAO_BODY_LIMIT_MB).
  app.use('*', limitBodies(bodyLimitsFrom(env)));
  app.notFound((c) =>
    sendError(
      c,
      404,
      'NOT_FOUND',
      bilingual(`没有这个接口：${c.req.method} ${c.req.path}`, `no route ${c.req.method} ${c.req.path}`),
    ),
  );
  app.use('/api/v1/*', authenticate(deps));
  // Connector list first: it replaces the generic definition list for the `connector` kind.
  registerConnectorRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerDefinitionRoutes(app, deps);
  registerConnectionRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerLedgerExportRoutes(app, deps);
  registerReconciliationRoutes(app, deps);
  registerMappingRoutes(app, deps);
  registerSyncPreviewRoutes(app, deps);
  registerSyncBackfillRoutes(app, deps);
  registerFormRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerCallbackRoutes(app, deps);
  registerSystemRoutes(app, deps);
  registerMetricsRoutes(app, deps);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.get('/api/openapi.json', (c) =>
    c.json(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Qiao API',
          version: '1',
          description:
            '桥 Qiao 集成平台 HTTP API。错误体 {code, message, details}，消息为「中文 / English」。',
        },
      }),
    ),
  );
  return app;
}
