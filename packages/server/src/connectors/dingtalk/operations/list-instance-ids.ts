import type { JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { epochMs, fieldsOf, legacyPost, pageSize, pick, processCodeOf } from '../requests.ts';
import { LEGACY_LIST_INPUT_SCHEMA, LIST_MAX_AGE_MS } from './instance-schema.ts';

/** Path of the legacy listing API (reference §3.1). */
export const LISTIDS_PATH = '/topapi/processinstance/listids';

/** The listids body of an input (process code from the input or the connection; cursor set by pagination). */
export function listIdsBody(input: JsonObject, config: JsonObject): JsonObject {
  const fields = fieldsOf(input);
  const body: JsonObject = { size: pageSize(fields.size), cursor: 0 };
  const code = processCodeOf(fields, config);
  if (code !== undefined) body.process_code = code;
  const start = epochMs(pick(fields, 'start_time', 'startTime'));
  if (start !== undefined) body.start_time = start;
  const end = epochMs(pick(fields, 'end_time', 'endTime'));
  if (end !== undefined) body.end_time = end;
  const users = pick(fields, 'userid_list', 'userIds');
  if (users !== undefined) body.userid_list = Array.isArray(users) ? users.join(',') : String(users);
  return body;
}

/** `listInstanceIds`: pages approval instance ids of a process created in [start_time, end_time] (≤ 20 per page). */
export const listInstanceIds = defineOperation({
  name: '获取审批实例ID列表 / List approval instance ids',
  description: 'topapi/processinstance/listids：按时间窗口分页获取审批实例ID（每页最多20条，游标分页）。',
  method: 'POST',
  path: LISTIDS_PATH,
  buildRequest: (context) => legacyPost(context, LISTIDS_PATH, listIdsBody(context.input, context.config)),
  maxAgeMs: LIST_MAX_AGE_MS,
  pagination: {
    style: 'cursor',
    cursorParam: 'body.cursor',
    nextCursor: 'result.next_cursor',
    items: 'result.list',
    initialCursor: 0,
  },
  inputSchema: LEGACY_LIST_INPUT_SCHEMA,
  outputSchema: { type: 'string', title: '审批实例ID' },
  sample: ['8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e'],
});
