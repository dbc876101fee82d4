import { QiaoError } from '../../errors/index.ts';
import type { JsonObject } from '../../json.ts';
import {
  type CredentialSources,
  currentCredential,
  injectAuth,
  isRefreshable,
  signalsExpiry,
} from './auth.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type { OperationContext, OperationDeclaration, RateLimitSpec } from './connector-declaration.ts';
import { classifyStatus, systemOf } from './errors.ts';
import { sendExchange } from './exchange.ts';
import { evaluateExpression } from './expressions.ts';
import type { ExchangeObserver } from './gateway.ts';
import type { HttpRequest, HttpResponse } from './http-transport.ts';
import { buildDeclaredRequest } from './request-builder.ts';

/** Options of one logical call (which may make a token fetch and one retry after refresh). */
export interface CallOptions {
  input: JsonObject;
  write: boolean;
  observe?: ExchangeObserver | undefined;
  signal?: AbortSignal | undefined;
}

/** Looks up an operation or throws CONNECTOR_UNKNOWN_OPERATION. */
export function operationOf(rt: ConnectionRuntime, operationId: string): OperationDeclaration {
  const op = Object.hasOwn(rt.connector.operations, operationId)
    ? rt.connector.operations[operationId]
    : undefined;
  if (!op) {
    throw new QiaoError(
      'CONNECTOR_UNKNOWN_OPERATION',
      `连接器 ${rt.connector.id} 没有接口 ${operationId} / no such operation`,
      {
        details: { connector: rt.connector.id, operation: operationId },
      },
    );
  }
  return op;
}

/** Whether an operation writes (a lost response is then an uncertain write). */
export function isWrite(op: OperationDeclaration, input: JsonObject): boolean {
  if (typeof op.write === 'function') return op.write(input);
  return op.write ?? (op.batch !== undefined || (op.method ?? 'GET') !== 'GET');
}

/**
 * Runs one operation call: credential, request (built by `build`), auth, exchange, classification.
 * An auth-expired answer (HTTP 401 or signalled in a 200 body) refreshes the credential once and retries once.
 */
export async function performCall(
  deps: KitDeps,
  rt: ConnectionRuntime,
  operationId: string,
  build: (context: OperationContext) => Promise<HttpRequest>,
  options: CallOptions,
): Promise<{ response: HttpResponse; context: OperationContext }> {
  const op = operationOf(rt, operationId);
  const sources = credentialSources(deps, rt, options);
  for (let refreshed = false; ; refreshed = true) {
    const token = await currentCredential(deps, rt, sources);
    const context: OperationContext = {
      ...scopeOf(rt, options.input, token),
      connectionId: rt.connectionId,
      operationId,
      baseUrl: rt.baseUrl,
    };
    const request = await injectAuth(rt, await build(context), token);
    try {
      const response = await sendExchange(deps, rt, {
        operationId,
        request,
        token,
        write: options.write,
        classify: (res) => classifyResponse(rt, op, operationId, request, res, options.write),
        rate: rateOf(rt, operationId, op),
        observe: options.observe,
        signal: options.signal,
      });
      return { response, context };
    } catch (error) {
      const expired = error instanceof QiaoError && error.kind === 'auth-expired';
      if (!expired || refreshed || token === null) throw error;
      deps.credentials.invalidate(rt.cacheKey, token);
    }
  }
}

function scopeOf(rt: ConnectionRuntime, input: JsonObject, token: string | null) {
  return { input, config: rt.config, secrets: rt.secrets, token };
}

function credentialSources(deps: KitDeps, rt: ConnectionRuntime, options: CallOptions): CredentialSources {
  const sendRaw = (operationId: string, request: HttpRequest, op?: OperationDeclaration) =>
    sendExchange(deps, rt, {
      operationId,
      request,
      token: null,
      write: false,
      classify: (res) => classifyResponse(rt, op ?? {}, operationId, request, res, false, true),
      observe: options.observe,
      signal: options.signal,
    });
  return {
    async runOperation(operationId) {
      const op = operationOf(rt, operationId);
      const context = {
        ...scopeOf(rt, {}, null),
        connectionId: rt.connectionId,
        operationId,
        baseUrl: rt.baseUrl,
      };
      return sendRaw(operationId, await buildDeclaredRequest(op, context), op);
    },
    context: {
      connectionId: rt.connectionId,
      config: rt.config,
      secrets: rt.secrets,
      baseUrl: rt.baseUrl,
      send: (request) => sendRaw('auth', request),
    },
  };
}

function rateOf(
  rt: ConnectionRuntime,
  operationId: string,
  op: OperationDeclaration,
): { key: string; limit: RateLimitSpec } | undefined {
  if (rt.rateLimit) return { key: rt.connectionId, limit: rt.rateLimit };
  if (op.rateLimit) return { key: `${rt.connectionId}:${operationId}`, limit: op.rateLimit };
  const limit = rt.connector.rateLimit;
  if (!limit) return undefined;
  return { key: limit.per === 'operation' ? `${rt.connectionId}:${operationId}` : rt.connectionId, limit };
}

/**
 * Classifies a response: the connector's classifier first, then auth expiry signalled in the body,
 * then the operation's `errorWhen`, then the HTTP status. `fetchingCredential` skips the expiry check.
 */
export async function classifyResponse(
  rt: ConnectionRuntime,
  op: OperationDeclaration,
  operationId: string,
  request: HttpRequest,
  response: HttpResponse,
  write: boolean,
  fetchingCredential = false,
): Promise<QiaoError | undefined> {
  const custom = rt.connector.classifyError?.({ operationId, request, response, write, config: rt.config });
  if (custom) return custom;
  const auth = rt.connector.auth;
  if (!fetchingCredential && (await signalsExpiry(auth, response))) {
    return new QiaoError('CONNECTOR_AUTH_EXPIRED', '令牌或会话已过期 / token or session expired', {
      system: systemOf(response),
    });
  }
  const data = { status: response.status, headers: response.headers, body: response.body };
  if (op.errorWhen && (await evaluateExpression(op.errorWhen, data)) === true) {
    const message = op.errorMessage ? await evaluateExpression(op.errorMessage, data) : undefined;
    const text = typeof message === 'string' ? message : `HTTP ${response.status}`;
    return new QiaoError('CONNECTOR_REJECTED', `目标系统返回错误 / ${text}`, { system: systemOf(response) });
  }
  const byStatus = classifyStatus(response, Date.now());
  if (byStatus?.code === 'CONNECTOR_AUTH_EXPIRED' && (!isRefreshable(auth) || fetchingCredential)) {
    return new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      `认证失败 / ${byStatus.message}`,
      byStatus.system ? { system: byStatus.system } : {},
    );
  }
  return byStatus;
}
