import type { Hono } from 'hono';
import { readJsonObject, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { findPerson } from './people.ts';
import { feishuError, ok } from './responses.ts';
import { authorize, type SimContext } from './sim-context.ts';

const PATH = '/open-apis/approval/v4/instances/:instance_id/comments';

/**
 * `POST …/instances/:id/comments?user_id_type=&user_id=` with `{content: "{\"text\":…,\"files\":[]}"}`
 * → `{comment_id}`; the comment shows in the instance's `comment_list`. `GET` lists them (reference §2.3).
 */
export function mountCommentRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.post(PATH, async (c) => {
    const guard = authorize(ctx, c);
    if (guard instanceof Response) return guard;
    const code = c.req.param('instance_id');
    const idType = c.req.query('user_id_type') === 'user_id' ? 'user_id' : 'open_id';
    const userId = c.req.query('user_id');
    if (!userId) return feishuError(c, 1390001, 'param is invalid: user_id is required');
    const person = findPerson(userId, idType);
    if (!person) return feishuError(c, 1390001, `param is invalid: user not found (${idType})`);
    const body = await readJsonObject(c);
    const parsed = parseContent(body?.content);
    if (!parsed) return feishuError(c, 1390001, 'param is invalid: content must be a JSON string with text');
    if (!ctx.store.get(code)) return feishuError(c, 1390003, 'instance code not found');
    const comment = ctx.comments.add({
      instanceCode: code,
      person,
      content: String(body?.content),
      text: parsed.text,
      files: parsed.files,
      createMs: ctx.now(),
    });
    return ok(c, { comment_id: comment.id });
  });

  app.get(PATH, (c) => {
    const guard = authorize(ctx, c);
    if (guard instanceof Response) return guard;
    const code = c.req.param('instance_id');
    if (!ctx.store.get(code)) return feishuError(c, 1390003, 'instance code not found');
    const comments = ctx.comments.of(code).map((x) => ({
      id: x.id,
      content: x.content,
      create_time: String(x.createMs),
      update_time: String(x.createMs),
      is_delete: 0,
      replies: [],
      at_info_list: [],
      commentator: x.person.userId,
      extra: '',
    }));
    return ok(c, { comments, has_more: false, page_token: '' });
  });
}

function parseContent(content: unknown): { text: string; files: unknown[] } | null {
  if (typeof content !== 'string') return null;
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== 'object' || value === null) return null;
    const { text, files } = value as { text?: unknown; files?: unknown };
    if (typeof text !== 'string' || text === '') return null;
    return { text, files: Array.isArray(files) ? files : [] };
  } catch {
    return null;
  }
}
