import { bilingual, QiaoError, quoted } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import { countCredentialFetch } from './call-metrics.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type {
  AuthContext,
  AuthDeclaration,
  CredentialGrant,
  ExpiredWhen,
  SessionAuth,
  TokenAuth,
} from './connector-declaration.ts';
import { evaluateExpression, renderText } from './expressions.ts';
import type { HttpRequest, HttpResponse } from './http-transport.ts';
import { setParam } from './request-builder.ts';

/** How auth fetches credentials: run one of the connector's operations unauthenticated, or send raw requests. */
export interface CredentialSources {
  runOperation(operationId: string): Promise<HttpResponse>;
  context: AuthContext;
}

/** Whether the auth holds a fetched credential that a refresh can renew. */
export function isRefreshable(auth: AuthDeclaration): boolean {
  return auth.type === 'token' || auth.type === 'session' || auth.type === 'oauth2ClientCredentials';
}

/**
 * The connection's current token or session (cached, single flight); null for static kinds.
 * `sources` is called only when the credential has to be fetched.
 */
export async function currentCredential(
  deps: KitDeps,
  rt: ConnectionRuntime,
  sources: () => CredentialSources,
): Promise<string | null> {
  const auth = rt.connector.auth;
  if (!isRefreshable(auth)) return null;
  const refreshBefore = auth.type === 'token' ? auth.refreshBeforeMs : undefined;
  const credential = await deps.credentials.get(
    rt.cacheKey,
    () => countCredentialFetch(deps.metrics, rt.connector.id, fetchCredential(rt, auth, sources())),
    refreshBefore,
  );
  return credential.value;
}

/**
 * Fetches a new token or session for the connection without caching it (a connection test: proves the
 * base URL and the credentials without disturbing the credential runs share); false for static kinds,
 * which hold nothing to fetch.
 */
export async function verifyCredential(rt: ConnectionRuntime, sources: CredentialSources): Promise<boolean> {
  const auth = rt.connector.auth;
  if (!isRefreshable(auth)) return false;
  await fetchCredential(rt, auth, sources);
  return true;
}

/**
 * The credential a call can use at once, without waiting: null for static kinds, the cached value
 * while it is fresh; undefined when it has to be fetched (or the cache cannot tell synchronously).
 */
export function cachedCredential(deps: KitDeps, rt: ConnectionRuntime): string | null | undefined {
  if (!isRefreshable(rt.connector.auth)) return null;
  return deps.credentials.fresh?.(rt.cacheKey)?.value;
}

async function fetchCredential(
  rt: ConnectionRuntime,
  auth: AuthDeclaration,
  sources: CredentialSources,
): Promise<CredentialGrant> {
  try {
    if (auth.type === 'token') return await fetchToken(auth, sources);
    if (auth.type === 'session') return await login(auth, sources);
    if (auth.type === 'oauth2ClientCredentials') return await fetchClientCredentials(rt, auth, sources);
  } catch (error) {
    // An "expired" answer while fetching a credential means the credentials themselves are bad.
    if (error instanceof QiaoError && error.kind === 'auth-expired') {
      const said = quoted(error.message);
      throw new QiaoError(
        'CONNECTOR_AUTH_FAILED',
        bilingual(`获取令牌失败：${said.zh}`, `credential fetch failed: ${said.en}`),
        {
          cause: error,
          ...(error.system ? { system: error.system } : {}),
        },
      );
    }
    throw error;
  }
  throw new QiaoError(
    'INTERNAL',
    bilingual(`认证方式 ${auth.type} 没有凭据`, `auth ${auth.type} has no credential`),
  );
}

async function fetchToken(auth: TokenAuth, sources: CredentialSources): Promise<CredentialGrant> {
  if (auth.fetch) return auth.fetch(sources.context);
  if (!auth.operation)
    throw new QiaoError(
      'DEFINITION_INVALID',
      bilingual('令牌认证需要 `operation` 或 `fetch`', 'token auth needs `operation` or `fetch`'),
    );
  const response = await sources.runOperation(auth.operation);
  const token = await evaluateExpression(auth.token ?? 'access_token', response.body);
  if (typeof token !== 'string' || token === '')
    throw authFailed('令牌接口没有返回令牌 / the token operation returned no token', response.body);
  const expires = auth.expiresIn ? await evaluateExpression(auth.expiresIn, response.body) : undefined;
  return withLifetime(token, expires);
}

async function login(auth: SessionAuth, sources: CredentialSources): Promise<CredentialGrant> {
  if (auth.login) return auth.login(sources.context);
  if (!auth.operation)
    throw new QiaoError(
      'DEFINITION_INVALID',
      bilingual('会话认证需要 `operation` 或 `login`', 'session auth needs `operation` or `login`'),
    );
  const response = await sources.runOperation(auth.operation);
  const cookie = cookieHeader(response.setCookies);
  if (!cookie)
    throw authFailed('登录没有返回会话 Cookie / the login returned no session cookie', response.body);
  return auth.ttlSeconds === undefined
    ? { value: cookie }
    : { value: cookie, expiresInSeconds: auth.ttlSeconds };
}

