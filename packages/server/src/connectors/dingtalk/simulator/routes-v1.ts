import type { Hono } from 'hono';
import { readJsonObject, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { addComment } from './comments.ts';
import { parseListRequest } from './list-query.ts';
import { renderV1Instance } from './render.ts';
import { v1Error } from './responses.ts';
import { authorize, type SimContext } from './sim-context.ts';

/** v1.0 `api.dingtalk.com` workflow routes: instanceIds/query, processInstances (GET), comments (HTTP 4xx on error). */
export function mountV1Routes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.post('/v1.0/workflow/processes/instanceIds/query', async (c) => {
    const guard = authorize(ctx, c, 'v1/listids');
    if (guard instanceof Response) return guard;
    const body = await readJsonObject(c);
    if (!body) return v1Error(c, 400, 'invalidParameter', '请求体不是合法的 JSON');
    if (body.nextToken === undefined)
      return v1Error(c, 400, 'invalidNextToken', '缺少参数 nextToken（首次传 0）');
    const userIds = Array.isArray(body.userIds) ? body.userIds.map(String) : undefined;
    const raw = {
      processCode: body.processCode,
      startTime: body.startTime,
      endTime: body.endTime,
      size: body.maxResults,
      cursor: body.nextToken,
      userIds,
      statuses: body.statuses,
    };
    const parsed = parseListRequest(ctx, raw, null);
    if ('error' in parsed) return v1Error(c, 400, parsed.error.code, parsed.error.message);
    const { ids, more } = ctx.store.list(parsed.query);
    const result: Record<string, unknown> = { list: ids };
    if (more) result.nextToken = String(parsed.query.offset + parsed.query.limit);
    return c.json({ result, success: true }, 200);
  });

  app.get('/v1.0/workflow/processInstances', (c) => {
    const guard = authorize(ctx, c, 'v1/get');
    if (guard instanceof Response) return guard;
    const id = c.req.query('processInstanceId');
    if (!id) return v1Error(c, 400, 'invalidParameter', '缺少参数 processInstanceId');
    const instance = ctx.store.get(id);
    if (!instance) return v1Error(c, 400, 'processInstanceNotExist', '审批实例不存在');
    return c.json({ result: renderV1Instance(instance), success: true }, 200);
  });

  app.post('/v1.0/workflow/processInstances/comments', async (c) => {
    const guard = authorize(ctx, c, 'v1/comment');
    if (guard instanceof Response) return guard;
    const body = await readJsonObject(c);
    if (!body) return v1Error(c, 400, 'invalidParameter', '请求体不是合法的 JSON');
    const outcome = addComment(ctx, {
      processInstanceId: body.processInstanceId,
      text: body.text,
      commentUserId: body.commentUserId,
      file: body.file,
      api: 'v1.0',
    });
    if (outcome.error) return v1Error(c, 400, outcome.error.code, outcome.error.message);
    return c.json({ result: true, success: true }, 200);
  });
}
