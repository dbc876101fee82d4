import type { JsonValue } from '../../../json.ts';
import {
  type FastAnswer,
  type FastRequest,
  type FastRoute,
  parseJsonBody,
} from '../../simulator-kit/index.ts';
import type { K3Context } from './context.ts';
import { type CallLimiter, RATE_LIMIT_MESSAGE, sessionIdOfCookie } from './dispatch.ts';
import { EnvelopeError, failureBody, sessionLostBody } from './envelope.ts';
import { BadRequestBody } from './routes-common.ts';
import { SAVE_BODIES } from './routes-save.ts';
import type { AuthInput } from './sessions.ts';

/** The operations served from Node's request while quiet: the writes a sync sends in bulk. */
const FAST_OPERATIONS = ['BatchSave', 'Save'] as const;
const SERVICE_PATH = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';

/**
 * `BatchSave` and `Save` at their usual path (`/K3Cloud/…DynamicFormService.<Op>.common.kdsvc`) for the
 * simulator base's fast path: the same steps and answers as `dispatchOperation` (call limit, JSON body,
 * session or signature, the handler, errors as MsgCode bodies), without Hono's request objects. Other
 * spellings of the path (it is case-insensitive) and every other operation go through Hono.
 */
export function k3FastRoutes(ctx: K3Context, limiter: CallLimiter): Map<string, FastRoute> {
  const routes = new Map<string, FastRoute>();
  for (const op of FAST_OPERATIONS) {
    const run = SAVE_BODIES[op.toLowerCase()];
    if (!run) throw new Error(`no handler for ${op}`);
    routes.set(`POST ${SERVICE_PATH}.${op}.common.kdsvc`, {
      route: op,
      answer: (request) => jsonAnswer(answerOf(request, ctx, limiter, run)),
    });
  }
  return routes;
}

/** What `dispatchOperation` answers for a bill write (its `errorResponse` bodies are not nested for writes). */
function answerOf(
  request: FastRequest,
  ctx: K3Context,
  limiter: CallLimiter,
  run: (body: unknown, ctx: K3Context) => JsonValue,
): JsonValue {
  if (limiter.exceeded()) return failureBody(RATE_LIMIT_MESSAGE, 14);
  let body: unknown;
  try {
    body = parseJsonBody(request.body);
  } catch {
    return failureBody('请求体不是有效的 JSON', 8);
  }
  try {
    if (!ctx.sessions.authenticate(new FastAuthInput(request))) return sessionLostBody();
    return run(body, ctx);
  } catch (error) {
    if (error instanceof BadRequestBody) return error.body;
    if (error instanceof EnvelopeError) return failureBody(error.message, 8);
    throw error;
  }
}

/** The answer `c.json(body, 200)` gives. */
function jsonAnswer(body: JsonValue): FastAnswer {
  return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
}

/**
 * The auth check's view of a fast request, reading headers as Hono's `c.req.header` does (a Fetch
 * `Headers` built from the raw headers: lower-case names, repeated headers joined with ", ").
 */
class FastAuthInput implements AuthInput {
  readonly cookieSessionId: string | undefined;
  constructor(private readonly request: FastRequest) {
    this.cookieSessionId = sessionIdOfCookie(this.header('cookie'));
  }
  header(name: string): string | undefined {
    const raw = this.request.rawHeaders;
    let value: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      if ((raw[i] as string).toLowerCase() !== name) continue;
      value = value === undefined ? (raw[i + 1] as string) : `${value}, ${raw[i + 1]}`;
    }
    return value;
  }
  headers(): Record<string, string | undefined> {
    const raw = this.request.rawHeaders;
    const out: Record<string, string | undefined> = {};
    for (let i = 0; i < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const before = out[name];
      out[name] = before === undefined ? (raw[i + 1] as string) : `${before}, ${raw[i + 1]}`;
    }
    return out;
  }
  pathAndQuery(): string {
    const url = new URL(this.request.url, 'http://127.0.0.1');
    return url.pathname + url.search;
  }
}
