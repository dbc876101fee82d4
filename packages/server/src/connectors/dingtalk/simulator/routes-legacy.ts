import type { Hono } from 'hono';
import { isJsonObject } from '../../../json.ts';
import {
  type FastAnswer,
  type FastRequest,
  type FastRoute,
  parseJsonBody,
  readJsonObject,
  type SimulatorEnv,
} from '../../simulator-kit/index.ts';
import { addComment, type CommentInput } from './comments.ts';
import { requestId } from './format.ts';
import { legacyInstanceJson } from './legacy-json.ts';
import { parseListRequest } from './list-query.ts';
import { legacyErrorBody, legacyOk, legacyOkBody, topapiErrorBody } from './responses.ts';
import { authorize, legacyGuard, type SimContext } from './sim-context.ts';

/**
 * The UTF-8 bytes of `{"errcode":0,"errmsg":"ok","process_instance":<instance>,"request_id":"` per unchanged
 * seeded instance, for as long as the store keeps that instance built (from its second read on).
 */
const RENDERED = new WeakMap<object, Uint8Array>();
const ANSWER_HEAD = '{"errcode":0,"errmsg":"ok","process_instance":';
const ANSWER_TAIL = '"}';
/** Content type of the `processinstance/get` answer. */
const GET_CONTENT_TYPE = 'application/json; charset=UTF-8';
/** Content type `c.json` sends (every other legacy answer). */
const JSON_CONTENT_TYPE = 'application/json';

/**
 * What a legacy POST answers (always HTTP 200): a JSON object, or the get answer ready as text (an instance
 * read once: the server encodes it straight into the socket) or as bytes (an instance the store keeps built).
 */
type LegacyAnswer = { json: Record<string, unknown> } | { text: string } | { bytes: Uint8Array<ArrayBuffer> };

/** A legacy POST route: its route name and how it answers a JSON object body (token and limits already checked). */
interface LegacyPost {
  route: string;
  answer(ctx: SimContext, body: Record<string, unknown>): LegacyAnswer;
}

/** The hot legacy POST routes by path: served by Hono and, while quiet, by the fast path — the same code. */
const LEGACY_POSTS: Readonly<Record<string, LegacyPost>> = {
  '/topapi/processinstance/listids': { route: 'listids', answer: listIds },
  '/topapi/processinstance/get': { route: 'get', answer: getInstance },
  '/topapi/process/instance/comment/add': { route: 'comment', answer: commentAdd },
};

/** Legacy `oapi.dingtalk.com` routes: listids, get, comment/add, failed callbacks (HTTP 200 + errcode). */
export function mountLegacyRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  for (const [path, post] of Object.entries(LEGACY_POSTS)) {
    app.post(path, async (c) => {
      const guard = authorize(ctx, c, post.route);
      if (guard instanceof Response) return guard;
      if (!isJsonContentType(c.req.header('content-type')))
        return c.json(legacyErrorBody(43004, WRONG_CONTENT_TYPE), 200);
      const body = await readJsonObject(c);
      const answer = body ? post.answer(ctx, body) : { json: legacyErrorBody(40035, BAD_BODY) };
      if ('json' in answer) return c.json(answer.json, 200);
      return c.body('text' in answer ? answer.text : answer.bytes, 200, GET_HEADERS);
    });
  }

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

  app.all('/topapi/*', (c) => c.json(legacyErrorBody(22, 'Invalid method'), 200));
}

/**
 * The legacy POST routes for the simulator base's fast path (`POST <path>`): token, rate limits,
 * Content-Type, body and answer exactly as the Hono routes above, without Hono's request objects.
 */
export function legacyFastRoutes(ctx: SimContext): Map<string, FastRoute> {
  const routes = new Map<string, FastRoute>();
  for (const [path, post] of Object.entries(LEGACY_POSTS)) {
    routes.set(`POST ${path}`, {
      route: post.route,
      answer: (request: FastRequest): FastAnswer => {
        const guard = legacyGuard(ctx, request.path, request.query.get('access_token'), post.route);
        if ('error' in guard) return jsonAnswer(guard.error);
        const type = request.headers['content-type'];
        if (!isJsonContentType(type)) return jsonAnswer(legacyErrorBody(43004, WRONG_CONTENT_TYPE));
        const body = parseJsonObject(request.body);
        const answer = body ? post.answer(ctx, body) : { json: legacyErrorBody(40035, BAD_BODY) };
        if ('json' in answer) return jsonAnswer(answer.json);
        const bytesOrText = 'text' in answer ? answer.text : answer.bytes;
        return { status: 200, contentType: GET_CONTENT_TYPE, body: bytesOrText };
      },
    });
  }
  return routes;
}

