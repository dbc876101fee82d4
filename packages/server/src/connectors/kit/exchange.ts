import { performance } from 'node:perf_hooks';
import { QiaoError } from '../../errors/index.ts';
import { callOutcomeOf, type GatewayMetrics } from './call-metrics.ts';
import { classifyResponse } from './classify-response.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type { OperationDeclaration, RateLimitSpec } from './connector-declaration.ts';
import { classifyFailure } from './errors.ts';
import type { Exchange, ExchangeObserver } from './gateway.ts';
import { type HttpRequest, type HttpResponse, type SendOptions, TransportError } from './http-transport.ts';
import { createExchangeRedactor, type Redactor, redactExchange } from './redact.ts';

/** One HTTP exchange's parameters. */
export interface ExchangeArgs {
  operationId: string;
  /** The operation whose `errorWhen` classifies the answer (`{}` for raw auth requests). */
  op: OperationDeclaration;
  /** A token/session fetch: its expiry check is skipped and a 401 means bad credentials. */
  fetchingCredential?: boolean;
  request: HttpRequest;
  token: string | null;
  write: boolean;
  rate?: { key: string; limit: RateLimitSpec } | undefined;
  observe?: ExchangeObserver | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Sends one request: address policy (user connectors), signing, rate limit, transport with timeout,
 * classification; reports the exchange (redacted, capped) and throws the classified QiaoError.
 * With `deps.metrics`, also counts the exchange by outcome, with the transport's seconds.
 */
export async function sendExchange(
  deps: KitDeps,
  rt: ConnectionRuntime,
  args: ExchangeArgs,
): Promise<HttpResponse> {
  const startedAt = deps.clock.now();
  const t0 = args.observe ? performance.now() : 0;
  const metrics = deps.metrics;
  let request = args.request;
  try {
    if (rt.connector.origin === 'user' && deps.guard) await deps.guard(request.url);
    if (rt.connector.sign) {
      const signed = rt.connector.sign(request, {
        config: rt.config,
        secrets: rt.secrets,
        token: args.token,
      });
      request = signed instanceof Promise ? await signed : signed;
    }
    if (args.rate) {
      const wait = deps.limiter.acquire(args.rate.key, args.rate.limit, args.signal);
      if (wait) await (metrics ? timedWait(metrics, rt.connector.id, wait) : wait);
    }
  } catch (error) {
    report(rt, args, startedAt, t0, request, undefined, error);
    metrics?.exchange(rt.connector.id, args.operationId, callOutcomeOf(error), undefined);
    throw error;
  }
  const sentAt = metrics ? performance.now() : 0;
  let response: HttpResponse;
  try {
    response = await deps.transport.send(request, sendOptionsOf(rt, args.signal));
  } catch (error) {
    const classified = classifyTransportError(rt, args, request, error);
    report(rt, args, startedAt, t0, request, undefined, classified);
    metrics?.exchange(rt.connector.id, args.operationId, callOutcomeOf(classified), secondsSince(sentAt));
    throw classified;
  }
  const seconds = metrics ? secondsSince(sentAt) : 0;
  let error: unknown;
  try {
    // The classifier sees the request as the pipeline built it (before `sign`), as it always has.
    const classified = classifyResponse(
      rt,
      args.op,
      args.operationId,
      args.request,
      response,
      args.write,
      args.fetchingCredential,
    );
    error = classified instanceof Promise ? await classified : classified;
  } catch (thrown) {
    error = thrown;
  }
  report(rt, args, startedAt, t0, request, response, error);
  metrics?.exchange(rt.connector.id, args.operationId, callOutcomeOf(error), seconds);
  if (error) throw error;
  return response;
}

function secondsSince(from: number): number {
  return (performance.now() - from) / 1000;
}

/** Waits shorter than this are not counted: in cluster mode every call asks Redis for its slot (a round trip, not a wait). */
const MIN_COUNTED_WAIT_S = 0.001;

/** Awaits a rate-limit wait and reports how long it held the call. */
async function timedWait(metrics: GatewayMetrics, connectorId: string, wait: Promise<void>): Promise<void> {
  const from = performance.now();
  try {
    await wait;
  } finally {
    const seconds = secondsSince(from);
    if (seconds >= MIN_COUNTED_WAIT_S) metrics.rateLimitWait(connectorId, seconds);
  }
}

/** The transport options of a call: one shared object per connection runtime unless the call has a signal. */
function sendOptionsOf(rt: ConnectionRuntime, signal: AbortSignal | undefined): SendOptions {
  if (signal) return { timeoutMs: rt.timeoutMs, signal };
  rt.sendOptions ??= { timeoutMs: rt.timeoutMs };
  return rt.sendOptions;
}

/**
 * Hands the exchange to the observer, redacted and capped. An observer that samples (sync step
 * records) says first whether it keeps this one: a dropped exchange costs no copy and no redaction.
 */
function report(
  rt: ConnectionRuntime,
  args: ExchangeArgs,
  startedAt: number,
  t0: number,
  request: HttpRequest,
  response: HttpResponse | undefined,
  error: unknown,
): void {
  const observe = args.observe;
  if (!observe) return;
  const failed = response === undefined || (error !== undefined && error !== null);
  if (observe.wants?.(failed) === false) return;
  const exchange: Exchange = {
    request: { method: request.method, url: request.url, headers: request.headers },
    startedAt,
    durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
  };
  if (request.body !== undefined) exchange.request.body = request.body;
  if (response)
    exchange.response = { status: response.status, headers: response.headers, body: response.body };
  if (error instanceof QiaoError) exchange.error = error.toStructured();
  observe(redactExchange(exchange, redactorOf(rt, args.token)));
}

/** Redactors by connection (`cacheKey`: id + settings fingerprint) and token: building one compiles a RegExp. */
const redactors = new Map<string, { token: string | null; redact: Redactor }>();
const REDACTOR_CACHE_SIZE = 256;

function redactorOf(rt: ConnectionRuntime, token: string | null): Redactor {
  const hit = redactors.get(rt.cacheKey);
  if (hit !== undefined && hit.token === token) return hit.redact;
  const redact = createExchangeRedactor([...Object.values(rt.secrets), ...(token ? [token] : [])]);
  if (hit === undefined && redactors.size >= REDACTOR_CACHE_SIZE)
    redactors.delete(redactors.keys().next().value ?? '');
  redactors.set(rt.cacheKey, { token, redact });
  return redact;
}

function classifyTransportError(
  rt: ConnectionRuntime,
  args: ExchangeArgs,
  request: HttpRequest,
  error: unknown,
): unknown {
  if (!(error instanceof TransportError)) return error;
  const input = {
    operationId: args.operationId,
    request,
    failure: error.failure,
    write: args.write,
    config: rt.config,
  };
  return rt.connector.classifyError?.(input) ?? classifyFailure(input);
}
