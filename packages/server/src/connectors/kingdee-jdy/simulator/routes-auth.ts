import type { Hono } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { JdyContext, JdyHonoContext } from './context.ts';
import { signatureProblem } from './gateway.ts';
import { gatewayRejected, JDY_CODES, SECRET_ROTATED_MESSAGE, v2Body } from './responses.ts';

/** Path of the authorization pull (§2.1). */
export const AUTHORIZE_PATH = '/jdyconnector/app_management/push_app_authorize';
/** Path of the token exchange (§2.2). */
export const TOKEN_PATH = '/jdyconnector/app_management/kingdee_auth_token';

function authorize(c: JdyHonoContext, ctx: JdyContext): Response {
  const problem = signatureProblem(c, ctx);
  if (problem) return gatewayRejected(problem);
  const cred = ctx.options.credentials;
  const outerInstanceId = c.req.query('outerInstanceId');
  if (outerInstanceId !== cred.outerInstanceId)
    return c.json(v2Body(JDY_CODES.instanceUnknown, `授权实例[${outerInstanceId ?? ''}]不存在或已取消授权`));
  return c.json(
    v2Body(JDY_CODES.ok, '成功', [
      {
        appKey: cred.appKey,
        appSecret: ctx.auth.appSecret,
        domain: cred.domain,
        accountId: cred.accountId,
        serviceId: cred.serviceId,
        outerInstanceId: cred.outerInstanceId,
        agreementCompanyName: cred.companyName,
        accountName: cred.accountName,
        groupName: cred.groupName,
        status: 1,
      },
    ]),
  );
}

function exchange(c: JdyHonoContext, ctx: JdyContext): Response {
  const problem = signatureProblem(c, ctx);
  if (problem) return gatewayRejected(problem);
  const appKey = c.req.query('app_key') ?? '';
  const signature = c.req.query('app_signature') ?? '';
  if (!ctx.auth.takeTokenCall(appKey)) {
    const limit = ctx.options.tokenCallsPerMinute;
    return c.json(
      v2Body(JDY_CODES.tokenRateLimited, `获取token过于频繁（每分钟最多${limit}次），请缓存token后再试`),
    );
  }
  if (!appKey || !signature) return c.json(v2Body(JDY_CODES.v2Validation, '缺少参数app_key或app_signature'));
  if (appKey !== ctx.options.credentials.appKey)
    return c.json(v2Body(JDY_CODES.appKeyUnknown, `app_key[${appKey}]不存在或未授权`));
  if (!ctx.auth.appSignatureValid(appKey, signature))
    return c.json(v2Body(JDY_CODES.secretRotated, SECRET_ROTATED_MESSAGE));
  const token = ctx.auth.issue();
  return c.json(
    v2Body(JDY_CODES.ok, '成功', {
      'app-token': token.appToken,
      access_token: token.accessToken,
      expires: token.expiresAt,
      uid: token.uid,
    }),
  );
}

/** Mounts push_app_authorize (POST) and kingdee_auth_token (GET); both need the gateway signature. */
export function mountAuthRoutes(app: Hono<SimulatorEnv>, ctx: JdyContext): void {
  app.post(AUTHORIZE_PATH, (c) => authorize(c, ctx));
  app.get(TOKEN_PATH, (c) => exchange(c, ctx));
}
