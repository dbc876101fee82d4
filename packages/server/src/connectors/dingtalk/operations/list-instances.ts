import { isJsonObject, type JsonValue } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import type { HttpRequest, HttpResponse } from '../../kit/http-transport.ts';
import { decodeLegacyInstance } from '../form-decoding.ts';
import { legacyPost } from '../requests.ts';
import { GET_PATH } from './get-instance.ts';
import { DECODED_INSTANCE_SCHEMA, LEGACY_LIST_INPUT_SCHEMA, LIST_MAX_AGE_MS } from './instance-schema.ts';
import { LISTIDS_PATH, listIdsBody } from './list-instance-ids.ts';

/**
 * The cursor of `listInstances`: ids still to fetch from the last listids page, and the listids
 * cursor after it (null: that page was the last). JSON, so a sync stores it and resumes mid-page.
 */
export interface ListInstancesCursor {
  ids: string[];
  after: number | null;
}

/** Reads a stored cursor (null or malformed: the first listids page). */
export function parseListInstancesCursor(cursor: JsonValue): ListInstancesCursor {
  if (!isJsonObject(cursor)) return { ids: [], after: null };
  const ids = Array.isArray(cursor.ids) ? cursor.ids.filter((x): x is string => typeof x === 'string') : [];
  const after = typeof cursor.after === 'number' ? cursor.after : null;
  return { ids, after };
}

/** Each page is ONE DingTalk call: a listids page (no items, queues its ids) or one instance's detail (one item). */
function applyCursor(request: HttpRequest, cursor: JsonValue): HttpRequest {
  const state = parseListInstancesCursor(cursor);
  const [id] = state.ids;
  if (id !== undefined) {
    return {
      ...request,
      url: request.url.replace(LISTIDS_PATH, GET_PATH),
      body: { process_instance_id: id },
    };
  }
  const body = isJsonObject(request.body) ? request.body : {};
  return { ...request, body: { ...body, cursor: state.after ?? 0 } };
}

function readPage(response: HttpResponse, cursor: JsonValue): { items: JsonValue[]; next: JsonValue } {
  const state = parseListInstancesCursor(cursor);
  const body = isJsonObject(response.body) ? response.body : {};
  const [id, ...rest] = state.ids;
  if (id !== undefined) {
    const item = decodeLegacyInstance(id, body.process_instance);
    return { items: [item], next: nextOf(rest, state.after) };
  }
  const result = isJsonObject(body.result) ? body.result : {};
  const ids = Array.isArray(result.list) ? result.list.map(String) : [];
  const after =
    result.next_cursor === undefined || result.next_cursor === null ? null : Number(result.next_cursor);
  return { items: [], next: nextOf(ids, after !== null && Number.isFinite(after) ? after : null) };
}

function nextOf(ids: string[], after: number | null): JsonValue {
  if (ids.length > 0) return { ids, after };
  return after === null ? null : { ids: [], after };
}

/**
 * `listInstances`: pages listids and fetches each instance's detail, yielding full decoded instances
 * (as `getInstance` returns them) — one sync definition covers both calls. One HTTP call per page, so the
 * per-API rate limit paces it; a listids page yields no items and queues up to 20 ids in the cursor.
 */
export const listInstances = defineOperation({
  name: '获取审批实例列表（含详情） / List approval instances with details',
  description: '先按时间窗口分页获取实例ID（listids），再逐个获取详情（get），输出解码后的完整实例。',
  method: 'POST',
  path: LISTIDS_PATH,
  buildRequest: (context) => legacyPost(context, LISTIDS_PATH, listIdsBody(context.input, context.config)),
  maxAgeMs: LIST_MAX_AGE_MS,
  pagination: { style: 'custom', apply: applyCursor, read: readPage },
  inputSchema: LEGACY_LIST_INPUT_SCHEMA,
  outputSchema: DECODED_INSTANCE_SCHEMA,
});
