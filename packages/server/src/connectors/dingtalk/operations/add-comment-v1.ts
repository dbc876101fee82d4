import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { v1Request } from '../requests.ts';
import { commentOf, commentOutput } from './add-comment.ts';

// v1.0 (`api.dingtalk.com`) equivalent (reference §3.2/§4.2/§6.1): HTTP 4xx/5xx errors with `{code, message}`,
// token in the `x-acs-dingtalk-access-token` header (auth injection).

const COMMENT_PATH = '/v1.0/workflow/processInstances/comments';

/** `addCommentV1`: v1.0 comment; finds an earlier identical comment through `getInstanceV1` after a lost response. */
export const addCommentV1 = defineOperation({
  name: '添加审批评论（新版） / Add an approval comment (v1.0)',
  description: 'POST /v1.0/workflow/processInstances/comments',
  method: 'POST',
  path: COMMENT_PATH,
  buildRequest: (context) => {
    const c = commentOf(context.input, context.config);
    const body: JsonObject = {
      processInstanceId: c.processInstanceId,
      text: c.text,
      commentUserId: c.commentUserId,
    };
    if (c.file) body.file = c.file;
    return v1Request(context, 'POST', COMMENT_PATH, body);
  },
  parseOutput: commentOutput,
  write: true,
  findWritten: async ({ record, context, call }) => {
    const wanted = commentOf({ ...context.input, ...(isJsonObject(record) ? record : {}) }, context.config);
    if (!wanted.processInstanceId || !wanted.text) return null;
    const detail = await call('getInstanceV1', { processInstanceId: wanted.processInstanceId });
    const instance = isJsonObject(detail) && isJsonObject(detail.instance) ? detail.instance : {};
    const records: JsonValue[] = Array.isArray(instance.operationRecords) ? instance.operationRecords : [];
    const found = records.some((r) => isJsonObject(r) && r.type === 'ADD_REMARK' && r.remark === wanted.text);
    return found ? { targetId: wanted.processInstanceId } : null;
  },
  inputSchema: {
    type: 'object',
    required: ['processInstanceId', 'text'],
    properties: {
      processInstanceId: { type: 'string', title: '审批实例ID' },
      text: { type: 'string', title: '评论内容', maxLength: 1024 },
      commentUserId: { type: 'string', title: '评论人的userId' },
      file: { type: 'object', title: '文件' },
    },
  },
  outputSchema: { type: 'object', properties: { ok: { type: 'boolean' }, targetId: { type: 'string' } } },
});
