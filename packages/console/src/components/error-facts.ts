import { inLanguage } from '../i18n/bilingual.ts';
import type { Lang } from '../i18n/messages.ts';

/**
 * What a failure means for the run, as the stored error says it (`code`, `kind`, `retryable`):
 * the engine retries temporary, rate-limited, token-expired and uncertain-write failures; the others stay failed.
 */
export type FailureKind =
  | 'temporary'
  | 'rateLimited'
  | 'authExpired'
  | 'credentials'
  | 'uncertain'
  | 'exhausted'
  | 'permanent'
  | 'unexpected';

/** What to do about a failure: one advice per failure kind, and two for codes that need their own. */
export type ErrorHint = FailureKind | 'duplicate' | 'quota';

/** A name and value the target system gave (`errcode` 90018, `MsgCode` 11, `request_id` …). */
export interface NamedValue {
  name: string;
  value: string;
}

/** The target system's own error (`StructuredError.system`): codes, message, per-field messages, reference ids. */
export interface SystemFacts {
  codes: NamedValue[];
  /** The system's message; left out when the error's message already says it. */
  message?: string;
  /** Per-field messages (K3Cloud `Errors[]`), when they add a field name or there are several. */
  items: Array<{ field?: string; message: string }>;
  /** Ids to quote to the system's support or to find the record there (`request_id`, `linkId`). */
  refs: NamedValue[];
}

/** A stored error read for people: everything the console shows at a glance, each part only when the data has it. */
export interface ErrorFacts {
  /** The message in the console's language ('' when the error has none). */
  message: string;
  code?: string;
  failure?: FailureKind;
  hint?: ErrorHint;
  httpStatus?: number;
  attempt?: number;
  retryAfterMs?: number;
  system?: SystemFacts;
  /** Where a mapping or input error happened: the field, the expression, the source value (as JSON). */
  where?: { field?: string; expression?: string; value?: string };
  /** The last error behind RUN_RETRIES_EXHAUSTED. */
  last?: { code?: string; failure?: FailureKind };
}

type Obj = Record<string, unknown>;

const SYSTEM_CODES = ['errcode', 'sub_code', 'code', 'MsgCode', 'ErrorCode', 'error_code', 'errorCode'];
const SYSTEM_MESSAGES = [
  'sub_msg',
  'errmsg',
  'msg',
  'message',
  'Message',
  'description',
  'error_description',
  'error',
  'body',
];
const SYSTEM_REFS = [
  'linkId',
  'request_id',
  'requestid',
  'requestId',
  'log_id',
  'logId',
  'trace_id',
  'traceId',
];

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or a finite number as text. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** The failure kind the error's own fields state; undefined when they state none (or for a cancelled run). */
export function failureOf(error: Obj): FailureKind | undefined {
  const { code, kind, retryable } = error;
  if (code === 'RUN_CANCELLED') return undefined;
  if (code === 'RUN_RETRIES_EXHAUSTED') return 'exhausted';
  if (code === 'CONNECTOR_RATE_LIMITED') return 'rateLimited';
  if (code === 'CONNECTOR_AUTH_EXPIRED' || kind === 'auth-expired') return 'authExpired';
  if (code === 'CONNECTOR_AUTH_FAILED') return 'credentials';
  if (code === 'CONNECTOR_UNCERTAIN_WRITE') return 'uncertain';
  if (kind === 'unexpected') return 'unexpected';
  if (retryable === true || kind === 'operational') return 'temporary';
  if (retryable === false || kind === 'user') return 'permanent';
  return undefined;
}

function hintOf(code: string | undefined, failure: FailureKind | undefined): ErrorHint | undefined {
  if (code === 'CONNECTOR_DUPLICATE') return 'duplicate';
  if (code === 'CONNECTOR_QUOTA_EXCEEDED') return 'quota';
  return failure;
}

function named(source: Obj, names: string[]): NamedValue[] {
  return names.flatMap((name) => {
    const value = text(source[name]);
    return value === undefined ? [] : [{ name, value }];
  });
}

function firstText(source: Obj, names: string[]): string | undefined {
  for (const name of names) {
    const value = text(source[name]);
    if (value !== undefined && typeof source[name] === 'string') return value;
  }
  return undefined;
}

function itemsOf(system: Obj): Array<{ field?: string; message: string }> {
  const list = Array.isArray(system.Errors)
    ? system.Errors
    : Array.isArray(system.errors)
      ? system.errors
      : [];
  return list.flatMap((item) => {
    if (!isObj(item)) return [];
    const message = firstText(item, ['Message', 'message', 'msg']);
    if (message === undefined) return [];
    const field = firstText(item, ['FieldName', 'fieldName', 'field']);
    return [field === undefined ? { message } : { field, message }];
  });
}

