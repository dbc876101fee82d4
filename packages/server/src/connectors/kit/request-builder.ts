import { bilingual, QiaoError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { isJsonObject } from '../../json.ts';
import type { OperationContext, OperationDeclaration } from './connector-declaration.ts';
import { renderTemplate, renderText } from './expressions.ts';
import type { HttpRequest } from './http-transport.ts';

/** Joins a base URL and a path; an absolute path (http/https URL) is kept as is. */
export function joinUrl(baseUrl: string, path: string): string {
  if (isAbsoluteHttpUrl(path)) return path;
  if (!baseUrl) {
    throw new QiaoError(
      'DEFINITION_INVALID',
      bilingual(`缺少 baseUrl，无法调用相对路径 "${path}"`, `no baseUrl for the relative path "${path}"`),
    );
  }
  if (!path) return baseUrl;
  // Without regular expressions: every built-in call joins one (a base without and a path with one slash).
  let end = baseUrl.length;
  while (end > 0 && baseUrl.charCodeAt(end - 1) === SLASH) end--;
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === SLASH) start++;
  return `${end === baseUrl.length ? baseUrl : baseUrl.slice(0, end)}/${start === 0 ? path : path.slice(start)}`;
}

const SLASH = 47;

/** Whether a path starts with `http://` or `https://` (any case). */
function isAbsoluteHttpUrl(path: string): boolean {
  const c = path.charCodeAt(0);
  if (c !== 104 && c !== 72) return false;
  return /^https?:\/\//i.test(path);
}

/**
 * Builds an operation's request: its code hook (returned as it returns it — a synchronous hook costs
 * no promise), or its templates rendered over `{ input, config, secrets, token }`.
 */
export function buildDeclaredRequest(
  op: OperationDeclaration,
  context: OperationContext,
): HttpRequest | Promise<HttpRequest> {
  if (op.buildRequest) return op.buildRequest(context);
  return renderDeclaredRequest(op, context);
}

async function renderDeclaredRequest(
  op: OperationDeclaration,
  context: OperationContext,
): Promise<HttpRequest> {
  const scope = {
    input: context.input,
    config: context.config,
    secrets: context.secrets,
    token: context.token,
  };
  const method = op.method ?? 'GET';
  const url = new URL(joinUrl(context.baseUrl, await renderText(op.path ?? '', scope)));
  if (op.query) {
    const query = await renderTemplate(op.query, scope);
    if (isJsonObject(query)) for (const [key, value] of Object.entries(query)) appendQuery(url, key, value);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(op.headers ?? {})) {
    const text = await renderText(value, scope);
    if (text !== '') headers[name] = text;
  }
  const request: HttpRequest = { method, url: url.toString(), headers };
  if (op.body !== undefined) {
    const body = await renderTemplate(op.body, scope);
    if (body !== undefined) request.body = body;
  }
  return request;
}

function appendQuery(url: URL, key: string, value: JsonValue | undefined): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) for (const item of value) appendQuery(url, key, item);
  else url.searchParams.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/**
 * Puts a value at a parameter location: `query.name`, `headers.name`, `body.a.b` (or `body` for the
 * whole body); without a prefix the query for GET and the body otherwise. Returns a new request.
 */
export function setParam(request: HttpRequest, param: string, value: JsonValue): HttpRequest {
  const [head, ...rest] = param.split('.');
  const where = head === 'query' || head === 'body' || head === 'headers' ? head : undefined;
  const path = where ? rest : param.split('.');
  const target = where ?? (request.method === 'GET' ? 'query' : 'body');
  if (target === 'query') {
    const name = path.join('.');
    return {
      ...request,
      url: withQueryParam(request.url, name, typeof value === 'string' ? value : JSON.stringify(value)),
    };
  }
  if (target === 'headers') {
    return {
      ...request,
      headers: {
        ...request.headers,
        [path.join('.')]: typeof value === 'string' ? value : JSON.stringify(value),
      },
    };
  }
  if (path.length === 0) return { ...request, body: value };
  return { ...request, body: setPath(isJsonObject(request.body) ? request.body : {}, path, value) };
}

function setPath(object: JsonObject, path: string[], value: JsonValue): JsonObject {
  const [key, ...rest] = path;
  if (key === undefined) return object;
  if (rest.length === 0) return { ...object, [key]: value };
  const child = object[key];
  return { ...object, [key]: setPath(isJsonObject(child) ? child : {}, rest, value) };
}

/** Characters `application/x-www-form-urlencoded` leaves as they are. */
const FORM_SAFE = /^[A-Za-z0-9*._-]*$/;

/**
 * The URL with query parameter `name` set to `value` (replacing any earlier value), as
 * `URL.searchParams.set` would; a plain case (no fragment, the name not yet present, form-safe
 * text) appends to the string without parsing the URL.
 */
export function withQueryParam(url: string, name: string, value: string): string {
  if (FORM_SAFE.test(name) && FORM_SAFE.test(value) && !url.includes('#')) {
    const query = url.indexOf('?');
    if (query < 0) return `${url}?${name}=${value}`;
    if (!url.includes(`?${name}=`, query) && !url.includes(`&${name}=`, query)) {
      const last = url.charCodeAt(url.length - 1);
      return `${url}${last === 63 || last === 38 ? '' : '&'}${name}=${value}`;
    }
  }
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}
