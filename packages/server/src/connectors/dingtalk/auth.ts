import { QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonValue } from '../../json.ts';
import type { AuthContext, CredentialGrant, TokenAuth } from '../kit/connector-declaration.ts';
import type { HttpRequest, HttpResponse } from '../kit/http-transport.ts';
import { joinUrl, withQueryParam } from '../kit/request-builder.ts';
import { apiBaseOf } from './requests.ts';

/** The v1.0 token header (reference §1 table). */
export const V1_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

/** Legacy errcodes that mean "this access_token is invalid or expired" (reference §1.3 plus 40001/42001). */
const EXPIRED_ERRCODES = new Set(['40014', '40001', '42001']);

/**
 * Whether a response says the token expired: legacy HTTP 200 with errcode 40014/40001/42001, or
 * errcode 88 with sub_code 40014 on `topapi/*`; v1.0 HTTP 400/401 with code `InvalidAuthentication`.
 */
export function isTokenExpired(response: HttpResponse): boolean {
  const body = response.body;
  if (!isJsonObject(body)) return false;
  if (body.code === 'InvalidAuthentication') return response.status === 400 || response.status === 401;
  const errcode = codeText(body.errcode);
  if (errcode === '88') return EXPIRED_ERRCODES.has(codeText(body.sub_code));
  return EXPIRED_ERRCODES.has(errcode);
}

/**
 * Fetches an app access token: legacy `GET /gettoken?appkey&appsecret` (default) or, with
 * `config.tokenApi = 'v1'`, `POST /v1.0/oauth2/accessToken`. Both live 7200 s and work on both hosts.
 */
export async function fetchDingtalkToken(context: AuthContext): Promise<CredentialGrant> {
  const appKey = context.secrets.appKey ?? stringOf(context.config.appKey);
  const appSecret = context.secrets.appSecret ?? '';
  if (!appKey || !appSecret) {
    throw new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      '钉钉连接缺少 appKey 或 appSecret / the DingTalk connection needs appKey and appSecret',
    );
  }
  if (context.config.tokenApi === 'v1') {
    const response = await context.send({
      method: 'POST',
      url: joinUrl(apiBaseOf(context), '/v1.0/oauth2/accessToken'),
      headers: {},
      body: { appKey, appSecret },
    });
    return grantOf(response, 'accessToken', 'expireIn');
  }
  const url = new URL(joinUrl(context.baseUrl, '/gettoken'));
  url.searchParams.set('appkey', appKey);
  url.searchParams.set('appsecret', appSecret);
  const response = await context.send({ method: 'GET', url: url.toString(), headers: {} });
  return grantOf(response, 'access_token', 'expires_in');
}

/** Puts the token where the API generation wants it: v1.0 paths a header, legacy paths `?access_token=`. */
export function injectDingtalkToken(request: HttpRequest, token: string): HttpRequest {
  if (isV1Path(request.url)) {
    return { ...request, headers: { ...request.headers, [V1_TOKEN_HEADER]: token } };
  }
  return { ...request, url: withQueryParam(request.url, 'access_token', token) };
}

/** Whether a URL's path (not its query) contains `/v1.0/`. */
function isV1Path(url: string): boolean {
  const scheme = url.indexOf('//');
  const at = url.indexOf('/v1.0/', scheme < 0 ? 0 : scheme + 2);
  if (at < 0) return false;
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  return (query < 0 || at < query) && (hash < 0 || at < hash);
}

/** The connector's auth: a token fetched by code, cached per connection, refreshed 5 min before expiry. */
export const dingtalkAuth: TokenAuth = {
  type: 'token',
  fetch: fetchDingtalkToken,
  inject: injectDingtalkToken,
  expiredWhen: isTokenExpired,
  refreshBeforeMs: 5 * 60_000,
};

function grantOf(response: HttpResponse, tokenField: string, expiresField: string): CredentialGrant {
  const body = response.body;
  const token = isJsonObject(body) ? body[tokenField] : undefined;
  if (typeof token !== 'string' || token === '') {
    throw new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      '钉钉没有返回 access_token / DingTalk returned no access_token',
      {
        system: isJsonObject(body) ? { status: response.status, ...body } : { status: response.status },
      },
    );
  }
  const seconds = Number(isJsonObject(body) ? body[expiresField] : undefined);
  return Number.isFinite(seconds) && seconds > 0
    ? { value: token, expiresInSeconds: seconds }
    : { value: token, expiresInSeconds: 7200 };
}

function codeText(value: JsonValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

function stringOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}
