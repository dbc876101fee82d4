import { bilingual, type ErrorCode, QiaoError } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import { isJsonObject } from '../../json.ts';
import type { ClassifyInput } from './connector-declaration.ts';
import type { HttpResponse } from './http-transport.ts';

/** Builders of the error classes a connector's classifier returns (system's own error kept in `system`). */
export const connectorErrors = {
  /** A retryable failure (network-ish, 5xx-ish, "system busy"). */
  operational: (message: string, system?: JsonValue) => make('CONNECTOR_UNAVAILABLE', message, system),
  /** The system throttled us; the engine waits `retryAfterMs` before retrying. */
  rateLimited: (message: string, retryAfterMs?: number, system?: JsonValue) =>
    make('CONNECTOR_RATE_LIMITED', message, system, retryAfterMs),
  /** The token or session expired: the gateway refreshes once and retries once. */
  authExpired: (message: string, system?: JsonValue) => make('CONNECTOR_AUTH_EXPIRED', message, system),
  /** The credentials are wrong (refreshing will not help). */
  authFailed: (message: string, system?: JsonValue) => make('CONNECTOR_AUTH_FAILED', message, system),
  /** A permanent business or validation error, with the system's own message. */
  user: (message: string, system?: JsonValue) => make('CONNECTOR_REJECTED', message, system),
  /** The system reports the record already exists. */
  duplicate: (message: string, system?: JsonValue) => make('CONNECTOR_DUPLICATE', message, system),
  /** A monthly/daily quota ran out (not worth retrying soon). */
  quotaExceeded: (message: string, system?: JsonValue) => make('CONNECTOR_QUOTA_EXCEEDED', message, system),
};

function make(code: ErrorCode, message: string, system?: JsonValue, retryAfterMs?: number): QiaoError {
  const options: ConstructorParameters<typeof QiaoError>[2] = {};
  if (system !== undefined) options.system = isJsonObject(system) ? system : { body: system };
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new QiaoError(code, message, options);
}

/**
 * The default classification of a transport failure: timeout → CONNECTOR_TIMEOUT, connection
 * trouble → CONNECTOR_NETWORK, except for a write whose request had left (dropped connection or
 * timeout after sending) → CONNECTOR_UNCERTAIN_WRITE.
 */
export function classifyFailure(input: Required<Pick<ClassifyInput, 'failure'>> & ClassifyInput): QiaoError {
  const { failure } = input;
  const details = {
    requestSent: failure.requestSent,
    transport: failure.kind,
    ...(failure.code ? { errno: failure.code } : {}),
  };
  if (failure.kind === 'aborted')
    return new QiaoError('RUN_CANCELLED', '调用已取消 / call aborted', { details });
  if (input.write && failure.requestSent) {
    return new QiaoError(
      'CONNECTOR_UNCERTAIN_WRITE',
      bilingual(
        `写入结果未知：请求已发出但没有收到响应（${failure.message}）`,
        `write outcome unknown: the request was sent but no response came (${failure.message})`,
      ),
      { details },
    );
  }
  if (failure.kind === 'timeout')
    return new QiaoError(
      'CONNECTOR_TIMEOUT',
      bilingual(`调用超时（${failure.message}）`, `call timed out (${failure.message})`),
      { details },
    );
  return new QiaoError(
    'CONNECTOR_NETWORK',
    bilingual(`网络错误（${failure.message}）`, `network error (${failure.message})`),
    { details },
  );
}

/** The default classification of an HTTP status (2xx: undefined = success). */
export function classifyStatus(response: HttpResponse, now: number): QiaoError | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const system = systemOf(response);
  const text = summary(response);
  if (status === 429) {
    return new QiaoError(
      'CONNECTOR_RATE_LIMITED',
      bilingual(`触发限流（HTTP 429）${text}`, `rate limited (HTTP 429)${text}`),
      {
        system,
        ...retryAfter(response.headers['retry-after'], now),
      },
    );
  }
  if (status === 401)
    return new QiaoError(
      'CONNECTOR_AUTH_EXPIRED',
      bilingual(`认证失效（HTTP 401）${text}`, `unauthorized (HTTP 401)${text}`),
      { system },
    );
  if (status === 409)
    return new QiaoError(
      'CONNECTOR_DUPLICATE',
      bilingual(`记录重复（HTTP 409）${text}`, `duplicate (HTTP 409)${text}`),
      { system },
    );
  if (status >= 500 || status === 408) {
    return new QiaoError(
      'CONNECTOR_UNAVAILABLE',
      bilingual(
        `目标系统暂不可用（HTTP ${status}）${text}`,
        `the target system is unavailable (HTTP ${status})${text}`,
      ),
      { system },
    );
  }
  return new QiaoError(
    'CONNECTOR_REJECTED',
    bilingual(
      `目标系统拒绝了请求（HTTP ${status}）${text}`,
      `the target system rejected the request (HTTP ${status})${text}`,
    ),
    { system },
  );
}

/** Parses a Retry-After header (seconds or an HTTP date) into `{ retryAfterMs }`. */
export function retryAfter(header: string | undefined, now: number): { retryAfterMs?: number } {
  if (!header) return {};
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return { retryAfterMs: Math.max(0, Math.round(seconds * 1000)) };
  const date = Date.parse(header);
  return Number.isNaN(date) ? {} : { retryAfterMs: Math.max(0, date - now) };
}

/** The system's own error: the response body (object as is, otherwise wrapped) with the status. */
export function systemOf(response: HttpResponse): { [key: string]: JsonValue } {
  const body = response.body;
  return isJsonObject(body)
    ? { status: response.status, ...body }
    : { status: response.status, body: clip(body) };
}

function summary(response: HttpResponse): string {
  const body = response.body;
  if (isJsonObject(body)) {
    const message =
      body.message ?? body.errmsg ?? body.msg ?? body.Message ?? body.error_description ?? body.error;
    if (typeof message === 'string') return `: ${message}`;
  }
  return typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : '';
}

function clip(body: JsonValue): JsonValue {
  return typeof body === 'string' && body.length > 2000 ? `${body.slice(0, 2000)}…` : body;
}
