import type { Hono } from 'hono';
import { readJsonObject, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { legacyError, qpsLimitedResponse, v1Error } from './responses.ts';
import type { SimContext } from './sim-context.ts';

/** Token routes of both generations: `GET /gettoken` and `POST /v1.0/oauth2/accessToken` (reference §1). */
export function mountAuthRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.get('/gettoken', (c) => {
    const appKey = c.req.query('appkey');
    const appSecret = c.req.query('appsecret');
    if (!appKey || !appSecret) return legacyError(c, 40035, '缺少参数 appkey 或 appsecret');
    if (appKey !== ctx.app.appKey || appSecret !== ctx.app.appSecret)
      return legacyError(c, 40096, '不合法的appKey或appSecret');
    if (ctx.limits.admit(appKey, 'gettoken', false) === 'qps') return qpsLimitedResponse(c);
    const { token, expiresIn } = ctx.tokens.issue(appKey);
    return c.json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: expiresIn }, 200);
  });

  app.post('/v1.0/oauth2/accessToken', async (c) => {
    const body = await readJsonObject(c);
    const appKey = body?.appKey;
    const appSecret = body?.appSecret;
    if (typeof appKey !== 'string' || typeof appSecret !== 'string' || !appKey || !appSecret) {
      return v1Error(c, 400, 'MissingParameter', '缺少参数 appKey 或 appSecret');
    }
    if (appKey !== ctx.app.appKey || appSecret !== ctx.app.appSecret)
      return v1Error(c, 400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    if (ctx.limits.admit(appKey, 'v1/accessToken', false) === 'qps') return qpsLimitedResponse(c);
    const { token, expiresIn } = ctx.tokens.issue(appKey);
    return c.json({ accessToken: token, expireIn: expiresIn }, 200);
  });
}
