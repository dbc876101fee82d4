import { isJsonObject, type JsonValue } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import type { HttpRequest, HttpResponse } from '../../kit/http-transport.ts';
import { decodeInstance } from '../form-decoding.ts';
import { getRequest, INSTANCES_PATH, instancePath, listQuery } from '../requests.ts';
import { DECODED_INSTANCE_SCHEMA, LIST_INPUT_SCHEMA } from './instance-schema.ts';

/** The cursor of `listInstances`: codes still to fetch, and the page_token after them (null: that page was the last). JSON, so a sync can resume mid-page. */
export interface ListInstancesCursor {
  codes: string[];
  after: string | null;
  started: boolean;
}

/** Reads a stored cursor (null or malformed: the first listing page). */
export function parseListInstancesCursor(cursor: JsonValue): ListInstancesCursor {
  if (!isJsonObject(cursor)) return { codes: [], after: null, started: false };
  const codes = Array.isArray(cursor.codes)
    ? cursor.codes.filter((x): x is string => typeof x === 'string')
    : [];
  return { codes, after: typeof cursor.after === 'string' ? cursor.after : null, started: true };
}

/** Each page is ONE Feishu call: a listing page (no items, queues its codes) or one instance's detail (one item). */
function applyCursor(request: HttpRequest, cursor: JsonValue): HttpRequest {
  const state = parseListInstancesCursor(cursor);
  const url = new URL(request.url);
  const [code] = state.codes;
  if (code !== undefined) {
    const detail = new URL(instancePath(code), url);
    detail.searchParams.set('user_id_type', 'user_id');
    return { ...request, url: detail.toString() };
  }
  if (state.after) url.searchParams.set('page_token', state.after);
  return { ...request, url: url.toString() };
}

function readPage(response: HttpResponse, cursor: JsonValue): { items: JsonValue[]; next: JsonValue } {
  const state = parseListInstancesCursor(cursor);
  const body = isJsonObject(response.body) ? response.body : {};
  const [code, ...rest] = state.codes;
  if (code !== undefined)
    return { items: [decodeInstance(code, body.data)], next: nextOf(rest, state.after) };
  const data = isJsonObject(body.data) ? body.data : {};
  const codes = Array.isArray(data.instance_code_list) ? data.instance_code_list.map(String) : [];
  const after =
    data.has_more === true && typeof data.page_token === 'string' && data.page_token ? data.page_token : null;
  return { items: [], next: nextOf(codes, after) };
}

function nextOf(codes: string[], after: string | null): JsonValue {
  if (codes.length > 0) return { codes, after };
  return after === null ? null : { codes: [], after };
}

/**
 * `listInstances`: pages the instance codes and fetches each detail, yielding decoded instances
 * (as `getInstance` returns them). One HTTP call per page, so the rate limit paces it.
 */
export const listInstances = defineOperation({
  name: '获取审批实例列表（含详情） / List approval instances with details',
  description: '先分页获取审批实例 Code，再逐个获取详情，输出解码后的完整实例。',
  method: 'GET',
  path: INSTANCES_PATH,
  buildRequest: (context) => getRequest(context, INSTANCES_PATH, listQuery(context.input, context.config)),
  pagination: { style: 'custom', apply: applyCursor, read: readPage },
  inputSchema: LIST_INPUT_SCHEMA,
  outputSchema: DECODED_INSTANCE_SCHEMA,
});
