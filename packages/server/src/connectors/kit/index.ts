export { type AddressGuard, type AddressPolicy, createAddressGuard } from './address-policy.ts';
export { cookieHeader, isRefreshable } from './auth.ts';
export { type CallOutcome, callOutcomeOf, type GatewayMetrics } from './call-metrics.ts';
export { type Clock, createManualClock, systemClock } from './clock.ts';
export {
  type AuthContext,
  type AuthDeclaration,
  type ClassifyInput,
  type ConnectorDeclaration,
  type ConnectorRegistry,
  type CredentialGrant,
  type CustomPagination,
  createConnectorRegistry,
  defineConnector,
  defineOperation,
  type ErrorClassifier,
  type ExpiredWhen,
  type FindWrittenHook,
  type OperationContext,
  type OperationDeclaration,
  type OperationHooks,
  type PaginationDeclaration,
  type RateLimitSpec,
  type RequestSigner,
  type SessionAuth,
  type TemplateScope,
  type TokenAuth,
  type TokenInjection,
} from './connector-declaration.ts';
export {
  type ConnectionResolver,
  createConnectorGateway,
  describeOperation,
  type GatewayOptions,
  type KitGateway,
  type ResolvedConnection,
} from './create-gateway.ts';
export { type CachedCredential, type CredentialCache, createCredentialCache } from './credential-cache.ts';
export { classifyFailure, classifyStatus, connectorErrors, retryAfter, systemOf } from './errors.ts';
export { evaluateExpression, renderTemplate, renderText } from './expressions.ts';
export type * from './gateway.ts';
export {
  DEFAULT_ACCEPT,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  parseBody,
  type SendOptions,
  serializeBody,
  TransportError,
  type TransportFailure,
} from './http-transport.ts';
export { createNodeTransport } from './node-transport.ts';
export { importOpenApi, type OpenApiImport } from './openapi-import.ts';
export { createTokenBucketLimiter, type RateLimiter } from './rate-limiter.ts';
export { BODY_CAP, capBody, createExchangeRedactor, type Redactor, redactExchange } from './redact.ts';
export { joinUrl, setParam } from './request-builder.ts';
export { type TestCallRequest, type TestCallResult, testCall, testCredentials } from './test-call.ts';
export { createUndiciTransport, type UndiciTransportOptions } from './undici-transport.ts';
