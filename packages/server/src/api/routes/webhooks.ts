import { z } from '@hono/zod-openapi';
import { QiaoError } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  type ApiApp,
  addRoute,
  ERROR_CONTENT,
  IDEMPOTENCY_KEY_HEADER,
  jsonResponse,
  KEY_REUSED_RESPONSE,
  TOO_LARGE_RESPONSE,
} from '../route-kit.ts';

const FlowParam = z.object({
  flowId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'flowId', in: 'path' } }),
});

/**
 * The body, documented but not validated: a zod body schema would make the route parse JSON before the
 * handler and refuse other content types (415), while the signature covers the raw bytes as sent.
 */
const HOOK_BODY = {
  required: false,
  description:
    'Any body. Under a JSON content type it is parsed (malformed: 400) and the flow reads it as `trigger.body`; under any other it reaches the flow as text. The signature covers the raw bytes as sent.',
  content: {
    'application/json': { schema: { description: 'Any JSON value' } },
    '*/*': { schema: { type: 'string' as const, description: 'Any other body, passed to the flow as text' } },
  },
};

/** The secret and idempotency parameters, read by the webhook handler (documented, not validated here). */
const HOOK_PARAMETERS = [
  {
    name: 'x-qiao-signature',
    in: 'header',
    required: false,
    description:
      "Hex HMAC-SHA256 of the raw body keyed with the flow's `trigger.secret`, optionally `sha256=`-prefixed. Needed (or `secret`) when the flow has a secret.",
    schema: { type: 'string', example: 'sha256=3f5a…' },
  },
  {
    name: 'secret',
    in: 'query',
    required: false,
    description:
      "The flow's secret itself, for senders that cannot sign (prefer the signature: URLs get logged). Other query parameters reach the flow as `trigger.query`.",
    schema: { type: 'string' },
  },
  IDEMPOTENCY_KEY_HEADER,
] as const;

const errorOf = (description: string) => ({ description, content: ERROR_CONTENT });

/** Registers `POST /hooks/{flowId}`: no bearer token; the flow's own secret (HMAC header or `?secret=`) is checked. */
export function registerWebhookRoutes(app: ApiApp, deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'post',
      path: '/hooks/{flowId}',
      tags: ['webhooks'],
      security: [],
      operationId: 'triggerWebhookFlow',
      summary: 'Trigger a webhook flow',
      description:
        'Starts a run of the enabled flow with `trigger: {type: webhook}`; a flow with a secret needs `x-qiao-signature` (HMAC of the raw body) or `?secret=`. ' +
        'A flow with a `respond` step answers with the status and body that step sets (waiting up to 10 s by default, else 202); one without answers 202 `{runId}` at once. ' +
        'With an `Idempotency-Key` header the flow runs once per key: a repeat answers 200 `{runId, status, duplicate: true}` (a `respond` answer is not replayed).',
      request: { params: FlowParam, body: HOOK_BODY },
      parameters: [...HOOK_PARAMETERS],
      responses: {
        200: jsonResponse(
          z.unknown(),
          "A `respond` step's answer with status 200 (its body as rendered); `{runId, status}` when the run succeeded without responding; `{runId, status, duplicate: true}` for a repeated Idempotency-Key",
        ),
        202: jsonResponse(
          z.object({ runId: z.string() }),
          'Run queued: the flow has no `respond` step, or it did not answer within the wait',
        ),
        '2XX': jsonResponse(z.unknown(), 'Another 2xx status a `respond` step set (e.g. 201), with its body'),
        400: errorOf(
          'Malformed JSON under a JSON content type, or an Idempotency-Key over 255 characters (INPUT_INVALID)',
        ),
        401: errorOf(
          'The signature or `?secret=` does not match, or the secret names an unset environment variable (UNAUTHORIZED)',
        ),
        404: errorOf('No enabled webhook flow with this id (NOT_FOUND)'),
        413: TOO_LARGE_RESPONSE,
        422: KEY_REUSED_RESPONSE,
        500: jsonResponse(
          z.object({ runId: z.string(), status: z.string(), error: z.unknown() }),
          'The run failed before a `respond` step answered: `{runId, status, error}`',
        ),
        default: jsonResponse(z.unknown(), 'Any other status a `respond` step set (100–599), with its body'),
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
