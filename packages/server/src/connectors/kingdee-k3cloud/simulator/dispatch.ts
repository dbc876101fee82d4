import type { Context } from 'hono';
import type { JsonObject, JsonValue } from '../../../json.ts';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { K3Context, OperationHandler } from './context.ts';
import { EnvelopeError, failureBody, nestedForQuery, sessionLostBody } from './envelope.ts';
import { AUTH_OPERATIONS } from './routes-auth.ts';
import { BadRequestBody } from './routes-common.ts';
import { QUERY_OPERATIONS } from './routes-query.ts';
import { SAVE_OPERATIONS } from './routes-save.ts';
import { STATUS_OPERATIONS } from './routes-status.ts';
import type { AuthInput } from './sessions.ts';

const OPERATION_PATH =
  /^\/k3cloud\/Kingdee\.BOS\.WebApi\.ServicesStub\.(AuthService|DynamicFormService)\.(\w+)\.common\.kdsvc$/i;

/** Canonical operation names (route names of the fault plan and call counter). */
export const OPERATION_NAMES = [
  'ValidateUser',
  'LoginByAppSecret',
  'LoginBySign',
  'Logout',
  'Save',
  'BatchSave',
  'Submit',
  'Audit',
  'UnAudit',
  'Delete',
  'View',
  'ExecuteBillQuery',
  'BillQuery',
] as const;

const CANONICAL = new Map<string, string>(OPERATION_NAMES.map((n) => [n.toLowerCase(), n]));
const BILL_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  ...SAVE_OPERATIONS,
  ...STATUS_OPERATIONS,
  ...QUERY_OPERATIONS,
};

/** The MsgCode 14 text (call-count limit). */
export const RATE_LIMIT_MESSAGE = '接口调用次数超出限制，请稍后再试';

/** The operation a path calls (canonical name, or the name as sent when not modelled), or null. */
export function operationOf(path: string): string | null {
  const known = OPERATION_OF_PATH.get(path);
  if (known !== undefined) return known;
  const m = OPERATION_PATH.exec(path);
  const name = m ? (m[2] ?? '') : '';
  const op = m ? (CANONICAL.get(name.toLowerCase()) ?? name) : null;
  // Every request asks twice (fault middleware, dispatch) and clients call a handful of paths.
  if (OPERATION_OF_PATH.size >= 256) OPERATION_OF_PATH.clear();
  OPERATION_OF_PATH.set(path, op);
  return op;
}

const OPERATION_OF_PATH = new Map<string, string | null>();

/** Whether an operation answers errors nested as `[[{"Result":…}]]`. */
export function isQueryOperation(op: string): boolean {
  return op.toLowerCase() in QUERY_OPERATIONS;
}

/** An error body in the shape the operation uses (nested for queries), HTTP 200. */
export function errorResponse(c: Context<SimulatorEnv>, op: string, body: JsonObject): Response {
  return c.json(isQueryOperation(op) ? nestedForQuery(body) : body, 200);
}

const SESSION_COOKIE = /(?:^|;\s*)kdservice-sessionid=([^;]+)/;

/** The `kdservice-sessionid` value of a Cookie header, if any. */
export function sessionIdOfCookie(header: string | undefined): string | undefined {
  return header ? SESSION_COOKIE.exec(header)?.[1] : undefined;
}

/** Fixed one-second window call limiter (MsgCode 14); 0 or Infinity disables it. */
export class CallLimiter {
  private windowStart = 0;
  private count = 0;
  constructor(
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}
  /** Counts a call; true when it is over the limit. */
  exceeded(): boolean {
    if (!(this.perSecond > 0) || this.perSecond === Number.POSITIVE_INFINITY) return false;
    const now = this.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.count = 0;
    }
    return ++this.count > this.perSecond;
  }
}

/** The headers `c.json` sends (one shared object: Hono copies it). */
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * What `c.json(result, 200)` answers, with the body encoded to UTF-8 once here (the server would otherwise
 * measure the string for Content-Length and encode it again when writing).
 */
function toResponse(c: Context<SimulatorEnv>, result: JsonValue | Response): Response {
  return result instanceof Response ? result : c.body(Buffer.from(JSON.stringify(result)), 200, JSON_HEADERS);
}

/** The auth check's view of a request (a class: no closures built per call). */
class RequestAuthInput implements AuthInput {
  readonly cookieSessionId: string | undefined;
  constructor(private readonly c: Context<SimulatorEnv>) {
    this.cookieSessionId = sessionIdOfCookie(c.req.header('cookie'));
  }
  header(name: string): string | undefined {
    return this.c.req.header(name);
  }
  headers(): Record<string, string | undefined> {
    return this.c.req.header();
  }
  pathAndQuery(): string {
    const url = new URL(this.c.req.url);
    return url.pathname + url.search;
  }
}

/** Handles one `POST …/{Service}.{Operation}.common.kdsvc`: limit, parse, authenticate, run. */
export async function dispatchOperation(
  c: Context<SimulatorEnv>,
  ctx: K3Context,
  limiter: CallLimiter,
): Promise<Response> {
  const op = operationOf(c.req.path);
  if (!op)
    return c.text('<html><body><h1>404 - 找不到文件或目录。</h1></body></html>', 404, {
      'content-type': 'text/html',
    });
  if (limiter.exceeded()) return errorResponse(c, op, failureBody(RATE_LIMIT_MESSAGE, 14));
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return errorResponse(c, op, failureBody('请求体不是有效的 JSON', 8));
  }
  const lower = op.toLowerCase();
  try {
    const auth = AUTH_OPERATIONS[lower];
    if (auth) return toResponse(c, auth({ c, body, ctx }));
    const handler = BILL_OPERATIONS[lower];
    if (!handler) return errorResponse(c, op, failureBody(`模拟器未实现接口 ${op}`, 4));
    const authed = ctx.sessions.authenticate(new RequestAuthInput(c));
    if (!authed) return errorResponse(c, op, sessionLostBody());
    return toResponse(c, handler({ c, body, ctx }));
  } catch (error) {
    if (error instanceof BadRequestBody) return errorResponse(c, op, error.body);
    if (error instanceof EnvelopeError) return errorResponse(c, op, failureBody(error.message, 8));
    throw error;
  }
}
