import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode, QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';

/** The one error body of the API: a stable code, a Chinese-first message, and optional details. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  details: JsonValue;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  TOO_MANY_ATTEMPTS: 429,
  CONNECTOR_UNKNOWN_OPERATION: 404,
  CALLBACK_REJECTED: 403,
};

/** The HTTP status of a QiaoError: by code first, then by kind (user 400, operational/auth 502/503, unexpected 500). */
export function statusOf(error: QiaoError): ContentfulStatusCode {
  const byCode = STATUS_BY_CODE[error.code];
  if (byCode) return byCode;
  if (error.kind === 'user') return 400;
  if (error.code === 'CONNECTOR_UNAVAILABLE' || error.code === 'CONNECTOR_RATE_LIMITED') return 503;
  if (error.kind === 'operational' || error.kind === 'auth-expired') return 502;
  return 500;
}

/** The `中文 / English` message of a catalogue code. */
export function catalogueMessage(code: ErrorCode): string {
  return `${ERROR_CATALOGUE[code].zh} / ${ERROR_CATALOGUE[code].en}`;
}

/** Sends the uniform error body. */
export function sendError(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode,
  message: string,
  details: JsonValue = null,
): Response {
  const body: ApiErrorBody = { code, message, details };
  return c.json(body, status);
}

/** The app's error handler: QiaoError by kind/code, HTTP exceptions (malformed JSON, 415), anything else 500 without a stack. */
export function handleError(error: unknown, c: Context): Response {
  if (error instanceof QiaoError) {
    const status = statusOf(error);
    // Unexpected errors keep their message out of the response: it may hold internals.
    const message = status === 500 ? catalogueMessage('INTERNAL') : error.message;
    if (status === 429 && error.retryAfterMs !== undefined) {
      c.header('Retry-After', String(Math.ceil(error.retryAfterMs / 1000)));
    }
    return sendError(c, status, error.code, message, status === 500 ? null : (error.details ?? null));
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 401) return sendError(c, 401, 'UNAUTHORIZED', catalogueMessage('UNAUTHORIZED'));
    if (status === 415)
      return sendError(
        c,
        415,
        'INPUT_INVALID',
        `不支持的请求体类型 / unsupported media type: ${c.req.header('content-type') ?? 'none'}`,
      );
    if (/json/i.test(error.message))
      return sendError(c, 400, 'INPUT_INVALID', '请求体不是有效的 JSON / malformed JSON in the request body');
    if (status >= 500) return sendError(c, 500, 'INTERNAL', catalogueMessage('INTERNAL'));
    return sendError(c, status, 'INPUT_INVALID', error.message);
  }
  return sendError(c, 500, 'INTERNAL', catalogueMessage('INTERNAL'));
}

/** The zod validation hook of every route: failures become 400 INPUT_INVALID with the issues. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  const first = issues[0];
  const where = result.target
    ? `${result.target}${first?.path ? `.${first.path}` : ''}`
    : (first?.path ?? '');
  return sendError(
    c,
    400,
    'INPUT_INVALID',
    `请求参数无效 / invalid request: ${where} ${first?.message ?? ''}`.trim(),
    {
      issues: issues as unknown as JsonValue,
    },
  );
}
