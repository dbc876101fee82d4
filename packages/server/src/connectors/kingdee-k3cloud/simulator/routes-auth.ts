import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../../json.ts';
import { loginBySignHash, timestampToMs } from '../signature.ts';
import type { K3Context, OperationCall, OperationHandler } from './context.ts';
import { parseLoginEnvelope } from './envelope.ts';

type LoginOutcome = { ok: true } | { ok: false; type: 0 | -1; message: string };

/** Reads login fields from named keys (case-insensitive) or positional parameters. */
function loginFields(body: unknown, names: readonly string[]): Record<string, string> {
  const { named, parameters } = parseLoginEnvelope(body);
  const lower = new Map(Object.entries(named).map(([k, v]) => [k.toLowerCase(), v]));
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const value: JsonValue | undefined = parameters ? parameters[i] : lower.get(name.toLowerCase());
    out[name] = value === undefined || value === null ? '' : String(value);
  });
  return out;
}

/** The documented LoginResultType JSON of a successful login; sets both cookies. */
function loginSuccess(call: OperationCall, lcid: string): Response {
  const { ctx, c } = call;
  const cred = ctx.options.credentials;
  const session = ctx.sessions.open(cred.acctId, cred.username);
  c.header('Set-Cookie', `kdservice-sessionid=${session.id}; path=/`, { append: true });
  c.header('Set-Cookie', `ASP.NET_SessionId=${session.aspNetId}; path=/; HttpOnly`, { append: true });
  const body: JsonObject = {
    Message: null,
    MessageCode: 'CheckPasswordPolicy',
    LoginResultType: 1,
    Context: {
      UserLocale: 'zh-CN',
      LogLocale: 'zh-CN',
      DBid: cred.acctId,
      DatabaseType: 3,
      SessionId: session.aspNetId,
      UseLanguages: [{ LocaleId: 2052, LocaleName: '中文(简体)', Alias: 'CN' }],
      UserId: 100_008,
      UserName: cred.username,
      CustomName: '桥演示科技有限公司',
      DisplayVersion: '8.2.0.20240101',
      DataCenterName: '桥演示数据中心',
      UserToken: randomUUID(),
      CurrentOrganizationInfo: {
        ID: 1,
        AcctOrgType: '1',
        Name: '总公司',
        FunctionIds: [101, 102, 103, 104, 107, 108, 109, 110],
      },
      IsCH_ZH_AutoTrans: false,
      ClientType: 32,
      Lcid: Number(lcid) || 2052,
    },
    KDSVCSessionId: session.id,
    FormId: null,
    RedirectFormParam: null,
    FormInputObject: null,
    ErrorStackTrace: null,
    Lcid: 0,
    AccessToken: null,
    CustomParam: {},
    KdAccessResult: null,
    IsSuccessByAPI: true,
  };
  return c.json(body, 200);
}

/** The failure shape: LoginResultType 0 (bad user/password) or -1 (unknown data centre). */
function loginFailure(outcome: { type: 0 | -1; message: string }): JsonObject {
  return {
    Message: outcome.message,
    MessageCode: outcome.type === -1 ? 'DataCenterNotExists' : 'CheckPasswordPolicy',
    LoginResultType: outcome.type,
    Context: null,
    KDSVCSessionId: null,
    FormId: null,
    RedirectFormParam: null,
    FormInputObject: null,
    ErrorStackTrace: null,
    Lcid: 0,
    AccessToken: null,
    CustomParam: {},
    KdAccessResult: null,
    IsSuccessByAPI: false,
  };
}

function checkAccount(ctx: K3Context, acctId: string, username: string): LoginOutcome {
  const cred = ctx.options.credentials;
  if (acctId !== cred.acctId)
    return { ok: false, type: -1, message: `数据中心【${acctId}】不存在或已停用，请检查 acctID` };
  if (username !== cred.username) return { ok: false, type: 0, message: '用户名或密码错误！' };
  return { ok: true };
}

/** `AuthService.ValidateUser`: acctID / username / password / lcid. */
const validateUser: OperationHandler = (call) => {
  const f = loginFields(call.body, ['acctID', 'username', 'password', 'lcid']);
  const outcome = checkAccount(call.ctx, f.acctID ?? '', f.username ?? '');
  if (!outcome.ok) return loginFailure(outcome);
  if (f.password !== call.ctx.options.credentials.password)
    return loginFailure({ type: 0, message: '用户名或密码错误！' });
  return loginSuccess(call, f.lcid ?? '2052');
};

/** `AuthService.LoginByAppSecret`: acctid / username / appid / appsecret / lcid. */
const loginByAppSecret: OperationHandler = (call) => {
  const f = loginFields(call.body, ['acctid', 'username', 'appid', 'appsecret', 'lcid']);
  const outcome = checkAccount(call.ctx, f.acctid ?? '', f.username ?? '');
  if (!outcome.ok) return loginFailure(outcome);
  const cred = call.ctx.options.credentials;
  if (f.appid !== cred.appId || f.appsecret !== cred.appSecret)
    return loginFailure({ type: 0, message: '应用ID或应用密钥错误！' });
  return loginSuccess(call, f.lcid ?? '2052');
};

/** `AuthService.LoginBySign`: [acctId, username, appId, timestamp, sign, lcid], sign = SHA-256 of the sorted values. */
const loginBySign: OperationHandler = (call) => {
  const f = loginFields(call.body, ['acctid', 'username', 'appid', 'timestamp', 'sign', 'lcid']);
  const outcome = checkAccount(call.ctx, f.acctid ?? '', f.username ?? '');
  if (!outcome.ok) return loginFailure(outcome);
  const { credentials: cred, signatureWindowMs, now } = call.ctx.options;
  const expected = loginBySignHash(cred.acctId, cred.username, cred.appId, cred.appSecret, f.timestamp ?? '');
  const fresh = Math.abs(now() - timestampToMs(f.timestamp ?? '')) <= signatureWindowMs;
  if (f.appid !== cred.appId || f.sign?.toLowerCase() !== expected || !fresh) {
    return loginFailure({ type: 0, message: '签名验证失败，请检查应用ID、应用密钥与时间戳' });
  }
  return loginSuccess(call, f.lcid ?? '2052');
};

/** `AuthService.Logout`: ends the caller's session. */
const logout: OperationHandler = (call) => {
  const cookie = /(?:^|;\s*)kdservice-sessionid=([^;]+)/.exec(call.c.req.header('cookie') ?? '')?.[1];
  call.ctx.sessions.close(cookie ?? call.c.req.header('kdservice-sessionid'));
  return true;
};

/** Auth operations by lower-case name; these need no session. */
export const AUTH_OPERATIONS: Readonly<Record<string, OperationHandler>> = {
  validateuser: validateUser,
  loginbyappsecret: loginByAppSecret,
  loginbysign: loginBySign,
  logout,
};
