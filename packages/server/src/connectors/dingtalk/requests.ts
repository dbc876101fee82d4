import type { JsonObject, JsonValue } from '../../json.ts';
import type { OperationContext } from '../kit/connector-declaration.ts';
import type { HttpRequest } from '../kit/http-transport.ts';
import { clampPageSize, pick } from '../kit/input-fields.ts';
import { joinUrl } from '../kit/request-builder.ts';

export { epochMs, fieldsOf, pick } from '../kit/input-fields.ts';

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

/** The process code of a call: the input's, else the connection's `config.processCode`. */
export function processCodeOf(fields: JsonObject, config: JsonObject): JsonValue | undefined {
  return pick(fields, 'process_code', 'processCode') ?? pick(config, 'processCode');
}

/** Clamps a page size to DingTalk's 1..20 (default 20). */
export function pageSize(value: JsonValue | undefined): number {
  return clampPageSize(value, 20);
}
