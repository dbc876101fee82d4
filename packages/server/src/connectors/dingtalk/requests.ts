import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { OperationContext } from '../kit/connector-declaration.ts';
import type { HttpRequest } from '../kit/http-transport.ts';
import { joinUrl } from '../kit/request-builder.ts';

/** The v1.0 host of a connection: `config.apiBaseUrl`, else the legacy `baseUrl` (the simulator serves both). */
export function apiBaseOf(context: { config: JsonObject; baseUrl: string }): string {
  const api = context.config.apiBaseUrl;
  return typeof api === 'string' && api !== '' ? api : context.baseUrl;
}

/** A legacy `oapi` POST with a JSON body (the token goes into `?access_token=` by auth injection). */
export function legacyPost(context: OperationContext, path: string, body: JsonObject): HttpRequest {
  return { method: 'POST', url: joinUrl(context.baseUrl, path), headers: {}, body };
}

/** A v1.0 `api` request (the token goes into the `x-acs-dingtalk-access-token` header by auth injection). */
export function v1Request(
  context: OperationContext,
  method: 'GET' | 'POST',
  path: string,
  body?: JsonObject,
): HttpRequest {
  const request: HttpRequest = { method, url: joinUrl(apiBaseOf(context), path), headers: {} };
  if (body !== undefined) request.body = body;
  return request;
}

/** The operation's input merged with `input.record` (a batch-write record arrives there). */
export function fieldsOf(input: JsonObject): JsonObject {
  const { record, ...rest } = input;
  return isJsonObject(record) ? { ...rest, ...record } : rest;
}

/** The first present value of `keys` in `fields` (input names in either case style). */
export function pick(fields: JsonObject, ...keys: string[]): JsonValue | undefined {
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** The process code of a call: the input's, else the connection's `config.processCode`. */
export function processCodeOf(fields: JsonObject, config: JsonObject): JsonValue | undefined {
  return pick(fields, 'process_code', 'processCode') ?? pick(config, 'processCode');
}

/** An epoch-ms number from a number, a digit string or an ISO date; undefined otherwise. */
export function epochMs(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Clamps a page size to DingTalk's 1..20 (default 20). */
export function pageSize(value: JsonValue | undefined): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n >= 1 ? Math.min(20, Math.floor(n)) : 20;
}
