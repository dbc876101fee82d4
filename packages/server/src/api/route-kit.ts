import { createRoute, type OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bilingual, QiaoError } from '../errors/index.ts';
import type { ApiEnv } from './api-env.ts';

/** The API app type. */
export type ApiApp = OpenAPIHono<ApiEnv>;

/** A route handler: gets the context, returns a response (inputs are read with `input`). */
export type ApiHandler = (c: Context<ApiEnv>) => Promise<Response> | Response;

/** The error body schema shared by every error response. */
export const ErrorSchema = z
  .object({
    code: z.string().openapi({ example: 'NOT_FOUND' }),
    message: z.string().openapi({ example: '对象不存在 / Not found' }),
    details: z.unknown(),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: ErrorSchema } };

/** Standard error responses documented on every route. */
export const ERROR_RESPONSES = {
  400: { description: 'Invalid input (INPUT_INVALID, DEFINITION_INVALID …)', content: errorContent },
  401: { description: 'Missing or invalid bearer token', content: errorContent },
  403: { description: 'The role may not do this', content: errorContent },
  404: { description: 'Not found', content: errorContent },
  409: { description: 'Conflict with the current state', content: errorContent },
} as const;

/** The error body's content type, for a route's own extra error responses. */
export const ERROR_CONTENT = errorContent;

/** The 413 of a body over its limit (`body-limit.ts`), documented on routes that take a body. */
export const TOO_LARGE_RESPONSE = {
  description: 'The body is over its limit (INPUT_INVALID, `details.limitBytes`; QIAO_BODY_LIMIT_MB)',
  content: errorContent,
} as const;

/** The `Idempotency-Key` request header, documented (read by the handler, not validated by a schema). */
export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'At most 255 characters (longer: 400). One run per key: a repeat answers 200 `{runId, status, duplicate: true}` ' +
    'and starts nothing; the same key with a different request is 422 `IDEMPOTENCY_KEY_REUSED`.',
  schema: { type: 'string', maxLength: 255 },
} as const;

/** The 422 of an `Idempotency-Key` sent again with a different request. */
export const KEY_REUSED_RESPONSE = {
  description: 'The Idempotency-Key was used for a different request (IDEMPOTENCY_KEY_REUSED)',
  content: errorContent,
} as const;

/** A JSON response documented with a schema. */
export function jsonResponse(schema: z.ZodType, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body documented and validated with a schema. */
export function jsonBody(schema: z.ZodType, required = true) {
  return { required, content: { 'application/json': { schema } } };
}

/**
 * A route's config as `addRoute` takes it: besides the schemas, a short imperative `summary` (at most
 * 8 words, e.g. "List runs, newest first") and a stable camelCase `operationId`, unique in the API
 * (client generators name their methods after it). A `description` adds what the summary cannot say.
 */
export type DocumentedRoute = RouteConfig & { summary: string; operationId: string };

/**
 * Registers a route whose request parts are validated by its zod schemas and documented in the
 * OpenAPI document; the handler reads them with `input` (response types are documented, not enforced).
 */
export function addRoute(app: ApiApp, config: DocumentedRoute, handler: ApiHandler): void {
  const route = createRoute({ ...config, security: config.security ?? [{ bearer: [] }] });
  app.openapi(route, handler as never);
}

/** Reads a validated request part (`json`, `query`, `param`) as the type of its schema. */
export function input<T>(c: Context<ApiEnv>, target: 'json' | 'query' | 'param'): T {
  return (c.req as unknown as { valid(part: string): unknown }).valid(target) as T;
}

/** A path parameter schema for ids. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Optional positive integer in a query string. */
export function queryInt(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max).optional();
}

/** Any JSON object (responses documented loosely). */
export const AnyObject = z.record(z.string(), z.unknown());

/** An optional query parameter listing some of `values`, comma-separated (e.g. `status=failed,skipped`). */
export function csvQuery(values: readonly string[]) {
  const one = values.join('|');
  return z
    .string()
    .regex(
      new RegExp(`^(${one})(,(${one}))*$`),
      bilingual(
        `应为逗号分隔的状态：${values.join(',')}`,
        `comma-separated statuses of: ${values.join(',')}`,
      ),
    )
    .optional();
}

/** A keyset page response: `{items, next}` where `next` is the cursor of the following page or null. */
export function pageResponse(description: string) {
  return jsonResponse(z.object({ items: z.array(AnyObject), next: z.string().nullable() }), description);
}

/** The cursor after a full page (the last item's key), or null when the page is short (the end). */
export function nextCursor<T>(items: readonly T[], limit: number, keyOf: (item: T) => string): string | null {
  const last = items.at(-1);
  return items.length === limit && last !== undefined ? keyOf(last) : null;
}

/**
 * The refusal of a keyset cursor the server did not issue (`name`: its query parameter, `what`: what the
 * cursor names, e.g. a run): 400 INPUT_INVALID with `details.field`. A cursor is a previous page's `next`
 * passed back as it was; anything else would answer a silent, wrong page.
 */
export function invalidCursor(name: string, value: string, what: { zh: string; en: string }): QiaoError {
  const shown = JSON.stringify(value.length <= 60 ? value : `${value.slice(0, 60)}…`);
  return new QiaoError(
    'INPUT_INVALID',
    bilingual(
      `参数 ${name} 无效：游标 ${shown} 不是上一页返回的 next（没有这个${what.zh}），请从第一页开始`,
      `Invalid parameter ${name}: the cursor ${shown} is not the next of a previous page (no such ${what.en}); start from the first page`,
    ),
    { details: { field: name } },
  );
}

/** The value, or a NOT_FOUND error with the message when there is none. */
export function found<T>(value: T | null | undefined, message: string): T {
  if (value === null || value === undefined) throw new QiaoError('NOT_FOUND', message);
  return value;
}
