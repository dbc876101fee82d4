import { performance } from 'node:perf_hooks';
import { QiaoError } from '../../errors/index.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type { RateLimitSpec } from './connector-declaration.ts';
import { classifyFailure } from './errors.ts';
import type { Exchange, ExchangeObserver } from './gateway.ts';
import { type HttpRequest, type HttpResponse, TransportError } from './http-transport.ts';
import { createExchangeRedactor, type Redactor, redactExchange } from './redact.ts';

/** One HTTP exchange's parameters. */
export interface ExchangeArgs {
  operationId: string;
  request: HttpRequest;
  token: string | null;
  write: boolean;
  classify: (response: HttpResponse) => Promise<QiaoError | undefined>;
  rate?: { key: string; limit: RateLimitSpec };
  observe?: ExchangeObserver | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Sends one request: address policy (user connectors), signing, rate limit, transport with timeout,
 * classification; reports the exchange (redacted, capped) and throws the classified QiaoError.
 */
export async function sendExchange(
  deps: KitDeps,
  rt: ConnectionRuntime,
  args: ExchangeArgs,
): Promise<HttpResponse> {
  const startedAt = deps.clock.now();
  const t0 = performance.now();
  const report = (request: HttpRequest, response?: HttpResponse, error?: unknown) => {
    if (!args.observe) return;
    // An observer that samples (sync step records) says first whether it keeps this one: a dropped
    // exchange costs no copy and no redaction pass over its bodies.
    const failed = response === undefined || (error !== undefined && error !== null);
    if (args.observe.wants?.(failed) === false) return;
    const exchange: Exchange = {
      request: { method: request.method, url: request.url, headers: request.headers },
      startedAt,
      durationMs: Math.round((performance.now() - t0) * 1000) / 1000,
    };
    if (request.body !== undefined) exchange.request.body = request.body;
    if (response)
      exchange.response = { status: response.status, headers: response.headers, body: response.body };
    if (error instanceof QiaoError) exchange.error = error.toStructured();
    args.observe(redactExchange(exchange, redactorOf(rt, args.token)));
  };
  let request = args.request;
  try {
    if (rt.connector.origin === 'user' && deps.guard) await deps.guard(request.url);
    if (rt.connector.sign)
      request = await rt.connector.sign(request, {
        config: rt.config,
        secrets: rt.secrets,
        token: args.token,
      });
    if (args.rate) await deps.limiter.acquire(args.rate.key, args.rate.limit, args.signal);
  } catch (error) {
    report(request, undefined, error);
    throw error;
  }
  let response: HttpResponse;
  try {
    const options = args.signal
      ? { timeoutMs: rt.timeoutMs, signal: args.signal }
      : { timeoutMs: rt.timeoutMs };
    response = await deps.transport.send(request, options);
  } catch (error) {
    const classified = classifyTransportError(rt, args, request, error);
    report(request, undefined, classified);
    throw classified;
  }
  const error = await args.classify(response).catch((e: unknown) => e);
  report(request, response, error);
  if (error) throw error;
  return response;
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
