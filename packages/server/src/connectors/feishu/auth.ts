import { bilingual, QiaoError } from '../../errors/index.ts';
import { isJsonObject } from '../../json.ts';
import type { AuthContext, CredentialGrant, TokenAuth } from '../kit/connector-declaration.ts';
import type { HttpResponse } from '../kit/http-transport.ts';
import { joinUrl } from '../kit/request-builder.ts';

/** Path of the self-built app's tenant token (reference §1). */
export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/** Codes meaning "this tenant_access_token is invalid or expired": refresh once, then retry. */
export const EXPIRED_TOKEN_CODES: ReadonlySet<number> = new Set([99991663, 99991664, 99991677]);

/** Whether a response (usually HTTP 200) says the token expired (`code` 99991663 and kin). */
export function isTokenExpired(response: HttpResponse): boolean {
  const body = response.body;
  return isJsonObject(body) && EXPIRED_TOKEN_CODES.has(Number(body.code));
}

/** Fetches a tenant_access_token with `{app_id, app_secret}`; the answer's fields are top-level, not in `data`. */
export async function fetchFeishuToken(context: AuthContext): Promise<CredentialGrant> {
  const appId =
    context.secrets.appId ?? (typeof context.config.appId === 'string' ? context.config.appId : '');
  const appSecret = context.secrets.appSecret ?? '';
  if (!appId || !appSecret) {
    throw new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      '飞书连接缺少 appId 或 appSecret / the Feishu connection needs appId and appSecret',
    );
  }
  const response = await context.send({
    method: 'POST',
    url: joinUrl(context.baseUrl, TOKEN_PATH),
    headers: {},
    body: { app_id: appId, app_secret: appSecret },
  });
  const body = isJsonObject(response.body) ? response.body : {};
  const token = body.tenant_access_token;
  if (Number(body.code) !== 0 || typeof token !== 'string' || token === '') {
    throw new QiaoError(
      'CONNECTOR_AUTH_FAILED',
      body.msg === undefined || body.msg === null
        ? '飞书没有返回 tenant_access_token / Feishu returned no tenant_access_token'
        : bilingual(
            `飞书没有返回 tenant_access_token：${String(body.msg)}`,
            `Feishu returned no tenant_access_token: ${String(body.msg)}`,
          ),
      {
        system: { status: response.status, ...body },
      },
    );
  }
  const seconds = Number(body.expire);
  return { value: token, expiresInSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 7200 };
}

/**
 * The connector's auth: tenant_access_token fetched by code, cached per connection, sent as
 * `Authorization: Bearer`, refreshed 5 minutes before expiry (Feishu issues a new one then, since
 * under 30 minutes are left) and whenever an answer carries 99991663.
 */
export const feishuAuth: TokenAuth = {
  type: 'token',
  fetch: fetchFeishuToken,
  inject: { in: 'header', name: 'authorization', prefix: 'Bearer ' },
  expiredWhen: isTokenExpired,
  refreshBeforeMs: 5 * 60_000,
};
