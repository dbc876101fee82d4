import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { HttpRequest, OperationContext } from '../kit/index.ts';
import { joinUrl } from '../kit/index.ts';

/** The namespace of every K3Cloud WebAPI service (reference §1). */
const SERVICE_PREFIX = 'Kingdee.BOS.WebApi.ServicesStub';

/** The form written when the input names none (seed 001 writes payment bills). */
export const DEFAULT_FORM_ID = 'AP_PAYBILL';

/** One `Errors[]` / `SuccessEntitys[]` item of a ResponseStatus. */
export interface K3Message {
  FieldName: string | null;
  Message: string;
  DIndex: number;
}

/** One `SuccessEntitys[]` item: the saved bill's internal id and number. */
export interface K3Entity {
  Id: string;
  Number: string;
  DIndex: number;
}

/** `Result.ResponseStatus`, normalised (IsSuccess may arrive as the string "false"). */
export interface K3ResponseStatus {
  IsSuccess: boolean;
  MsgCode: number;
  ErrorCode: number | null;
  Errors: K3Message[];
  SuccessEntitys: K3Entity[];
  /** The raw object, kept as the system's own error. */
  raw: JsonObject;
}

/** The URL of `{ServiceName}.common.kdsvc` under the connection's `…/K3Cloud/` base. */
export function serviceUrl(
  baseUrl: string,
  service: 'AuthService' | 'DynamicFormService',
  op: string,
): string {
  return joinUrl(baseUrl, `${SERVICE_PREFIX}.${service}.${op}.common.kdsvc`);
}

/** A POST to `DynamicFormService.{op}` with a named-envelope JSON body. */
export function dynamicFormRequest(context: OperationContext, op: string, body: JsonObject): HttpRequest {
  return {
    method: 'POST',
    url: serviceUrl(context.baseUrl, 'DynamicFormService', op),
    headers: {},
    body,
  };
}

/** The input's `FormId` (default AP_PAYBILL). */
export function formIdOf(input: JsonObject): string {
  const formId = input.FormId ?? input.formId;
  return typeof formId === 'string' && formId !== '' ? formId : DEFAULT_FORM_ID;
}

/** Copies the named keys that are present in `input` (the K3Cloud `data` parameters of an operation). */
export function pickParams(input: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) {
    const value = input[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

function toNumber(value: JsonValue | undefined): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? null : n;
}

function messages(list: JsonValue | undefined): K3Message[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).map((e) => ({
    FieldName: typeof e.FieldName === 'string' ? e.FieldName : null,
    Message: typeof e.Message === 'string' ? e.Message : JSON.stringify(e.Message ?? null),
    DIndex: toNumber(e.DIndex) ?? 0,
  }));
}

function entities(list: JsonValue | undefined): K3Entity[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isJsonObject).map((e) => ({
    Id: e.Id === undefined || e.Id === null ? '' : String(e.Id),
    Number: e.Number === undefined || e.Number === null ? '' : String(e.Number),
    DIndex: toNumber(e.DIndex) ?? 0,
  }));
}

/**
 * The ResponseStatus of a K3Cloud answer: `{"Result":{"ResponseStatus":…}}` for writes and View, or
 * nested `[[{"Result":…}]]` for ExecuteBillQuery errors (reference §3, §6); undefined when there is none.
 */
export function responseStatusOf(body: JsonValue): K3ResponseStatus | undefined {
  const raw = rawResponseStatusOf(body);
  if (raw === undefined) return undefined;
  return {
    IsSuccess: isSuccessFlag(raw),
    MsgCode: toNumber(raw.MsgCode) ?? 0,
    ErrorCode: toNumber(raw.ErrorCode),
    Errors: messages(raw.Errors),
    SuccessEntitys: entities(raw.SuccessEntitys),
    raw,
  };
}

/** The raw `Result.ResponseStatus` object of an answer (see {@link responseStatusOf}); undefined when there is none. */
export function rawResponseStatusOf(body: JsonValue): JsonObject | undefined {
  const holder = Array.isArray(body) && Array.isArray(body[0]) ? body[0][0] : body;
  if (!isJsonObject(holder) || !isJsonObject(holder.Result)) return undefined;
  const raw = holder.Result.ResponseStatus;
  return isJsonObject(raw) ? raw : undefined;
}

/** Whether a raw ResponseStatus says success (`IsSuccess` true, or the string "true" in any case). */
export function isSuccessFlag(raw: JsonObject): boolean {
  return raw.IsSuccess === true || String(raw.IsSuccess).toLowerCase() === 'true';
}

/** The system's own error as kept in `error.system`: MsgCode, ErrorCode and the error messages. */
export function systemErrorOf(status: K3ResponseStatus, errors = status.Errors): JsonObject {
  const out: JsonObject = {
    MsgCode: status.MsgCode,
    Errors: errors.map((e) => ({ FieldName: e.FieldName, Message: e.Message, DIndex: e.DIndex })),
  };
  if (status.ErrorCode !== null) out.ErrorCode = status.ErrorCode;
  if (status.SuccessEntitys.length > 0)
    out.SuccessEntitys = status.SuccessEntitys.map((e) => ({ Id: e.Id, Number: e.Number, DIndex: e.DIndex }));
  return out;
}

/** The errors' messages joined for people (`；`), or a fallback when the system gave none. */
export function messageText(errors: K3Message[], fallback: string): string {
  const text = errors
    .map((e) => e.Message)
    .filter(Boolean)
    .join('；');
  return text === '' ? fallback : text;
}