async function fetchClientCredentials(
  rt: ConnectionRuntime,
  auth: Extract<AuthDeclaration, { type: 'oauth2ClientCredentials' }>,
  sources: CredentialSources,
): Promise<CredentialGrant> {
  const scope = { config: rt.config, secrets: rt.secrets, input: {}, token: null };
  const body: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: await renderText(auth.clientId, scope),
    client_secret: await renderText(auth.clientSecret, scope),
  };
  if (auth.scope) body.scope = await renderText(auth.scope, scope);
  const url = await renderText(auth.tokenUrl, scope);
  const response = await sources.context.send({ method: 'POST', url, headers: {}, body, bodyType: 'form' });
  const token = await evaluateExpression('access_token', response.body);
  if (typeof token !== 'string' || token === '')
    throw authFailed('OAuth2 没有返回令牌 access_token / OAuth2 returned no access_token', response.body);
  return withLifetime(token, await evaluateExpression('expires_in', response.body));
}

function withLifetime(value: string, expires: JsonValue | undefined): CredentialGrant {
  const seconds = typeof expires === 'string' ? Number(expires) : expires;
  return typeof seconds === 'number' && Number.isFinite(seconds)
    ? { value, expiresInSeconds: seconds }
    : { value };
}

/** Joins `Set-Cookie` headers into one `Cookie` header value. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((c) => c.split(';')[0]?.trim() ?? '')
    .filter((c) => c.includes('='))
    .join('; ');
}

function authFailed(message: string, body: JsonValue): QiaoError {
  return new QiaoError('CONNECTOR_AUTH_FAILED', message, { system: { body } });
}

/**
 * Puts the auth into a request: static kinds from templates over `{ config, secrets }` (rendered,
 * so awaited), fetched kinds from `token` (synchronously: a cached token costs no promise).
 */
export function injectAuth(
  rt: ConnectionRuntime,
  request: HttpRequest,
  token: string | null,
): HttpRequest | Promise<HttpRequest> {
  const auth = rt.connector.auth;
  switch (auth.type) {
    case 'none':
      return request;
    case 'oauth2ClientCredentials':
      return withHeader(request, 'authorization', `Bearer ${token ?? ''}`);
    case 'session':
      return withHeader(request, 'cookie', token ?? '');
    case 'token': {
      if (typeof auth.inject === 'function') return auth.inject(request, token ?? '');
      const value = `${auth.inject.prefix ?? ''}${token ?? ''}`;
      return setParam(
        request,
        `${auth.inject.in === 'header' ? 'headers' : 'query'}.${auth.inject.name}`,
        value,
      );
    }
    default:
      return injectStaticAuth(rt, auth, request, token);
  }
}

/** The template-rendered kinds: API key, basic, bearer. */
async function injectStaticAuth(
  rt: ConnectionRuntime,
  auth: Extract<AuthDeclaration, { type: 'apiKey' | 'basic' | 'bearer' }>,
  request: HttpRequest,
  token: string | null,
): Promise<HttpRequest> {
  const scope = { config: rt.config, secrets: rt.secrets, input: {}, token };
  switch (auth.type) {
    case 'apiKey':
      return setParam(
        request,
        `${auth.in === 'header' ? 'headers' : 'query'}.${auth.name}`,
        await renderText(auth.value, scope),
      );
    case 'basic': {
      const pair = `${await renderText(auth.username, scope)}:${await renderText(auth.password, scope)}`;
      return withHeader(request, 'authorization', `Basic ${Buffer.from(pair).toString('base64')}`);
    }
    case 'bearer':
      return withHeader(request, 'authorization', `Bearer ${await renderText(auth.token, scope)}`);
  }
}

function withHeader(request: HttpRequest, name: string, value: string): HttpRequest {
  return { ...request, headers: { ...request.headers, [name]: value } };
}

/** Whether a response signals an expired token/session although it may be a 200 (`expiredWhen`). */
export async function signalsExpiry(auth: AuthDeclaration, response: HttpResponse): Promise<boolean> {
  const expiredWhen: ExpiredWhen | undefined =
    auth.type === 'token' || auth.type === 'session' ? auth.expiredWhen : undefined;
  if (expiredWhen === undefined) return false;
  if (typeof expiredWhen === 'function') return expiredWhen(response);
  const value = await evaluateExpression(expiredWhen, {
    status: response.status,
    headers: response.headers,
    body: response.body,
  });
  return value === true;
}
