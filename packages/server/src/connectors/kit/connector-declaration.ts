import type { OperationDefinition, PaginationDefinition } from '../../definitions/schema.ts';
import type { QiaoError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import type { BatchItemResult, WrittenRef } from './gateway.ts';
import type { HttpRequest, HttpResponse, TransportFailure } from './http-transport.ts';

/** A rate limit: a token bucket of `perSecond` refills and `burst` capacity (default 1). */
export interface RateLimitSpec {
  perSecond: number;
  burst?: number;
}

/** What every template and hook sees of a call: `{ input, config, secrets, token }`. */
export interface TemplateScope {
  input: JsonObject;
  config: JsonObject;
  secrets: Record<string, string>;
  token: string | null;
}

/** A credential fetched by a token/session/oauth2 auth, cached per connection. */
export interface CredentialGrant {
  /** The token, or the `Cookie` header value of a session. */
  value: string;
  /** Seconds the credential lives (from the system's answer); absent: until the system says it expired. */
  expiresInSeconds?: number;
}

/** What an auth code hook may use: the connection and a way to send raw requests (reported, signed, policed). */
export interface AuthContext {
  connectionId: string;
  config: JsonObject;
  secrets: Record<string, string>;
  baseUrl: string;
  /** Sends one request through the kit's transport (no auth injected; `sign` applied). */
  send(request: HttpRequest): Promise<HttpResponse>;
}

/** Says whether a 2xx response actually reports an expired token/session: an expression over `{status, headers, body}` or a function. */
export type ExpiredWhen = string | ((response: HttpResponse) => boolean);

/** How a fetched token is put into each request. */
export type TokenInjection =
  | { in: 'header' | 'query'; name: string; prefix?: string }
  | ((request: HttpRequest, token: string) => HttpRequest);

/** A token fetched by one of the connector's operations or by a code hook, cached per connection. */
export interface TokenAuth {
  type: 'token';
  /** The operation fetching the token (declarative); its response body is the scope of `token`/`expiresIn`. */
  operation?: string;
  /** Expression over the token operation's response body giving the token. */
  token?: string;
  /** Expression giving the lifetime in seconds. */
  expiresIn?: string;
  /** Code hook fetching the token instead of `operation`. */
  fetch?: (context: AuthContext) => Promise<CredentialGrant>;
  inject: TokenInjection;
  expiredWhen?: ExpiredWhen;
  /** Refresh this long before the expiry (default 5 minutes, capped at a tenth of the lifetime). */
  refreshBeforeMs?: number;
}

/** A login returning a session cookie that is replayed on every call (K3Cloud `ValidateUser`). */
export interface SessionAuth {
  type: 'session';
  /** The login operation (declarative); its `Set-Cookie` headers become the session. */
  operation?: string;
  /** Code hook logging in instead of `operation`; returns the `Cookie` header value. */
  login?: (context: AuthContext) => Promise<CredentialGrant>;
  expiredWhen?: ExpiredWhen;
  /** Idle lifetime to assume, in seconds, when the system does not say. */
  ttlSeconds?: number;
}

/** Every auth kind a connector can declare; strings are templates over `{ config, secrets }`. */
export type AuthDeclaration =
  | { type: 'none' }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; value: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string }
  | TokenAuth
  | SessionAuth
  | {
      type: 'oauth2ClientCredentials';
      tokenUrl: string;
      clientId: string;
      clientSecret: string;
      scope?: string;
    };

/** Signs a request just before it is sent (K3Cloud `X-Api-*` headers, JDY gateway HMAC). */
export type RequestSigner = (
  request: HttpRequest,
  credentials: { config: JsonObject; secrets: Record<string, string>; token: string | null },
) => HttpRequest | Promise<HttpRequest>;

/** What an error classifier is given: a response or a transport failure, and the call it belongs to. */
export interface ClassifyInput {
  operationId: string;
  request: HttpRequest;
  response?: HttpResponse;
  failure?: TransportFailure;
  /** Whether the operation writes (a lost response is then an uncertain write). */
  write: boolean;
  /** The connection's config (e.g. a connector-specific back-off setting); absent in bare unit calls. */
  config?: JsonObject;
}

/** Turns a response (even a 200 with an error inside) or failure into a QiaoError; undefined: success / use the default rules. */
export type ErrorClassifier = (input: ClassifyInput) => QiaoError | undefined;

