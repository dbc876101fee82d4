import type { Hono } from 'hono';
import { readJsonObject, type SimulatorEnv } from '../../simulator-kit/index.ts';
import { feishuError } from './responses.ts';
import type { SimContext } from './sim-context.ts';

/** Path of the self-built app's tenant token route (reference §1). */
export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/**
 * `POST /open-apis/auth/v3/tenant_access_token/internal {app_id, app_secret}` →
 * `{code:0, msg:'ok', tenant_access_token, expire}` (top-level fields, not in `data`); not rate limited.
 */
export function mountAuthRoutes(app: Hono<SimulatorEnv>, ctx: SimContext): void {
  app.post(TOKEN_PATH, async (c) => {
    const body = await readJsonObject(c);
    const appId = body?.app_id;
    const appSecret = body?.app_secret;
    if (typeof appId !== 'string' || typeof appSecret !== 'string' || !appId || !appSecret) {
      return feishuError(c, 10003, 'invalid param: app_id and app_secret are required');
    }
    if (appId !== ctx.app.appId) return feishuError(c, 10003, 'invalid param: app_id not found');
    if (appSecret !== ctx.app.appSecret) return feishuError(c, 10014, 'app secret invalid');
    const { token, expiresIn: expire } = ctx.tokens.issue(appId);
    return c.json({ code: 0, msg: 'ok', tenant_access_token: token, expire }, 200);
  });
}
