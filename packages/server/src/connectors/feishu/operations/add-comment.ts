import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import {
  defineOperation,
  type FindWrittenHook,
  type OperationContext,
} from '../../kit/connector-declaration.ts';
import type { HttpRequest } from '../../kit/http-transport.ts';
import { joinUrl } from '../../kit/request-builder.ts';
import { fieldsOf, instancePath, pick } from '../requests.ts';

/** The comment of an input: instance code, text, commenter `user_id` (input or `config.commentUserId`). */
export function commentOf(input: JsonObject, config: JsonObject) {
  const fields = fieldsOf(input);
  return {
    instanceCode: String(pick(fields, 'instance_code', 'instanceCode', 'instance_id') ?? ''),
    text: String(pick(fields, 'text', 'content') ?? ''),
    userId: String(pick(fields, 'user_id', 'userId') ?? pick(config, 'commentUserId') ?? ''),
  };
}

function commentRequest(context: OperationContext): HttpRequest {
  const c = commentOf(context.input, context.config);
  const url = new URL(joinUrl(context.baseUrl, `${instancePath(c.instanceCode)}/comments`));
  url.searchParams.set('user_id_type', 'user_id');
  url.searchParams.set('user_id', c.userId);
  // `content` is a JSON *string* (reference §2.3).
  return {
    method: 'POST',
    url: url.toString(),
    headers: {},
    body: { content: JSON.stringify({ text: c.text, files: [] }) },
  };
}

/** After a lost response: reads the instance and looks for a comment with the same text (and commenter). */
export const findComment: FindWrittenHook = async ({ record, context, call }) => {
  const wanted = commentOf({ ...context.input, ...(isJsonObject(record) ? record : {}) }, context.config);
  if (!wanted.instanceCode || !wanted.text) return null;
  const detail = await call('getInstance', { instance_code: wanted.instanceCode });
  const comments: JsonValue[] = isJsonObject(detail) && Array.isArray(detail.comments) ? detail.comments : [];
  const found = comments.find(
    (c) => isJsonObject(c) && c.text === wanted.text && (!wanted.userId || c.userId === wanted.userId),
  );
  return isJsonObject(found) ? { targetId: String(found.id) } : null;
};

/** `addComment`: comments on an approval instance (the write-back of the ERP bill number). */
export const addComment = defineOperation({
  name: '创建评论 / Add a comment',
  description:
    'POST /open-apis/approval/v4/instances/:instance_id/comments：给审批实例添加评论（回写付款单号）。',
  method: 'POST',
  path: '/open-apis/approval/v4/instances/{{ input.instance_code }}/comments',
  buildRequest: commentRequest,
  parseOutput: (response, context) => {
    const body = isJsonObject(response.body) ? response.body : {};
    const data = isJsonObject(body.data) ? body.data : {};
    return {
      ok: true,
      targetId: String(data.comment_id ?? ''),
      instanceCode: commentOf(context.input, context.config).instanceCode,
    };
  },
  write: true,
  findWritten: findComment,
  inputSchema: {
    type: 'object',
    required: ['instance_code', 'text'],
    properties: {
      instance_code: { type: 'string', title: '审批实例 Code' },
      text: { type: 'string', title: '评论内容' },
      user_id: { type: 'string', title: '用户 ID（user_id）', description: '默认取连接配置的 commentUserId' },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      ok: { type: 'boolean', title: '是否成功' },
      targetId: { type: 'string', title: '评论 ID' },
      instanceCode: { type: 'string', title: '审批实例 Code' },
    },
  },
  sample: { ok: true, targetId: '7081516627711524883', instanceCode: '81D31358-93AF-92D6-7425-01A5D67C4E71' },
});