function contains(headline: string, part: string): boolean {
  return headline.includes(part.trim());
}

/** The target system's error as people read it; the HTTP status is returned apart. */
export function systemFacts(system: unknown, headline: string): { facts?: SystemFacts; httpStatus?: number } {
  if (!isObj(system)) return {};
  const status = count(system.status);
  const httpStatus = status !== undefined && status >= 100 && status < 600 ? status : undefined;
  const codes = named(system, SYSTEM_CODES);
  const refs = [
    ...named(system, SYSTEM_REFS),
    ...(isObj(system.error) ? named(system.error, SYSTEM_REFS) : []),
  ];
  let items = itemsOf(system);
  const single = items.length === 1 && items[0]?.field === undefined ? items[0] : undefined;
  if (single && contains(headline, single.message)) items = [];
  let message = firstText(system, SYSTEM_MESSAGES);
  if (message !== undefined && (contains(headline, message) || items.length > 0)) message = undefined;
  const facts: SystemFacts = { codes, items, refs };
  if (message !== undefined) facts.message = message;
  const empty = codes.length === 0 && items.length === 0 && refs.length === 0 && message === undefined;
  return { ...(empty ? {} : { facts }), ...(httpStatus === undefined ? {} : { httpStatus }) };
}

function whereOf(details: unknown): ErrorFacts['where'] {
  if (!isObj(details)) return undefined;
  const fields = Array.isArray(details.fields) ? details.fields.filter((f) => typeof f === 'string') : [];
  const field = text(details.field) ?? (fields.length ? fields.join(', ') : undefined);
  const expression = text(details.expression);
  const source = details.sourceValue;
  const value = source === undefined || source === null ? undefined : JSON.stringify(source);
  if (field === undefined && expression === undefined && value === undefined) return undefined;
  return {
    ...(field === undefined ? {} : { field }),
    ...(expression === undefined ? {} : { expression }),
    ...(value === undefined ? {} : { value }),
  };
}

function structured(value: unknown): Obj | undefined {
  if (!isObj(value)) return undefined;
  if (typeof value.message === 'string' || typeof value.code === 'string') return value;
  // An API answer wraps its error: `{error: {code, message}}`.
  return isObj(value.error) ? structured(value.error) : undefined;
}

/**
 * Reads a stored error (`{code, kind, message, retryable, attempt?, retryAfterMs?, system?, details?}`, a
 * diagnostic, an API error or a plain message) into {@link ErrorFacts} in `lang`; null for a shape it does not
 * know, which the console then shows as JSON.
 */
export function errorFacts(value: unknown, lang: Lang): ErrorFacts | null {
  if (typeof value === 'string') return value.trim() === '' ? null : { message: inLanguage(value, lang) };
  const error = structured(value);
  if (!error) return null;
  const code = text(error.code);
  const failure = failureOf(error);
  const last =
    code === 'RUN_RETRIES_EXHAUSTED' && isObj(error.details) ? structured(error.details.last) : undefined;
  // "重试 3 次后仍失败：<the last message>" cannot be cut by language; the last error's own message can.
  const raw = typeof last?.message === 'string' ? last.message : error.message;
  const message = typeof raw === 'string' ? inLanguage(raw, lang).trim() : '';
  const out: ErrorFacts = { message };
  if (code !== undefined) out.code = code;
  if (failure !== undefined) out.failure = failure;
  const hint = hintOf(code, failure);
  if (hint !== undefined) out.hint = hint;
  const { facts, httpStatus } = systemFacts(error.system ?? last?.system, message);
  if (facts) out.system = facts;
  if (httpStatus !== undefined) out.httpStatus = httpStatus;
  const attempt = count(error.attempt);
  if (attempt !== undefined && attempt > 0) out.attempt = attempt;
  const retryAfterMs = count(error.retryAfterMs) ?? count(last?.retryAfterMs);
  if (retryAfterMs !== undefined) out.retryAfterMs = retryAfterMs;
  const where = whereOf(error.details) ?? whereOf(last?.details);
  if (where) out.where = where;
  if (last) {
    const lastCode = text(last.code);
    const lastFailure = failureOf(last);
    out.last = {
      ...(lastCode === undefined ? {} : { code: lastCode }),
      ...(lastFailure === undefined ? {} : { failure: lastFailure }),
    };
  }
  return out;
}

/** A wait in the unit people read it in: ms under a second, seconds under two minutes, else minutes. */
export function waitOf(ms: number): { n: number; unit: 'ms' | 's' | 'min' } {
  if (ms < 1000) return { n: Math.round(ms), unit: 'ms' };
  if (ms < 120_000) return { n: Math.round(ms / 100) / 10, unit: 's' };
  return { n: Math.round(ms / 60_000), unit: 'min' };
}
