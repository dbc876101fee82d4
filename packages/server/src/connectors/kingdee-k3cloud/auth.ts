import { randomBytes } from 'node:crypto';
import { bilingual, QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { AuthContext, CredentialGrant, HttpRequest, RequestSigner, SessionAuth } from '../kit/index.ts';
import { cookieHeader } from '../kit/index.ts';
import { serviceUrl } from './k3-envelope.ts';
import { signK3CloudRequest } from './signature.ts';

/**
 * The credential of a signed-mode connection. Signed mode has no login: every request carries the
 * nine signed headers, and this marker (replayed as `Cookie` by the kit) is stripped by `sign`. It
 * also tells the classifier that a MsgCode 1 answer means bad app credentials, not a lost session.
 */
export const SIGNED_MODE_CREDENTIAL = 'qiao-k3cloud-signed-mode';

/** The texts K3Cloud uses for a lost or timed-out session (reference §3). */
const SESSION_LOST_TEXTS = ['会话信息已丢失', '会话已超时', '请重新登录'];

/** The connection's auth mode: `session` (ValidateUser, default) or `signed` (第三方系统登录授权). */
export function authModeOf(config: JsonObject): 'session' | 'signed' {
  return config.authMode === 'signed' ? 'signed' : 'session';
}

function text(value: JsonValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

/** Whether a MsgCode/message pair says the session is lost (MsgCode 1, or the known texts). */
export function isSessionLost(msgCode: number, message: string): boolean {
  return msgCode === 1 || SESSION_LOST_TEXTS.some((t) => message.includes(t));
}

function authFailed(message: string, system?: JsonObject): QiaoError {
  return new QiaoError('CONNECTOR_AUTH_FAILED', message, system ? { system } : {});
}

function requireSetting(
  source: Record<string, JsonValue | undefined>,
  key: string,
  what: { zh: string; en: string },
): string {
  const value = text(source[key]);
  if (value === '')
    throw authFailed(
      bilingual(
        `金蝶云星空连接缺少${what.zh}（${key}）`,
        `the Kingdee K3Cloud connection has no ${what.en} (${key})`,
      ),
    );
  return value;
}

/** Whether a ValidateUser answer is a login (LoginResultType 1, or -5 with IsSuccessByAPI). */
function loggedIn(body: JsonObject): boolean {
  const type = Number(body.LoginResultType);
  return type === 1 || (type === -5 && body.IsSuccessByAPI === true);
}

/** ValidateUser: posts acctID/username/password/lcid and returns the session cookies as the credential. */
async function validateUser(context: AuthContext): Promise<CredentialGrant> {
  const { config, secrets } = context;
  const body: JsonObject = {
    acctID: requireSetting(config, 'acctId', { zh: '数据中心 ID', en: 'data centre ID' }),
    username: requireSetting(config, 'username', { zh: '用户名', en: 'user name' }),
    password: requireSetting(secrets, 'password', { zh: '密码', en: 'password' }),
    lcid: Number(config.lcid ?? 2052) || 2052,
  };
  const response = await context.send({
    method: 'POST',
    url: serviceUrl(context.baseUrl, 'AuthService', 'ValidateUser'),
    headers: {},
    body,
  });
  const answer = isJsonObject(response.body) ? response.body : {};
  if (!loggedIn(answer)) {
    const said = text(answer.Message);
    const message = said
      ? bilingual(`金蝶云星空登录失败：${said}`, `Kingdee K3Cloud login failed: ${said}`)
      : bilingual('金蝶云星空登录失败', 'Kingdee K3Cloud login failed');
    throw authFailed(message, {
      LoginResultType: answer.LoginResultType ?? null,
      Message: answer.Message ?? null,
      MessageCode: answer.MessageCode ?? null,
    });
  }
  const sessionId = text(answer.KDSVCSessionId);
  const cookie = cookieHeader(response.setCookies) || (sessionId ? `kdservice-sessionid=${sessionId}` : '');
  if (cookie === '')
    throw authFailed(
      bilingual('金蝶云星空登录成功但没有返回会话', 'Kingdee K3Cloud logged in but returned no session'),
    );
  return { value: cookie };
}

/** Logs in: ValidateUser in session mode; in signed mode nothing to fetch (the marker credential). */
export async function loginK3Cloud(context: AuthContext): Promise<CredentialGrant> {
  if (authModeOf(context.config) === 'signed') {
    requireSetting({ ...context.config, ...context.secrets }, 'appId', { zh: '应用 ID', en: 'app ID' });
    requireSetting(context.secrets, 'appSecret', { zh: '应用密钥', en: 'app secret' });
    return { value: SIGNED_MODE_CREDENTIAL };
  }
  return validateUser(context);
}

/**
 * Session mode replays the cookies (plus the `kdservice-sessionid` header the official SDKs send);
 * signed mode drops the cookie and adds the nine `X-Api-*` / `X-Kd-*` headers (reference §2.2).
 */
export const signK3CloudHeaders: RequestSigner = (request, { config, secrets }) => {
  if (authModeOf(config) !== 'signed') return withSessionHeader(request);
  const { cookie: _dropped, ...headers } = request.headers;
  const url = new URL(request.url);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signed = signK3CloudRequest({
    appId: text(secrets.appId ?? config.appId),
    appSecret: text(secrets.appSecret),
    acctId: text(config.acctId),
    username: text(config.username),
    lcid: Number(config.lcid ?? 2052) || 2052,
    orgNum: text(config.orgNum ?? 0) || 0,
    path: url.pathname + url.search,
    timestamp,
    nonce: randomBytes(16).toString('hex'),
  });
  return { ...request, headers: { ...headers, ...signed } };
};

function withSessionHeader(request: HttpRequest): HttpRequest {
  const id = /(?:^|;\s*)kdservice-sessionid=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
  return id ? { ...request, headers: { ...request.headers, 'kdservice-sessionid': id } } : request;
}

/** The connector's auth: a session from {@link loginK3Cloud}, refreshed once when a call reports it lost. */
export const k3CloudAuth: SessionAuth = { type: 'session', login: loginK3Cloud };
