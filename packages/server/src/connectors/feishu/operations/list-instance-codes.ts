import { defineOperation } from '../../kit/connector-declaration.ts';
import { getRequest, INSTANCES_PATH, listQuery } from '../requests.ts';
import { LIST_INPUT_SCHEMA } from './instance-schema.ts';

/** `listInstanceCodes`: pages the instance codes of an approval created in [start_time, end_time] (≤ 100 per page). */
export const listInstanceCodes = defineOperation({
  name: '批量获取审批实例 Code / List approval instance codes',
  description:
    'GET /open-apis/approval/v4/instances：按创建时间窗口分页获取审批实例 Code（page_token + has_more，每页最多100条）。',
  method: 'GET',
  path: INSTANCES_PATH,
  buildRequest: (context) => getRequest(context, INSTANCES_PATH, listQuery(context.input, context.config)),
  pagination: {
    style: 'cursor',
    cursorParam: 'query.page_token',
    nextCursor: 'data.has_more = true ? data.page_token : null',
    items: 'data.instance_code_list',
  },
  inputSchema: LIST_INPUT_SCHEMA,
  outputSchema: { type: 'string', title: '审批实例 Code' },
  sample: ['81D31358-93AF-92D6-7425-01A5D67C4E71', '7C468A54-8745-2245-9675-08B7C63E7A85'],
});
