import { bilingual, QiaoError } from '../../errors/index.ts';
import type { JsonObject } from '../../json.ts';
import {
  type CredentialSources,
  cachedCredential,
  currentCredential,
  injectAuth,
  isRefreshable,
  verifyCredential,
} from './auth.ts';
import { countCredentialFetch } from './call-metrics.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type { OperationContext, OperationDeclaration, RateLimitSpec } from './connector-declaration.ts';
import { sendExchange } from './exchange.ts';
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
      bilingual(
        `连接器 ${rt.connector.id} 没有接口 ${operationId}`,
        `connector ${rt.connector.id} has no operation ${operationId}`,
      ),
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
 * A cached credential, a code-built request and a fetched-kind auth are taken without awaiting:
 * the common call waits only on the exchange.
 */
export async function performCall(
  deps: KitDeps,
  rt: ConnectionRuntime,
  operationId: string,
  build: (op: OperationDeclaration, context: OperationContext) => HttpRequest | Promise<HttpRequest>,
  options: CallOptions,
): Promise<{ response: HttpResponse; context: OperationContext }> {
  const op = operationOf(rt, operationId);
  const rate = rateOf(rt, operationId, op);
  for (let refreshed = false; ; refreshed = true) {
    let token = cachedCredential(deps, rt);
    // Sources (closures) are built only when a credential has to be fetched.
    if (token === undefined)
      token = await currentCredential(deps, rt, () => credentialSources(deps, rt, options));
    const context: OperationContext = {
      input: options.input,
      config: rt.config,
      secrets: rt.secrets,
      token,
      connectionId: rt.connectionId,
      operationId,
      baseUrl: rt.baseUrl,
    };
    const built = build(op, context);
    const authed = injectAuth(rt, built instanceof Promise ? await built : built, token);
    const request = authed instanceof Promise ? await authed : authed;
    try {
      const response = await sendExchange(deps, rt, {
        operationId,
        op,
        request,
        token,
        write: options.write,
        rate,
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

/** `verifyCredential` with the exchanges the fetch makes reported to `observe` (true: a credential was fetched). */
export function verifyConnectionCredential(
  deps: KitDeps,
  rt: ConnectionRuntime,
  observe?: ExchangeObserver,
): Promise<boolean> {
  const verified = verifyCredential(rt, credentialSources(deps, rt, { input: {}, write: false, observe }));
  return isRefreshable(rt.connector.auth)
    ? countCredentialFetch(deps.metrics, rt.connector.id, verified)
    : verified;
}

function scopeOf(rt: ConnectionRuntime, input: JsonObject, token: string | null) {
  return { input, config: rt.config, secrets: rt.secrets, token };
}

function credentialSources(deps: KitDeps, rt: ConnectionRuntime, options: CallOptions): CredentialSources {
  const sendRaw = (operationId: string, request: HttpRequest, op?: OperationDeclaration) =>
    sendExchange(deps, rt, {
      operationId,
      op: op ?? {},
      fetchingCredential: true,
      request,
      token: null,
      write: false,
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
      const request = buildDeclaredRequest(op, context);
      return sendRaw(operationId, request instanceof Promise ? await request : request, op);
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

type Rate = { key: string; limit: RateLimitSpec } | undefined;

/** Rate-limit key and limit of an operation, worked out once per connection runtime and operation. */
function rateOf(rt: ConnectionRuntime, operationId: string, op: OperationDeclaration): Rate {
  let rates = rt.rates;
  if (rates === undefined) {
    rates = new Map<string, Rate>();
    rt.rates = rates;
  }
  if (rates.has(operationId)) return rates.get(operationId);
  const rate = rateFor(rt, operationId, op);
  rates.set(operationId, rate);
  return rate;
}

/**
 * The bucket of a call. A connection's own `rateLimit` sets the rate but keeps the connector's scope:
 * DingTalk counts per app and API, so `rateLimit: {perSecond: 19}` on a DingTalk connection is 19/s for
 * each API (listing, detail and comment calls do not share one bucket). An operation's own limit
 * (declared in the connector) has its own bucket.
 */
function rateFor(rt: ConnectionRuntime, operationId: string, op: OperationDeclaration): Rate {
  const perOperation = `${rt.connectionId}:${operationId}`;
  const scope = rt.connector.rateLimit?.per === 'operation' ? perOperation : rt.connectionId;
  if (rt.rateLimit) return { key: scope, limit: rt.rateLimit };
  if (op.rateLimit) return { key: perOperation, limit: op.rateLimit };
  const limit = rt.connector.rateLimit;
  if (!limit) return undefined;
  return { key: scope, limit };
}