/** The call context a code hook sees. */
export interface OperationContext extends TemplateScope {
  connectionId: string;
  operationId: string;
  baseUrl: string;
}

/** Code pagination for what the declarative styles can't express. */
export interface CustomPagination {
  style: 'custom';
  /** Puts the cursor into the request (cursor is null on the first page). */
  apply(request: HttpRequest, cursor: JsonValue): HttpRequest;
  /** Reads the items and the next cursor (null at the end) of a response; `context` is the call's (its input). */
  read(
    response: HttpResponse,
    cursor: JsonValue,
    context?: OperationContext,
  ): { items: JsonValue[]; next: JsonValue };
}

/** Declarative pagination (the document format's styles) with `firstPage` optional, or a code hook. */
export type PaginationDeclaration =
  | (Omit<Extract<PaginationDefinition, { style: 'page' }>, 'firstPage'> & { firstPage?: number })
  | Exclude<PaginationDefinition, { style: 'page' }>
  | CustomPagination;

/** Finds a record already written (before re-sending an uncertain write). */
export type FindWrittenHook = (args: {
  record: JsonValue;
  context: OperationContext;
  call(operationId: string, input: JsonObject): Promise<JsonValue>;
}) => Promise<WrittenRef | null>;

/** Code hooks of an operation, for what templates can't declare. */
export interface OperationHooks {
  /** Builds the request instead of the templates (custom envelopes). */
  buildRequest?: (context: OperationContext) => HttpRequest | Promise<HttpRequest>;
  /** Parses the output instead of the `output` expression. */
  parseOutput?: (response: HttpResponse, context: OperationContext) => JsonValue | Promise<JsonValue>;
  /** Parses per-record batch results instead of the `batch.results` expression. */
  parseBatch?: (response: HttpResponse, records: JsonValue[], context: OperationContext) => BatchItemResult[];
  findWritten?: FindWrittenHook;
  /** Whether the operation writes (or a function of the input); default: every method but GET, and every batch. */
  write?: boolean | ((input: JsonObject) => boolean);
  /** Overrides the connector's default rate limit for this operation. */
  rateLimit?: RateLimitSpec;
  /**
   * How far back a listing can reach, in ms before now (DingTalk listids: 365 days): a backfill that
   * starts earlier is refused before it runs instead of failing at the system.
   */
  maxAgeMs?: number;
}

/** One operation: the document format's declarative shape plus optional code hooks. */
export interface OperationDeclaration
  extends Omit<OperationDefinition, 'pagination' | 'batch' | 'method' | 'path'>,
    OperationHooks {
  method?: OperationDefinition['method'];
  path?: string;
  pagination?: PaginationDeclaration;
  batch?: { recordsParam: string; maxSize?: number; results: string };
}

/** A connector: one folder's `connector.ts` (built-in) or a user's `connector` document made into data. */
export interface ConnectorDeclaration {
  id: string;
  version: string;
  name: { zh: string; en: string };
  description?: string;
  /** `user`: made by a user (subject to the address policy). */
  origin?: 'builtIn' | 'user';
  /** Base URL template over `{ config }`; the connection's `config.baseUrl` overrides it. */
  baseUrl?: string;
  auth: AuthDeclaration;
  /** Applied to every request (token fetches included) after auth injection. */
  sign?: RequestSigner;
  operations: Record<string, OperationDeclaration>;
  classifyError?: ErrorClassifier;
  /** Default rate limit; `per: 'operation'` keys the bucket by connection + operation (DingTalk: 20/s per API). */
  rateLimit?: RateLimitSpec & { per?: 'connection' | 'operation' };
  /** Default per-call timeout (the connection's `config.timeoutMs` overrides it). */
  timeoutMs?: number;
}

/** Where the gateway finds connector declarations. */
export interface ConnectorRegistry {
  get(connectorId: string): ConnectorDeclaration | undefined | Promise<ConnectorDeclaration | undefined>;
}

/** Builds a registry from a list of declarations. */
export function createConnectorRegistry(declarations: ConnectorDeclaration[]): ConnectorRegistry {
  const byId = new Map(declarations.map((d) => [d.id, d]));
  return { get: (id) => byId.get(id) };
}

/** Declares a connector with its type checked (identity). */
export function defineConnector(declaration: ConnectorDeclaration): ConnectorDeclaration {
  return declaration;
}

/** Declares one operation with its type checked (identity). */
export function defineOperation(operation: OperationDeclaration): OperationDeclaration {
  return operation;
}
