import { findSeedEmployee } from './seed-employees.ts';
import type { SimContext } from './sim-context.ts';

/** A comment request in neutral form (fields as received). */
export interface CommentInput {
  processInstanceId: unknown;
  text: unknown;
  commentUserId: unknown;
  file: unknown;
  api: 'legacy' | 'v1.0';
}

/** Why a comment was refused: `missing` names an absent field, else `code` is the v1.0 error code. */
export interface CommentError {
  missing?: string;
  code: string;
  message: string;
}

/**
 * Validates and stores a comment: appended to the instance's operation records as `ADD_REMARK`
 * and kept in the comment log the inspection API shows (reference §6.1).
 */
export function addComment(ctx: SimContext, input: CommentInput): { error?: CommentError } {
  const { processInstanceId: id, text, commentUserId: userId } = input;
  if (typeof id !== 'string' || id === '')
    return {
      error: {
        missing: 'process_instance_id',
        code: 'invalidParameter',
        message: '缺少参数 processInstanceId',
      },
    };
  if (typeof text !== 'string' || text === '')
    return { error: { missing: 'text', code: 'invalidParameter', message: '缺少参数 text' } };
  if (typeof userId !== 'string' || userId === '')
    return {
      error: { missing: 'comment_userid', code: 'invalidParameter', message: '缺少参数 commentUserId' },
    };
  if (text.length > 1024)
    return { error: { code: 'invalidParameter', message: '评论内容不能超过1024个字符' } };
  if (!findSeedEmployee(userId)) return { error: { code: 'userNotExist', message: '评论人不存在' } };
  const last = ctx.store.lastRecordMs(id);
  if (last === undefined) return { error: { code: 'aflowProcessInstNotExist', message: '审批实例不存在' } };
  const at = Math.max(ctx.now(), last);
  const file = normaliseFile(input.file);
  ctx.store.appendRecord(id, {
    userid: userId,
    dateMs: at,
    type: 'ADD_REMARK',
    result: 'NONE',
    remark: text,
    ...(file.attachments.length ? { attachments: file.attachments } : {}),
    ...(file.photos.length ? { photos: file.photos } : {}),
  });
  ctx.comments.push({
    processInstanceId: id,
    text,
    commentUserId: userId,
    ...(input.file !== undefined ? { file: input.file } : {}),
    api: input.api,
    at,
  });
  return {};
}

function normaliseFile(file: unknown): {
  photos: string[];
  attachments: { fileName: string; fileSize: string; fileId: string; fileType: string; spaceId?: string }[];
} {
  if (typeof file !== 'object' || file === null) return { photos: [], attachments: [] };
  const f = file as { photos?: unknown; attachments?: unknown };
  const photos = Array.isArray(f.photos) ? f.photos.map(String) : [];
  const list = Array.isArray(f.attachments) ? (f.attachments as Record<string, unknown>[]) : [];
  const attachments = list.map((a) => ({
    fileName: String(a.file_name ?? a.fileName ?? ''),
    fileSize: String(a.file_size ?? a.fileSize ?? ''),
    fileId: String(a.file_id ?? a.fileId ?? ''),
    fileType: String(a.file_type ?? a.fileType ?? ''),
    spaceId: String(a.space_id ?? a.spaceId ?? ''),
  }));
  return { photos, attachments };
}
