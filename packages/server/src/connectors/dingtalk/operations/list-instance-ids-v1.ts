import type { JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { epochMs, fieldsOf, pageSize, pick, processCodeOf, v1Request } from '../requests.ts';
import { LIST_MAX_AGE_MS } from './instance-schema.ts';

// v1.0 (`api.dingtalk.com`) equivalent (reference §3.2/§4.2/§6.1): HTTP 4xx/5xx errors with `{code, message}`,
// token in the `x-acs-dingtalk-access-token` header (auth injection).

const LIST_PATH = '/v1.0/workflow/processes/instanceIds/query';

function listBody(input: JsonObject, config: JsonObject): JsonObject {
  const fields = fieldsOf(input);
  const body: JsonObject = { maxResults: pageSize(pick(fields, 'maxResults', 'size')), nextToken: 0 };
  const code = processCodeOf(fields, config);
  if (code !== undefined) body.processCode = code;
  const start = epochMs(pick(fields, 'startTime', 'start_time'));
  if (start !== undefined) body.startTime = start;
  const end = epochMs(pick(fields, 'endTime', 'end_time'));
  if (end !== undefined) body.endTime = end;
  for (const key of ['userIds', 'statuses']) {
    const value = fields[key];
    if (Array.isArray(value) && value.length > 0) body[key] = value;
  }
  return body;
}

/** `listInstanceIdsV1`: v1.0 instanceIds/query, `nextToken` paging (0 first, returned as a string), ≤ 20 per page. */
export const listInstanceIdsV1 = defineOperation({
  name: '获取审批实例ID列表（新版） / List approval instance ids (v1.0)',
  description: 'POST /v1.0/workflow/processes/instanceIds/query',
  method: 'POST',
  path: LIST_PATH,
  buildRequest: (context) => v1Request(context, 'POST', LIST_PATH, listBody(context.input, context.config)),
  maxAgeMs: LIST_MAX_AGE_MS,
  pagination: {
    style: 'cursor',
    cursorParam: 'body.nextToken',
    nextCursor: '$number(result.nextToken)',
    items: 'result.list',
    initialCursor: 0,
  },
  inputSchema: {
    type: 'object',
    required: ['startTime'],
    properties: {
      processCode: { type: 'string', title: '审批模板唯一标识' },
      startTime: { type: 'number', title: '审批实例开始时间（毫秒时间戳）' },
      endTime: { type: 'number', title: '审批实例结束时间（毫秒时间戳）' },
      maxResults: { type: 'integer', title: '分页大小', minimum: 1, maximum: 20 },
      userIds: { type: 'array', title: '发起人userId列表', items: { type: 'string' } },
      statuses: {
        type: 'array',
        title: '审批实例状态',
        items: { enum: ['RUNNING', 'TERMINATED', 'COMPLETED'] },
      },
    },
  },
  outputSchema: { type: 'string', title: '审批实例ID' },
});
