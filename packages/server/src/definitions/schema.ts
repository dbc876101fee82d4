import { z } from 'zod';
import type { JsonValue } from '../json.ts';
import { DURATION_PATTERN } from './duration.ts';

/**
 * The document format of Qiao (schemaVersion 1): connections, user-defined connectors, flows,
 * syncs and forms, as YAML or JSON. These schema objects are the single source of the TypeScript
 * types, runtime validation and the published JSON Schema (`qiao schema`).
 *
 * Conventions of the format:
 * - a *value* (step input, mapping, request body) is JSON in which strings may hold `{{ expr }}`
 *   templates; a string that is exactly one template keeps the expression's type;
 * - an *expression* field (`if`, `items`, `key`, `filter`, watermark `field`) is a bare JSONata
 *   expression, no braces.
 */

export const SCHEMA_VERSION = 1 as const;

/** An id of a definition, step or operation (shared by every schema). */
export const idSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    '须以字母开头，只用字母、数字、"_" 或 "-"（≤ 64 个） / must start with a letter and use letters, digits, "_" or "-" (≤ 64)',
  );
/** A non-empty expression (shared by every schema). */
export const expressionSchema = z.string().min(1, 'must not be empty');
const id = idSchema;
const expression = expressionSchema;
const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
);
/** A mapping or templated value: JSON whose strings may contain `{{ }}` templates, plus `$each` directives. */
export const valueSchema = jsonValue;
const valueRecord = z.record(z.string(), jsonValue);
/** A duration: ms, or text like 500ms, 30s, 10m, 2h, 1d. */
export const durationSchema = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(
      DURATION_PATTERN,
      '须为 500ms、30s、10m、2h、1d 这样的时长 / must be a duration like 500ms, 30s, 10m, 2h or 1d',
    ),
]);

/** Retry policy of a step, a flow or a sync target. */
export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(100).default(5),
    initialDelay: durationSchema.default('500ms'),
    maxDelay: durationSchema.default('60s'),
    factor: z.number().min(1).max(10).default(2),
    jitter: z.number().min(0).max(1).default(0.2),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

// ---------------------------------------------------------------- connection

/** A connector + credentials + environment. Secrets are encrypted at rest and never returned. */
export const connectionSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.literal('connection'),
    id,
    name: z.string().optional(),
    connector: id,
    environment: z.enum(['dev', 'test', 'prod']).default('dev'),
    /** Non-secret settings: base URL, app key, account id … */
    config: valueRecord.default({}),
    /** Secret settings; in files a value may be `${env:NAME}` to read the environment. */
    secrets: z.record(z.string(), z.string()).default({}),
    rateLimit: z
      .object({ perSecond: z.number().positive(), burst: z.number().int().positive().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type ConnectionDefinition = z.infer<typeof connectionSchema>;

// ---------------------------------------------------------------- connector (user-defined)

const paginationSchema = z.discriminatedUnion('style', [
  z
    .object({
      style: z.literal('cursor'),
      /** Where the cursor goes in the request, as `body.cursor` or `query.cursor`. */
      cursorParam: z.string(),
      /** Expression on the response giving the next cursor; absent/null ends. */
      nextCursor: expression,
      items: expression,
      initialCursor: jsonValue.optional(),
    })
    .strict(),
  z
    .object({
      style: z.literal('page'),
      pageParam: z.string(),
      sizeParam: z.string().optional(),
      size: z.number().int().positive().optional(),
      firstPage: z.number().int().default(1),
      items: expression,
      /** Expression giving the total page count; without it a short page ends. */
      totalPages: expression.optional(),
    })
    .strict(),
  z
    .object({
      style: z.literal('offset'),
      offsetParam: z.string(),
      limitParam: z.string(),
      limit: z.number().int().positive(),
      items: expression,
    })
    .strict(),
  z.object({ style: z.literal('nextLink'), nextLink: expression, items: expression }).strict(),
]);
export type PaginationDefinition = z.infer<typeof paginationSchema>;

const operationSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    /** Path appended to the connection's base URL; may hold templates over the input. */
    path: z.string(),
    query: valueRecord.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    body: jsonValue.optional(),
    /** Expression over `{status, headers, body}` saying the call failed in a 200 response. */
    errorWhen: expression.optional(),
    errorMessage: expression.optional(),
    /** Expression over the response body giving the operation's output (default: the body). */
    output: expression.optional(),
    pagination: paginationSchema.optional(),
    /** Batch write: records go into the body at `recordsParam`; `results` maps the response to per-record results. */
    batch: z
      .object({
        recordsParam: z.string(),
        maxSize: z.number().int().positive().default(100),
        results: expression,
      })
      .strict()
      .optional(),
    inputSchema: z.record(z.string(), z.unknown()).optional(),
    outputSchema: z.record(z.string(), z.unknown()).optional(),
    sample: jsonValue.optional(),
  })
  .strict();
export type OperationDefinition = z.infer<typeof operationSchema>;

const authSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('apiKey'),
      in: z.enum(['header', 'query']),
      name: z.string(),
      value: z.string(),
    })
    .strict(),
  z.object({ type: z.literal('basic'), username: z.string(), password: z.string() }).strict(),
  z.object({ type: z.literal('bearer'), token: z.string() }).strict(),
  z
    .object({
      /** A token fetched by one of the connector's own operations and injected into the others. */
      type: z.literal('token'),
      operation: id,
      token: expression,
      expiresIn: expression.optional(),
      inject: z
        .object({ in: z.enum(['header', 'query']), name: z.string(), prefix: z.string().optional() })
        .strict(),
      /** Expression over `{status, body}` saying the token expired although the call returned 200. */
      expiredWhen: expression.optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('oauth2ClientCredentials'),
      tokenUrl: z.string(),
      clientId: z.string(),
      clientSecret: z.string(),
      scope: z.string().optional(),
    })
    .strict(),
]);
export type AuthDefinition = z.infer<typeof authSchema>;

/** A user-defined connector: the declarative part of a built-in connector, as data. */
export const connectorSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.literal('connector'),
    id,
    name: z.string(),
    description: z.string().optional(),
    baseUrl: z.string().optional(),
    auth: authSchema.default({ type: 'none' }),
    operations: z.record(id, operationSchema),
  })
  .strict();
export type ConnectorDefinition = z.infer<typeof connectorSchema>;
