import { z } from '@hono/zod-openapi';
import { QiaoError } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, ERROR_RESPONSES, jsonResponse } from '../route-kit.ts';

const FlowParam = z.object({
  flowId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'flowId', in: 'path' } }),
});

/** Registers `POST /hooks/{flowId}`: no bearer token; the flow's own secret (HMAC header or `?secret=`) is checked. */
export function registerWebhookRoutes(app: ApiApp, deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'post',
      path: '/hooks/{flowId}',
      tags: ['webhooks'],
      security: [],
      description:
        'Fires a webhook-triggered flow. Sign the raw body: `x-qiao-signature: sha256=<hex HMAC-SHA256>` or pass `?secret=`. ' +
        'With an `Idempotency-Key` header (≤ 255 characters) a flow runs once per key: a repeat answers 200 `{runId, status, duplicate: true}` and starts nothing.',
      request: { params: FlowParam },
      responses: {
        200: jsonResponse(
          z.unknown(),
          'The flow’s `respond` answer, or a repeated Idempotency-Key’s first run',
        ),
        202: jsonResponse(z.object({ runId: z.string() }), 'Run queued'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { flowId } = c.req.param() as { flowId: string };
      const rawBody = await c.req.text();
      const response = await deps.webhook({
        flowId,
        body: parseBody(rawBody, c.req.header('content-type') ?? ''),
        rawBody,
        headers: c.req.header(),
        query: c.req.query(),
      });
      return c.json(response.body, response.status as 200);
    },
  );
}

function parseBody(raw: string, contentType: string): JsonValue {
  if (raw === '') return null;
  if (!/json/i.test(contentType)) return raw;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    throw new QiaoError('INPUT_INVALID', '请求体不是有效的 JSON / malformed JSON in the request body');
  }
}
