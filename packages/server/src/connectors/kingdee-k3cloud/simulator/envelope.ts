import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import type { K3Error } from './pay-bill-build.ts';

/** The text every client matches for a lost session, a missing login or a bad signature. */
export const SESSION_LOST_MESSAGE = '会话信息已丢失，请重新登录';

/** A request body read from any of the accepted envelopes (reference §1.1). */
export interface K3Request {
  /** `formid` / `FormId` (named form), `parameters[0]` (positional), or `data.FormId` (queries). */
  formId: string;
  /** `data` (object or JSON string), or the last positional parameter parsed. */
  data: JsonObject;
  /** Positional `parameters`, when sent. */
  parameters: JsonValue[] | null;
}

/** A body that could not be read: answered as a parameter error (MsgCode 8). */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
}

function asObject(value: JsonValue | undefined): JsonObject {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new EnvelopeError('data 参数不是有效的 JSON');
    }
    if (!isJsonObject(parsed)) throw new EnvelopeError('data 参数必须是 JSON 对象');
    return parsed;
  }
  if (!isJsonObject(value)) throw new EnvelopeError('data 参数必须是 JSON 对象');
  return value;
}

/** Reads a key case-insensitively. */
function get(source: JsonObject, key: string): JsonValue | undefined {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(source)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Reads a request body in the named, positional or legacy-wrapper form. */
export function parseEnvelope(body: unknown): K3Request {
  if (!isJsonObject(body)) throw new EnvelopeError('请求体必须是 JSON 对象');
  const parameters = get(body, 'parameters');
  if (Array.isArray(parameters)) {
    const last = parameters[parameters.length - 1];
    const data =
      parameters.length >= 2 && typeof parameters[0] === 'string' ? asObject(last) : asObject(parameters[0]);
    const formId =
      parameters.length >= 2 && typeof parameters[0] === 'string'
        ? parameters[0]
        : String(get(data, 'FormId') ?? '');
    return { formId, data, parameters };
  }
  const data = asObject(get(body, 'data'));
  const formId = get(body, 'formid') ?? get(data, 'FormId') ?? '';
  return { formId: String(formId), data, parameters: null };
}

/** Reads a login body: named keys, or positional plain values (not a JSON document). */
export function parseLoginEnvelope(body: unknown): { named: JsonObject; parameters: JsonValue[] | null } {
  if (!isJsonObject(body)) throw new EnvelopeError('请求体必须是 JSON 对象');
  const parameters = get(body, 'parameters');
  return Array.isArray(parameters) ? { named: {}, parameters } : { named: body, parameters: null };
}

/** Reads a boolean parameter that templates send as `true` or `"true"`. */
export function flag(data: JsonObject, key: string, fallback: boolean): boolean {
  const value = get(data, key);
  if (value === undefined || value === null || value === '') return fallback;
  return value === true || String(value).toLowerCase() === 'true';
}

/** Reads a parameter case-insensitively. */
export function param(data: JsonObject, key: string): JsonValue | undefined {
  return get(data, key);
}

/** A K3 error with its package index, as in `Errors[]`. */
export interface IndexedError extends K3Error {
  DIndex: number;
}

/** A successful package, as in `SuccessEntitys[]`. */
export interface SuccessEntity {
  Id: number;
  Number: string;
  DIndex: number;
}

/** The ResponseStatus object: failure when any error is present. */
export function responseStatus(errors: IndexedError[], successes: SuccessEntity[]): JsonObject {
  const status: JsonObject = {
    IsSuccess: errors.length === 0,
    Errors: errors.map((e) => ({ FieldName: e.FieldName, Message: e.Message, DIndex: e.DIndex })),
    SuccessEntitys: successes.map((s) => ({ ...s })),
    SuccessMessages: [],
    MsgCode: errors[0]?.MsgCode ?? 0,
  };
  return errors.length === 0 ? status : { ErrorCode: 500, ...status };
}

/** A whole-request failure `{"Result":{"ResponseStatus":…}}` with one error. */
export function failureBody(message: string, msgCode: number, fieldName: string | null = null): JsonObject {
  return {
    Result: {
      ResponseStatus: responseStatus(
        [{ FieldName: fieldName, Message: message, MsgCode: msgCode, DIndex: 0 }],
        [],
      ),
    },
  };
}

/** The session-lost body (MsgCode 1). */
export function sessionLostBody(): JsonObject {
  return failureBody(SESSION_LOST_MESSAGE, 1);
}

/** Wraps an error body the way ExecuteBillQuery/BillQuery return errors: `[[{"Result":…}]]`. */
export function nestedForQuery(body: JsonObject): JsonValue {
  return [[body]];
}
