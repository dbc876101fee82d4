import type { JsonObject } from '../../json.ts';
import type { AddressGuard } from './address-policy.ts';
import type { GatewayMetrics } from './call-metrics.ts';
import type { Clock } from './clock.ts';
import type { ConnectorDeclaration, RateLimitSpec } from './connector-declaration.ts';
import type { CredentialCache } from './credential-cache.ts';
import type { HttpTransport, SendOptions } from './http-transport.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** A connection ready to call: its connector, configuration and decrypted secrets. */
export interface ConnectionRuntime {
  connectionId: string;
  connector: ConnectorDeclaration;
  config: JsonObject;
  secrets: Record<string, string>;
  baseUrl: string;
  timeoutMs: number;
  /** The connection's own rate limit (overrides the connector's). */
  rateLimit?: RateLimitSpec;
  /** Credential cache key: the connection plus a fingerprint of its settings (rotated secrets get a new token). */
  cacheKey: string;
  /** Rate-limit key and limit per operation, worked out on first use (call-pipeline). */
  rates?: Map<string, { key: string; limit: RateLimitSpec } | undefined>;
  /** Transport options of calls without a cancel signal, made once (transports only read them). */
  sendOptions?: SendOptions;
}

/** The gateway's collaborators, shared by every call. */
export interface KitDeps {
  transport: HttpTransport;
  clock: Clock;
  limiter: RateLimiter;
  credentials: CredentialCache;
  /** Applied to user-defined connectors only. */
  guard?: AddressGuard;
  /** Told of every exchange, credential fetch and rate-limit wait (none: nothing is measured). */
  metrics?: GatewayMetrics;
}
