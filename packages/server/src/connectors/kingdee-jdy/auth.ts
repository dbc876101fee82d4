import { bilingual, QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { AuthContext, CredentialGrant, RequestSigner } from '../kit/index.ts';
import { JDY_DEFAULT_BASE_URL, systemError } from './envelope.ts';
import { rememberSession, sessionOf } from './session.ts';
import { jdyAppSignature, jdyQueryString, signJdyRequest } from './signature.ts';

/** Authorization pull (§2.1): appKey/appSecret/domain/accountId/serviceId of one customer instance. */
export const AUTHORIZE_PATH = '/jdyconnector/app_management/push_app_authorize';
/** Token exchange (§2.2): app-token + access_token, ~24 h, limited to about 2 calls a minute. */
export const TOKEN_PATH = '/jdyconnector/app_management/kingdee_auth_token';
/** Business error of a rotated appSecret ("授权密钥校验失败，请获取最新密钥加密"). */
export const SECRET_ROTATED_CODE = 1030002006;
/** Lifetime assumed when the exchange gives no usable `expires` (StarClient refreshes after 20 h). */
const DEFAULT_LIFETIME_S = 20 * 3600;

/** One customer authorization as push_app_authorize returns it. */
interface Authorization {
  appKey: string;
  appSecret: string;
  domain: string;
  sId: string;
  dbId: string;
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function authFailed(zh: string, en: string, system?: JsonObject): QiaoError {
  return new QiaoError(
    'CONNECTOR_AUTH_FAILED',
    bilingual(`金蝶精斗云授权失败：${zh}`, `Kingdee JDY authorization failed: ${en}`),
    system ? { system } : {},
  );
}

function urlOf(context: AuthContext, path: string, query: Record<string, string>): string {
  const url = new URL(`${(context.baseUrl || JDY_DEFAULT_BASE_URL).replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url.toString();
}

/** Pulls the customer's authorization (the current appSecret: it rotates). */
async function pullAuthorization(context: AuthContext): Promise<Authorization> {
  const outer = text(context.config.outerInstanceId);
  if (!outer)
    throw authFailed(
      '连接缺少 outerInstanceId（授权实例ID）',
      'the connection has no outerInstanceId (authorization instance ID)',
    );
  const url = urlOf(context, AUTHORIZE_PATH, { outerInstanceId: outer });
  const response = await context.send({ method: 'POST', url, headers: {} });
  const body = response.body;
  const data = isJsonObject(body) ? body.data : undefined;
  const list = (Array.isArray(data) ? data : isJsonObject(data) ? [data] : []).filter(isJsonObject);
  const entry = list.find((e) => text(e.outerInstanceId) === outer) ?? list[0];
  if (!entry) throw authFailed('授权信息为空', 'no authorization returned', systemError(body));
  if (entry.status !== undefined && Number(entry.status) !== 1) {
    throw authFailed(
      `授权已取消或失效（status=${text(entry.status)}）`,
      `the authorization was cancelled or has lapsed (status=${text(entry.status)})`,
      { status: entry.status ?? null },
    );
  }
  const auth: Authorization = {
    appKey: text(entry.appKey),
    appSecret: text(entry.appSecret),
    domain: text(entry.domain),
    sId: text(entry.serviceId),
    dbId: text(entry.accountId),
  };
  if (!auth.appKey || !auth.appSecret)
    throw authFailed(
      '授权信息缺少 appKey/appSecret',
      'the authorization has no appKey/appSecret',
      systemError(body),
    );
  return auth;
}

function lifetimeSeconds(expires: JsonValue | undefined): number {
  const ms = Number(expires);
  if (!Number.isFinite(ms) || ms <= 0) return DEFAULT_LIFETIME_S;
  const seconds = Math.floor((ms - Date.now()) / 1000);
  return seconds > 60 && seconds <= 48 * 3600 ? seconds : DEFAULT_LIFETIME_S;
}

/** Exchanges the authorization for tokens and remembers the session beside the cached access_token. */
async function exchangeToken(context: AuthContext, auth: Authorization): Promise<CredentialGrant> {
  const query = { app_key: auth.appKey, app_signature: jdyAppSignature(auth.appKey, auth.appSecret) };
  const response = await context.send({ method: 'GET', url: urlOf(context, TOKEN_PATH, query), headers: {} });
  const data = isJsonObject(response.body) ? response.body.data : undefined;
  const accessToken = isJsonObject(data) ? text(data.access_token) : '';
  const appToken = isJsonObject(data) ? text(data['app-token']) : '';
  if (!isJsonObject(data) || (!accessToken && !appToken))
    throw authFailed('令牌接口没有返回令牌', 'the token API returned no token', systemError(response.body));
  const seconds = lifetimeSeconds(data.expires);
  const session = {
    // Family B only needs the app-token; fall back to it as the cache key if access_token is absent.
    accessToken: accessToken || appToken,
    appToken,
    expires: Date.now() + seconds * 1000,
    domain: auth.domain,
    sId: auth.sId,
    dbId: auth.dbId,
    ...(typeof data.uid === 'number' ? { uid: data.uid } : {}),
  };
  rememberSession(session);
  return { value: session.accessToken, expiresInSeconds: seconds };
}

/** Whether an error is the "appSecret rotated" answer. */
export function isSecretRotated(error: unknown): boolean {
  if (!(error instanceof QiaoError) || !error.system) return false;
  return Number(error.system.errcode ?? error.system.code) === SECRET_ROTATED_CODE;
}

/**
 * The token fetch (kit `fetch` hook, run single-flight per connection): pull the authorization, then
 * exchange it. A secret that rotated between the two is recovered by one more pull and exchange.
 */
export async function fetchJdyToken(context: AuthContext): Promise<CredentialGrant> {
  try {
    return await exchangeToken(context, await pullAuthorization(context));
  } catch (error) {
    if (!isSecretRotated(error)) throw error;
    return exchangeToken(context, await pullAuthorization(context));
  }
}

/**
 * Signs every request (token calls included) with the developer app's clientId/clientSecret (§2.3),
 * rewrites the query encoded once and sorted, and adds `X-GW-Router-Addr` (config `domain`, else the
 * authorization's) and, for family B, the `app-token` of the session.
 */
export const signJdy: RequestSigner = (request, { config, secrets, token }) => {
  const clientId = secrets.clientId ?? text(config.clientId);
  const clientSecret = secrets.clientSecret;
  if (!clientId || !clientSecret) {
    throw authFailed(
      '连接缺少 clientId/clientSecret（网关签名）',
      'the connection has no clientId/clientSecret (gateway signature)',
    );
  }
  const url = new URL(request.url);
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const query = jdyQueryString(params);
  url.search = query ? `?${query}` : '';
  const method = request.method.toUpperCase();
  const headers = {
    ...request.headers,
    ...signJdyRequest({ clientId, clientSecret, method, path: url.pathname, params }),
  };
  if (!url.pathname.startsWith('/jdyconnector/')) {
    const session = token ? sessionOf(token) : undefined;
    const domain = text(config.domain) || session?.domain;
    if (domain) headers['X-GW-Router-Addr'] = domain;
    if (url.pathname.startsWith('/jdy/') && session?.appToken) headers['app-token'] = session.appToken;
  }
  return { ...request, url: url.toString(), headers };
};
