import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { bilingual, ERROR_CATALOGUE, type ErrorCode, QiaoError, quoted } from '../errors/index.ts';
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
  return bilingual(ERROR_CATALOGUE[code].zh, ERROR_CATALOGUE[code].en);
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
    const message = error.message
      ? bilingual(`请求无效：${error.message}`, `invalid request: ${error.message}`)
      : bilingual('请求无效', 'invalid request');
    return sendError(c, status, 'INPUT_INVALID', message);
  }
  return sendError(c, 500, 'INTERNAL', catalogueMessage('INTERNAL'));
}

/**
 * The zod validation hook of every route: failures become 400 INPUT_INVALID with the issues, the message
 * naming the first one's parameter in both languages (`参数 from 无效：应为数字… / Invalid parameter from: …`).
 */
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
  const message = invalidInputMessage(result.target, result.error.issues[0]);
  return sendError(c, 400, 'INPUT_INVALID', message, { issues: issues as unknown as JsonValue });
}

/** A zod issue as the validation hook reads it (zod v4's issue fields, all optional here). */
interface InputIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  received?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
  format?: string;
  divisor?: number;
}

const CJK = /[\u3400-\u9fff]/;
const LOCATIONS = new Set(['query', 'param', 'header', 'cookie']);
const TYPE_NAMES: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值',
  object: '对象',
  record: '对象',
  map: '映射',
  set: '集合',
  array: '数组',
  date: '日期',
};

/**
 * The message of an invalid request part, naming the first issue's parameter or body field: the English
 * half is zod's own text, the Chinese half says the same from the issue's code and facts; a schema's own
 * message (already `中文 / English`) is quoted by half.
 */
export function invalidInputMessage(target: string | undefined, issue: InputIssue | undefined): string {
  const name = issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)).join('.') ?? '';
  const said = issue === undefined ? { zh: '', en: '' } : issueText(issue);
  const zhTail = said.zh ? `：${said.zh}` : '';
  const enTail = said.en ? `: ${said.en}` : '';
  if (target !== undefined && LOCATIONS.has(target) && name)
    return bilingual(`参数 ${name} 无效${zhTail}`, `Invalid parameter ${name}${enTail}`);
  if (name)
    return bilingual(`请求体字段 ${name} 无效${zhTail}`, `Invalid request body field ${name}${enTail}`);
  if (target === 'json' || target === 'form')
    return bilingual(`请求体无效${zhTail}`, `Invalid request body${enTail}`);
  return bilingual(`请求参数无效${zhTail}`, `Invalid request${enTail}`);
}

function issueText(issue: InputIssue): { zh: string; en: string } {
  if (CJK.test(issue.message)) return quoted(issue.message);
  return { zh: issueInChinese(issue), en: issue.message };
}

function issueInChinese(issue: InputIssue): string {
  const bound = (value: number | bigint | undefined) => String(value ?? '');
  const sized =
    issue.origin === 'string' ? '长度' : issue.origin === 'array' || issue.origin === 'set' ? '项数' : '';
  switch (issue.code) {
    case 'invalid_type': {
      const known = TYPE_NAMES[issue.expected ?? ''];
      const expected = known ?? ` ${issue.expected ?? ''}`;
      if (issue.received === undefined || issue.received === 'undefined') return `缺少值，应为${expected}`;
      return `应为${expected}，实际为 ${issue.received}`;
    }
    case 'too_small':
      return `${sized}${issue.inclusive === false ? '应大于' : '不能小于'} ${bound(issue.minimum)}`;
    case 'too_big':
      return `${sized}${issue.inclusive === false ? '应小于' : '不能大于'} ${bound(issue.maximum)}`;
    case 'invalid_value':
      return `应为以下之一：${(issue.values ?? []).map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join('、')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? '格式不对' : `不是有效的 ${issue.format ?? ''}`.trim();
    case 'not_multiple_of':
      return `应为 ${issue.divisor ?? ''} 的倍数`;
    case 'unrecognized_keys':
      return `有不认识的键：${(issue.keys ?? []).join('、')}`;
    case 'invalid_union':
      return '不符合任何一种允许的形式';
    default:
      return '值无效';
  }
}
