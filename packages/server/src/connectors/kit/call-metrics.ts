import { type ErrorCode, QiaoError } from '../../errors/index.ts';

/**
 * What became of one exchange or credential fetch, from the kit's error classification: `ok`, a class
 * named after the connector error code (`rate_limited`, `auth_expired`, `unavailable`, `timeout`…), or
 * by kind for any other code (`retryable`, `permanent`, `error`). A small fixed set (a metric label).
 */
export type CallOutcome =
  | 'ok'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'auth_expired'
  | 'auth_failed'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'uncertain_write'
  | 'rejected'
  | 'duplicate'
  | 'denied'
  | 'cancelled'
  | 'retryable'
  | 'permanent'
  | 'error';

/**
 * Where the gateway reports what it does, for metrics (src/observability implements it with prom-client).
 * Labels are declaration ids only (connector, operation), never URLs, keys or input. Each method is
 * called on the call path: it must be cheap and must not throw.
 */
export interface GatewayMetrics {
  /**
   * One HTTP exchange with a system (token fetches included): its outcome and, when the request went
   * to the transport, the seconds from sending it to its answer or failure.
   */
  exchange(connectorId: string, operationId: string, outcome: CallOutcome, seconds: number | undefined): void;
  /** One token, session or OAuth2 fetch (a cached credential is no fetch) and its outcome. */
  credentialFetch(connectorId: string, outcome: CallOutcome): void;
  /** A call that waited for the client-side rate limiter, and for how long (seconds). */
  rateLimitWait(connectorId: string, seconds: number): void;
}

const OUTCOME_BY_CODE: Partial<Record<ErrorCode, CallOutcome>> = {
  CONNECTOR_RATE_LIMITED: 'rate_limited',
  CONNECTOR_QUOTA_EXCEEDED: 'quota_exceeded',
  CONNECTOR_AUTH_EXPIRED: 'auth_expired',
  CONNECTOR_AUTH_FAILED: 'auth_failed',
  CONNECTOR_UNAVAILABLE: 'unavailable',
  CONNECTOR_TIMEOUT: 'timeout',
  CONNECTOR_NETWORK: 'network',
  CONNECTOR_UNCERTAIN_WRITE: 'uncertain_write',
  CONNECTOR_REJECTED: 'rejected',
  CONNECTOR_DUPLICATE: 'duplicate',
  CONNECTOR_ADDRESS_DENIED: 'denied',
  RUN_CANCELLED: 'cancelled',
};

/** The outcome label of a call that ended with `error` (undefined or null: `ok`). */
export function callOutcomeOf(error: unknown): CallOutcome {
  if (error === undefined || error === null) return 'ok';
  if (!(error instanceof QiaoError)) return isAbort(error) ? 'cancelled' : 'error';
  const named = OUTCOME_BY_CODE[error.code];
  if (named) return named;
  if (error.kind === 'operational' || error.kind === 'auth-expired') return 'retryable';
  return error.kind === 'user' ? 'permanent' : 'error';
}

/** A cancel signal's reason (a rate-limit wait cut short by a cancelled run). */
function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** Reports a credential fetch's outcome to `metrics` (when there are any) once it settles; returns the fetch. */
export function countCredentialFetch<T>(
  metrics: GatewayMetrics | undefined,
  connectorId: string,
  fetch: Promise<T>,
): Promise<T> {
  if (!metrics) return fetch;
  return fetch.then(
    (value) => {
      metrics.credentialFetch(connectorId, 'ok');
      return value;
    },
    (error: unknown) => {
      metrics.credentialFetch(connectorId, callOutcomeOf(error));
      throw error;
    },
  );
}
