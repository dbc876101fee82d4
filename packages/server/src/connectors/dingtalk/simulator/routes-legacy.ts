import type { Context, Hono } from 'hono';
import { readJsonObject, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { addComment, type CommentInput } from './comments.ts';
import { requestId } from './format.ts';
import { parseListRequest } from './list-query.ts';
import { renderLegacyInstance } from './render.ts';
import { legacyError, legacyOk, topapiError } from './responses.ts';
import { authorize, type SimContext } from './sim-context.ts';

/** The UTF-8 bytes of `{"errcode":0,"errmsg":"ok","process_instance":<instance>,"request_id":"` per unchanged instance. */
const RENDERED = new WeakMap<object, Buffer>();
const ANSWER_HEAD = '{"errcode":0,"errmsg":"ok","process_instance":';
const ANSWER_TAIL = '"}';
const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' };

/** Legacy `oapi.dingtalk.com` routes: listids, get, comment/add, failed callbacks (HTTP 200 + errcode). */
export function mountLegacyRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.post('/topapi/processinstance/listids', async (c) => {
    const guard = authorize(ctx, c, 'listids');
    if (guard instanceof Response) return guard;
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const userIds =
      typeof body.userid_list === 'string' && body.userid_list ? body.userid_list.split(',') : undefined;
    const raw = {
      processCode: body.process_code,
      startTime: body.start_time,
      endTime: body.end_time,
      size: body.size,
      cursor: body.cursor,
      userIds,
    };
    const parsed = parseListRequest(ctx, raw, 20);
    if ('error' in parsed) {
      if (parsed.error.missing) return legacyError(c, 40035, `缺少参数 ${parsed.error.missing}`);
      return topapiError(c, parsed.error.code, parsed.error.message);
    }
    const { ids, more } = ctx.store.list(parsed.query);
    const result: Record<string, unknown> = { list: ids };
    if (more) result.next_cursor = parsed.query.offset + parsed.query.limit;
    return legacyOk(c, { result });
  });

  app.post('/topapi/processinstance/get', async (c) => {
    const guard = authorize(ctx, c, 'get');
    if (guard instanceof Response) return guard;
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const id = body.process_instance_id;
    if (typeof id !== 'string' || id === '') return legacyError(c, 40035, '缺少参数 process_instance_id');
    const instance = ctx.store.get(id);
    if (!instance) return topapiError(c, 'processInstanceNotExist', '审批实例不存在');
    // Unchanged seeded instances are immutable: their rendered bytes are cached (the read path of benchmarks).
    const changed = ctx.store.isChanged(id);
    let head = changed ? undefined : RENDERED.get(instance);
    if (head === undefined) {
      head = Buffer.from(`${ANSWER_HEAD}${JSON.stringify(renderLegacyInstance(instance))},"request_id":"`);
      if (!changed) RENDERED.set(instance, head);
    }
    return c.body(withRequestId(head), 200, JSON_HEADERS);
  });

  app.post('/topapi/process/instance/comment/add', async (c) => {
    const guard = authorize(ctx, c, 'comment');
    if (guard instanceof Response) return guard;
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const request = body.request;
    if (typeof request !== 'object' || request === null) return legacyError(c, 40035, '缺少参数 request');
    const r = request as Record<string, unknown>;
    const input: CommentInput = {
      processInstanceId: r.process_instance_id,
      text: r.text,
      commentUserId: r.comment_userid,
      file: r.file,
      api: 'legacy',
    };
    const outcome = addComment(ctx, input);
    if (outcome.error) {
      if (outcome.error.missing) return legacyError(c, 40035, `缺少参数 ${outcome.error.missing}`);
      return topapiError(c, outcome.error.code, outcome.error.message);
    }
    return legacyOk(c, { result: true, success: true });
  });

  app.get('/call_back/get_call_back_failed_result', (c) => {
    const guard = authorize(ctx, c, 'failedCallbacks');
    if (guard instanceof Response) return guard;
    const failed = ctx.pusher.deliveries.filter((d) => d.state === 'failed');
    const page = failed.slice(0, 200);
    for (const delivery of page) ctx.pusher.deliveries.splice(ctx.pusher.deliveries.indexOf(delivery), 1);
    const failedList = page.map((d) => ({
      event_time: d.event.EventTime,
      call_back_tag: 'bpms_instance_change',
      bpms_instance_change: d.event,
    }));
    return legacyOk(c, { has_more: failed.length > page.length, failed_list: failedList });
  });

  app.all('/topapi/*', (c) => legacyError(c, 22, 'Invalid method'));
}

/** The JSON body of a legacy POST: the wrong Content-Type is errcode 43004 (reference §1.3). */
async function jsonBody(c: Context<SimulatorEnv>): Promise<Record<string, unknown> | Response> {
  if (!(c.req.header('content-type') ?? '').includes('application/json'))
    return legacyError(c, 43004, '需要POST的Content-Type为application/json');
  return (await readJsonObject(c)) ?? legacyError(c, 40035, '不合法的参数');
}

/** The answer bytes: the cached head, a fresh request id (ASCII) and the closing `"}`. */
function withRequestId(head: Buffer): Uint8Array<ArrayBuffer> {
  const id = requestId();
  const out = Buffer.allocUnsafe(head.length + id.length + ANSWER_TAIL.length);
  head.copy(out, 0);
  out.write(id, head.length, 'latin1');
  out.write(ANSWER_TAIL, head.length + id.length, 'latin1');
  // allocUnsafe memory is a plain (non-shared) ArrayBuffer, fully overwritten above.
  return out as Uint8Array<ArrayBuffer>;
}
