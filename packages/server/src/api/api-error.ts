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

/** The refusal of a request body's content type. */
function unsupportedMediaType(contentType: string | undefined): string {
  const type = contentType ?? 'none';
  return bilingual(`不支持的请求体类型：${type}`, `unsupported media type: ${type}`);
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
      return sendError(c, 415, 'INPUT_INVALID', unsupportedMediaType(c.req.header('content-type')));
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
 * The zod validation hook of every route: failures become 400 INPUT_INVALID with the issues (each message
 * `中文 / English`), the message naming the first one's parameter in both languages
 * (`参数 limit 无效："abc" 不是数字 / Invalid parameter limit: "abc" is not a number`). `data` is what the
 * request held (zod-validator passes it), to tell a missing value from one of the wrong type.
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string; data?: unknown },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const issues = result.error.issues.map((issue) => {
    const said = issueText(issue, result.data, result.target);
    return {
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)).join('.'),
      code: issue.code,
      message: bilingual(said.zh, said.en),
    };
  });
  const message = invalidInputMessage(result.target, result.error.issues[0], result.data);
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
/** Zod's type names in each language. */
const TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  string: { zh: '字符串', en: 'a string' },
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'an integer' },
  bigint: { zh: '整数', en: 'an integer' },
  boolean: { zh: '布尔值', en: 'a boolean' },
  object: { zh: '对象', en: 'an object' },
  record: { zh: '对象', en: 'an object' },
  map: { zh: '映射', en: 'a map' },
  set: { zh: '集合', en: 'a set' },
  array: { zh: '数组', en: 'an array' },
  date: { zh: '日期', en: 'a date' },
};

/** The longest text of a request an error message quotes. */
const QUOTE_LIMIT = 60;

/**
 * The message of an invalid request part, naming the first issue's parameter or body field: the English
 * half is zod's own text, the Chinese half says the same from the issue's code and facts; a schema's own
 * message (already `中文 / English`) is quoted by half.
 */
export function invalidInputMessage(
  target: string | undefined,
  issue: InputIssue | undefined,
  data?: unknown,
): string {
  const name = issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)).join('.') ?? '';
  const said = issue === undefined ? { zh: '', en: '' } : issueText(issue, data, target);
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

/**
 * An issue in each language: a schema's own `中文 / English` message by half; a value of the wrong type
 * or a missing one from what the request held (`data`); anything else zod's English and its Chinese.
 */
function issueText(issue: InputIssue, data?: unknown, target?: string): { zh: string; en: string } {
  if (CJK.test(issue.message)) return quoted(issue.message);
  if (issue.code === 'invalid_type')
    return wrongType(issue, data, target !== undefined && LOCATIONS.has(target));
  return { zh: issueInChinese(issue), en: issue.message };
}

/** What zod v4 says it received (`…, received NaN`), when it says so: without `data`, the one clue left. */
function receivedOf(issue: InputIssue): string | undefined {
  return issue.received ?? /received (\S+)$/.exec(issue.message)?.[1];
}

/**
 * A value of the wrong type, or none: `缺少值，应为数组 / missing: expected an array`; the text of a query
 * (`inText`: a parameter, a header — always text, coerced by zod) that is no number `"abc" 不是数字 /
 * "abc" is not a number` (zod says NaN); else what it is instead.
 */
function wrongType(issue: InputIssue, data: unknown, inText: boolean): { zh: string; en: string } {
  const expected = issue.expected ?? '';
  const type = TYPE_NAMES[expected] ?? { zh: ` ${expected}`, en: expected };
  const found = data === undefined ? { known: false as const } : valueAt(data, issue.path);
  const received = receivedOf(issue);
  const missing = found.known
    ? found.value === undefined
    : received === undefined || received === 'undefined';
  if (missing) return { zh: `缺少值，应为${type.zh}`, en: `missing: expected ${type.en}` };
  if (found.known) {
    const { value } = found;
    const numeric = ['number', 'int', 'bigint'].includes(expected);
    if (typeof value === 'string' && numeric && (inText || received === 'NaN')) {
      const shown = quoteText(value);
      return { zh: `${shown} 不是${type.zh}`, en: `${shown} is not ${type.en}` };
    }
    const actual = describeValue(value);
    return { zh: `应为${type.zh}，实际为${actual.zh}`, en: `expected ${type.en}, got ${actual.en}` };
  }
  if (received === 'NaN') return { zh: `不是${type.zh}`, en: `not ${type.en}` };
  return { zh: `应为${type.zh}，实际为 ${received}`, en: `expected ${type.en}, got ${received}` };
}

/** The value at an issue's path of what the request held; `known` false when the path leads nowhere readable. */
function valueAt(data: unknown, path: PropertyKey[]): { known: true; value: unknown } | { known: false } {
  let node = data;
  for (const segment of path) {
    if (node === undefined) return { known: true, value: undefined };
    if (node === null || typeof node !== 'object' || typeof segment === 'symbol') return { known: false };
    node = (node as Record<string | number, unknown>)[segment];
  }
  return { known: true, value: node };
}

/** A text of the request as a message quotes it: JSON-quoted, cut with an ellipsis. */
function quoteText(text: string): string {
  return text.length <= QUOTE_LIMIT ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, QUOTE_LIMIT))}…`;
}

/** What a value of a request is, in each language. */
function describeValue(value: unknown): { zh: string; en: string } {
  if (value === null) return { zh: ' null', en: 'null' };
  if (Array.isArray(value)) return { zh: '数组', en: 'an array' };
  if (typeof value === 'string')
    return { zh: `字符串 ${quoteText(value)}`, en: `the string ${quoteText(value)}` };
  if (typeof value === 'number') return { zh: `数字 ${value}`, en: `the number ${value}` };
  if (typeof value === 'boolean') return { zh: `布尔值 ${value}`, en: `the boolean ${value}` };
  if (typeof value === 'object') return { zh: '对象', en: 'an object' };
  return { zh: ` ${typeof value}`, en: typeof value };
}

function issueInChinese(issue: InputIssue): string {
  const bound = (value: number | bigint | undefined) => String(value ?? '');
  const sized =
    issue.origin === 'string' ? '长度' : issue.origin === 'array' || issue.origin === 'set' ? '项数' : '';
  switch (issue.code) {
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
