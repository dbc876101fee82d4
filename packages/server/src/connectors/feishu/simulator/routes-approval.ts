import type { Context, Hono } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import { renderInstance } from './render.ts';
import { feishuError, logId, ok } from './responses.ts';
import { authorize, type SimContext } from './sim-context.ts';

/** Most codes one listing page returns (reference §2.1). */
export const MAX_PAGE_SIZE = 100;
const RENDERED = new WeakMap<object, string>();

/** Approval instance routes: list codes, instance detail, approval subscription (reference §2.1, §2.2, §3.4). */
export function mountApprovalRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.get('/open-apis/approval/v4/instances', (c) => {
    const guard = authorize(ctx, c);
    if (guard instanceof Response) return guard;
    const parsed = parseListQuery(ctx, c);
    if (parsed instanceof Response) return parsed;
    const { codes, more } = ctx.store.list(parsed);
    const data: Record<string, unknown> = { instance_code_list: codes, has_more: more };
    if (more) data.page_token = encodePageToken(parsed.offset + codes.length);
    return ok(c, data);
  });

  app.get('/open-apis/approval/v4/instances/:instance_id', (c) => {
    const guard = authorize(ctx, c);
    if (guard instanceof Response) return guard;
    const code = c.req.param('instance_id');
    const instance = ctx.store.get(code);
    if (!instance) return feishuError(c, 1390003, 'instance code not found');
    const comments = ctx.comments.of(code);
    const cacheable = comments.length === 0 && !ctx.store.isChanged(code);
    let data = cacheable ? RENDERED.get(instance) : undefined;
    if (data === undefined) {
      data = JSON.stringify(renderInstance(instance, approvalOf(ctx), comments));
      if (cacheable) RENDERED.set(instance, data);
    }
    return c.body(`{"code":0,"msg":"success","data":${data}}`, 200, {
      'content-type': 'application/json; charset=utf-8',
      'x-tt-logid': logId(),
    });
  });

  app.post('/open-apis/approval/v4/approvals/:approval_code/subscribe', (c) => {
    const guard = authorize(ctx, c);
    if (guard instanceof Response) return guard;
    const code = c.req.param('approval_code');
    if (code !== ctx.app.approvalCode) return feishuError(c, 1390002, 'approval code not found');
    ctx.subscriptions.add(code);
    return ok(c, {});
  });
}

/** The approval definition as rendered into instances. */
export function approvalOf(ctx: SimContext): { code: string; name: string } {
  return { code: ctx.app.approvalCode, name: ctx.app.approvalName };
}

/** Encodes a listing offset as an opaque page_token. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`qiao:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number | undefined {
  const match = /^qiao:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

type ListQuery = { startMs: number; endMs: number; offset: number; limit: number };

function parseListQuery(ctx: SimContext, c: Context<SimulatorEnv>): ListQuery | Response {
  const q = (name: string) => c.req.query(name);
  const approvalCode = q('approval_code');
  if (!approvalCode) return feishuError(c, 1390001, 'param is invalid: approval_code is required');
  if (approvalCode !== ctx.app.approvalCode) return feishuError(c, 1390002, 'approval code not found');
  const start = q('start_time');
  const end = q('end_time');
  if (!start || !end || !/^\d+$/.test(start) || !/^\d+$/.test(end)) {
    return feishuError(c, 1390001, 'param is invalid: start_time and end_time (ms) are required');
  }
  if (Number(start) > Number(end)) return feishuError(c, 1390001, 'param is invalid: start_time > end_time');
  const sizeText = q('page_size');
  const limit = sizeText === undefined ? MAX_PAGE_SIZE : Number(sizeText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    return feishuError(c, 1390001, `param is invalid: page_size must be 1..${MAX_PAGE_SIZE}`);
  }
  const token = q('page_token');
  const offset = token ? decodePageToken(token) : 0;
  if (offset === undefined) return feishuError(c, 1390001, 'param is invalid: page_token');
  return { startMs: Number(start), endMs: Number(end), offset, limit };
}
