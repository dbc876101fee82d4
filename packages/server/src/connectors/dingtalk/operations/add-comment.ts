import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import {
  defineOperation,
  type FindWrittenHook,
  type OperationContext,
} from '../../kit/connector-declaration.ts';
import type { HttpResponse } from '../../kit/http-transport.ts';
import { fieldsOf, legacyPost, pick } from '../requests.ts';

/** Path of the legacy comment API (reference §6.1). */
export const COMMENT_PATH = '/topapi/process/instance/comment/add';

/** The comment of an input: instance id, text, commenter (input or `config.commentUserId`) and optional file. */
export function commentOf(input: JsonObject, config: JsonObject) {
  const fields = fieldsOf(input);
  const file = fields.file;
  return {
    processInstanceId: String(pick(fields, 'process_instance_id', 'processInstanceId') ?? ''),
    text: String(pick(fields, 'text') ?? ''),
    commentUserId: String(
      pick(fields, 'comment_userid', 'commentUserId') ?? pick(config, 'commentUserId') ?? '',
    ),
    file: isJsonObject(file) ? file : undefined,
  };
}

/**
 * Finds a comment already added (after a lost response): reads the instance and looks for an
 * `ADD_REMARK` record with the same text (and commenter); the ref is the instance id.
 */
export const findComment: FindWrittenHook = async ({ record, context, call }) => {
  const wanted = commentOf({ ...context.input, ...(isJsonObject(record) ? record : {}) }, context.config);
  if (!wanted.processInstanceId || !wanted.text) return null;
  const detail = await call('getInstance', { process_instance_id: wanted.processInstanceId });
  const instance =
    isJsonObject(detail) && isJsonObject(detail.process_instance) ? detail.process_instance : {};
  const records: JsonValue[] = Array.isArray(instance.operation_records) ? instance.operation_records : [];
  const found = records.some(
    (r) =>
      isJsonObject(r) &&
      r.operation_type === 'ADD_REMARK' &&
      r.remark === wanted.text &&
      (!wanted.commentUserId || r.userid === wanted.commentUserId),
  );
  return found ? { targetId: wanted.processInstanceId } : null;
};

/** The output of both comment generations: `{ok, targetId}` from a `{result: true}` body. */
export function commentOutput(response: HttpResponse, context: OperationContext): JsonObject {
  const body = isJsonObject(response.body) ? response.body : {};
  return { ok: body.result === true, targetId: commentOf(context.input, context.config).processInstanceId };
}

/** `addComment`: adds a comment to an approval instance (the seed-001 write-back of the bill number). */
export const addComment = defineOperation({
  name: '添加审批评论 / Add an approval comment',
  description: 'topapi/process/instance/comment/add：给审批实例添加评论（回写付款单号）。',
  method: 'POST',
  path: COMMENT_PATH,
  buildRequest: (context) => {
    const c = commentOf(context.input, context.config);
    const request: JsonObject = {
      process_instance_id: c.processInstanceId,
      text: c.text,
      comment_userid: c.commentUserId,
    };
    if (c.file) request.file = c.file;
    return legacyPost(context, COMMENT_PATH, { request });
  },
  parseOutput: commentOutput,
  write: true,
  findWritten: findComment,
  inputSchema: {
    type: 'object',
    required: ['process_instance_id', 'text'],
    properties: {
      process_instance_id: { type: 'string', title: '审批实例ID' },
      text: { type: 'string', title: '评论内容', maxLength: 1024 },
      comment_userid: {
        type: 'string',
        title: '评论人的userid',
        description: '默认取连接配置的 commentUserId',
      },
      file: {
        type: 'object',
        title: '文件',
        properties: { photos: { type: 'array' }, attachments: { type: 'array' } },
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      ok: { type: 'boolean', title: '是否成功' },
      targetId: { type: 'string', title: '审批实例ID' },
    },
  },
  sample: { ok: true, targetId: '8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' },
});
