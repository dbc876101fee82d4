import type { JsonValue } from '../../json.ts';
import type { OperationContext, PaginationDeclaration } from './connector-declaration.ts';
import { evaluateExpression } from './expressions.ts';
import type { Page } from './gateway.ts';
import type { HttpRequest, HttpResponse } from './http-transport.ts';
import { setParam } from './request-builder.ts';

/** Puts the page cursor into a request (cursor null: the first page). */
export function applyCursor(
  pagination: PaginationDeclaration,
  request: HttpRequest,
  cursor: JsonValue,
): HttpRequest {
  switch (pagination.style) {
    case 'custom':
      return pagination.apply(request, cursor);
    case 'cursor': {
      const value = cursor ?? pagination.initialCursor ?? null;
      return value === null ? request : setParam(request, pagination.cursorParam, value);
    }
    case 'page': {
      const withPage = setParam(request, pagination.pageParam, cursor ?? pagination.firstPage ?? 1);
      return pagination.sizeParam && pagination.size
        ? setParam(withPage, pagination.sizeParam, pagination.size)
        : withPage;
    }
    case 'offset':
      return setParam(
        setParam(request, pagination.offsetParam, cursor ?? 0),
        pagination.limitParam,
        pagination.limit,
      );
    case 'nextLink': {
      if (typeof cursor !== 'string' || cursor === '') return request;
      return { method: 'GET', url: new URL(cursor, request.url).toString(), headers: request.headers };
    }
  }
}

/** Reads a page's items and the next cursor (null at the end) from a response. */
export async function readPage(
  pagination: PaginationDeclaration,
  response: HttpResponse,
  cursor: JsonValue,
  context?: OperationContext,
): Promise<Page> {
  if (pagination.style === 'custom') return pagination.read(response, cursor, context);
  const bindings = { status: response.status, headers: response.headers };
  const raw = await evaluateExpression(pagination.items, response.body, bindings);
  const items = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return { items, next: await nextCursor(pagination, response, cursor, items, bindings) };
}

async function nextCursor(
  pagination: Exclude<PaginationDeclaration, { style: 'custom' }>,
  response: HttpResponse,
  cursor: JsonValue,
  items: JsonValue[],
  bindings: Record<string, unknown>,
): Promise<JsonValue> {
  switch (pagination.style) {
    case 'cursor': {
      const next = await evaluateExpression(pagination.nextCursor, response.body, bindings);
      const ended = next === undefined || next === null || next === '' || next === false;
      // A cursor that does not move would loop forever.
      return ended || JSON.stringify(next) === JSON.stringify(cursor) ? null : next;
    }
    case 'page': {
      const first = pagination.firstPage ?? 1;
      const current = typeof cursor === 'number' ? cursor : first;
      if (items.length === 0) return null;
      if (pagination.totalPages) {
        const total = Number(await evaluateExpression(pagination.totalPages, response.body, bindings));
        if (Number.isFinite(total)) return current - first + 1 < total ? current + 1 : null;
      }
      return pagination.size !== undefined && items.length < pagination.size ? null : current + 1;
    }
    case 'offset': {
      const offset = typeof cursor === 'number' ? cursor : 0;
      return items.length < pagination.limit ? null : offset + items.length;
    }
    case 'nextLink': {
      const link = await evaluateExpression(pagination.nextLink, response.body, bindings);
      return typeof link === 'string' && link !== '' && link !== cursor ? link : null;
    }
  }
}
