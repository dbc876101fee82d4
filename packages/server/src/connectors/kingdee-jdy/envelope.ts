import { QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { HttpRequest, OperationContext } from '../kit/index.ts';
import { sessionOf } from './session.ts';

/** The default gateway host (the connection's `config.baseUrl` overrides it, e.g. with the simulator). */
export const JDY_DEFAULT_BASE_URL = 'https://api.kingdee.com';

/** A JDY answer's code and message: family A `{code, msg}`, family B / gateway `{errcode, description}`. */
export interface JdyStatus {
  code: number;
  message: string;
}

/** Reads the status of a JDY body; undefined when the body carries no code (then it is plain data). */
export function statusOf(body: JsonValue): JdyStatus | undefined {
  if (!isJsonObject(body)) return undefined;
  const raw = body.errcode ?? body.code;
  const code =
    typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(code)) return undefined;
  const text = body.description ?? body.msg ?? body.message ?? '';
  return { code, message: typeof text === 'string' ? text : JSON.stringify(text) };
}

/** The system's own error as stored in `error.system`: `{code, msg}` (family A) or `{errcode, description}`. */
export function systemError(body: JsonValue, status?: number): JsonObject {
  const s = statusOf(body);
  const out: JsonObject = status !== undefined && status !== 200 ? { status } : {};
  if (!s) return { ...out, body: typeof body === 'string' ? body.slice(0, 500) : body };
  if (isJsonObject(body) && body.errcode !== undefined)
    return { ...out, errcode: s.code, description: s.message };
  return { ...out, code: s.code, msg: s.message };
}

/** A string setting of the call: the input first, then the connection config; undefined when empty. */
export function settingOf(context: OperationContext, name: string): string | undefined {
  for (const source of [context.input, context.config]) {
    const value = source[name];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number') return String(value);
  }
  return undefined;
}

/**
 * Builds a family-A (`/jdyaccouting`) request: `access_token`, `sId`, `dbId` in the query, each from
 * the input when given (seed 000 passes the previous step's token), else the connection, else the
 * authorization pulled with the token. An input token the system already rejected is replaced by the
 * connection's fresh one, so the retry after a refresh does not send the stale token again.
 */
export function acctRequest(
  context: OperationContext,
  method: 'GET' | 'POST',
  path: string,
  body?: JsonValue,
): HttpRequest {
  const session = context.token ? sessionOf(context.token) : undefined;
  const inputToken = typeof context.input.access_token === 'string' ? context.input.access_token : '';
  const token = inputToken && !isRejectedToken(inputToken) ? inputToken : (context.token ?? '');
  const sId = settingOf(context, 'sId') ?? session?.sId;
  const dbId = settingOf(context, 'dbId') ?? session?.dbId;
  const url = new URL(`${context.baseUrl.replace(/\/+$/, '')}${path}`);
  url.searchParams.set('access_token', token);
  if (sId) url.searchParams.set('sId', sId);
  if (dbId) url.searchParams.set('dbId', dbId);
  const request: HttpRequest = { method, url: url.toString(), headers: {} };
  if (body !== undefined) request.body = body;
  return request;
}

/** Builds a family-B (`/jdy/v2`) request; `app-token` and `X-GW-Router-Addr` are added by the auth. */
export function v2Request(
  context: OperationContext,
  method: 'GET' | 'POST',
  path: string,
  query: Record<string, string | number | undefined> = {},
  body?: JsonValue,
): HttpRequest {
  const url = new URL(`${context.baseUrl.replace(/\/+$/, '')}${path}`);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const request: HttpRequest = { method, url: url.toString(), headers: {} };
  if (body !== undefined) request.body = body;
  return request;
}

const rejected = new Set<string>();
const REJECTED_CAP = 1000;

/** Remembers a token the system rejected (expired / rotated), so an input copy of it is not re-sent. */
export function markRejectedToken(token: string): void {
  if (!token) return;
  if (rejected.size >= REJECTED_CAP) rejected.clear();
  rejected.add(token);
}

/** Whether the system already rejected this token. */
export function isRejectedToken(token: string): boolean {
  return rejected.has(token);
}

/** The voucher of an input: `input.voucher`, `input.record` (batch-of-one), or the input itself. */
export function voucherOf(input: JsonObject): JsonObject {
  const candidate = input.voucher ?? input.record;
  if (isJsonObject(candidate)) return candidate;
  if (candidate !== undefined) {
    throw new QiaoError('INPUT_INVALID', '凭证必须是对象 / the voucher must be an object', {
      details: { voucher: candidate },
    });
  }
  const { access_token: _t, sId: _s, dbId: _d, ...voucher } = input;
  return voucher;
}