const GET_HEADERS = { 'content-type': GET_CONTENT_TYPE };
const WRONG_CONTENT_TYPE = '需要POST的Content-Type为application/json';
const BAD_BODY = '不合法的参数';

/** Whether a request's Content-Type is JSON (else errcode 43004, reference §1.3). */
function isJsonContentType(type: string | undefined): boolean {
  return (type ?? '').includes('application/json');
}

/** A body as `c.req.json()` reads it (UTF-8, a leading BOM dropped): the JSON object, or null. */
function parseJsonObject(bytes: Buffer): Record<string, unknown> | null {
  try {
    const value = parseJsonBody(bytes);
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

function jsonAnswer(body: Record<string, unknown>): FastAnswer {
  return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body) };
}

/** `topapi/processinstance/listids`: one page of ids (`next_cursor` absent on the last page). */
function listIds(ctx: SimContext, body: Record<string, unknown>): LegacyAnswer {
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
    if (parsed.error.missing) return { json: legacyErrorBody(40035, `缺少参数 ${parsed.error.missing}`) };
    return { json: topapiErrorBody(parsed.error.code, parsed.error.message) };
  }
  const { ids, more } = ctx.store.list(parsed.query);
  const result: Record<string, unknown> = { list: ids };
  if (more) result.next_cursor = parsed.query.offset + parsed.query.limit;
  return { json: legacyOkBody({ result }) };
}

/** `topapi/processinstance/get`: the instance in the legacy shape (bytes cached per unchanged instance). */
function getInstance(ctx: SimContext, body: Record<string, unknown>): LegacyAnswer {
  const id = body.process_instance_id;
  if (typeof id !== 'string' || id === '')
    return { json: legacyErrorBody(40035, '缺少参数 process_instance_id') };
  const instance = ctx.store.get(id);
  if (!instance) return { json: topapiErrorBody('processInstanceNotExist', '审批实例不存在') };
  // A changed instance is rendered afresh; one read once (a sync reads each instance once) is not kept, so
  // its answer is left as text, which the server encodes straight into the socket (no Buffer to allocate).
  if (ctx.store.isChanged(id) || !ctx.store.isKept(id))
    return { text: answerText(legacyInstanceJson(instance)) };
  // Kept (hot) seeded instances are immutable: their rendered answer is cached (the read path of benchmarks).
  let head = RENDERED.get(instance);
  if (head === undefined) {
    head = utf8(`${ANSWER_HEAD}${legacyInstanceJson(instance)},"request_id":"`);
    RENDERED.set(instance, head);
  }
  return { bytes: withRequestId(head) };
}

/** `topapi/process/instance/comment/add`: appends an ADD_REMARK record. */
function commentAdd(ctx: SimContext, body: Record<string, unknown>): LegacyAnswer {
  const request = body.request;
  if (typeof request !== 'object' || request === null)
    return { json: legacyErrorBody(40035, '缺少参数 request') };
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
    if (outcome.error.missing) return { json: legacyErrorBody(40035, `缺少参数 ${outcome.error.missing}`) };
    return { json: topapiErrorBody(outcome.error.code, outcome.error.message) };
  }
  return { json: legacyOkBody({ result: true, success: true }) };
}

/** The whole `processinstance/get` answer around an instance's JSON text, with a fresh request id. */
function answerText(instanceJson: string): string {
  return `${ANSWER_HEAD}${instanceJson},"request_id":"${requestId()}${ANSWER_TAIL}`;
}

/** Scratch space the answers are encoded into (a JSON text is at most 3 bytes per UTF-16 unit). */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * UTF-8 bytes of a freshly built (rope) string in one pass: encoded into the scratch space, then copied
 * out at their exact size — cheaper than `Buffer.from`, which measures the string before encoding it.
 */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  if (text.length * 3 > scratch.length) scratch = Buffer.allocUnsafe(text.length * 3);
  const size = scratch.write(text);
  const out = Buffer.allocUnsafe(size);
  scratch.copy(out, 0, 0, size);
  // allocUnsafe memory is a plain (non-shared) ArrayBuffer, fully overwritten above.
  return out as Uint8Array<ArrayBuffer>;
}

/** The answer bytes: the cached head, a fresh request id (ASCII) and the closing `"}`. */
function withRequestId(head: Uint8Array): Uint8Array<ArrayBuffer> {
  const id = requestId();
  const out = Buffer.allocUnsafe(head.length + id.length + ANSWER_TAIL.length);
  out.set(head, 0);
  out.write(id, head.length, 'latin1');
  out.write(ANSWER_TAIL, head.length + id.length, 'latin1');
  // allocUnsafe memory is a plain (non-shared) ArrayBuffer, fully overwritten above.
  return out as Uint8Array<ArrayBuffer>;
}
