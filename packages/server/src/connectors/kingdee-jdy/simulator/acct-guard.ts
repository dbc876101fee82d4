import type { JdyContext, JdyHonoContext } from './context.ts';
import { gatewayProblem } from './gateway.ts';
import type { WindowLimiter } from './limiter.ts';
import { acctBody, JDY_CODES, rateLimited, SECRET_ROTATED_MESSAGE } from './responses.ts';

const TOKEN_MESSAGES = {
  missing: '缺少参数access_token',
  invalid: 'access_token无效，请重新获取',
  expired: 'access_token已过期，请重新获取',
} as const;

function idProblem(
  value: string | undefined,
  expected: string,
  other: string,
  name: 'sId' | 'dbId',
): [number, string] | null {
  const codes =
    name === 'sId'
      ? [JDY_CODES.sIdMissing, JDY_CODES.sIdMalformed, JDY_CODES.sIdNotFound]
      : [JDY_CODES.dbIdMissing, JDY_CODES.dbIdMalformed, JDY_CODES.dbIdNotFound];
  const label = name === 'sId' ? 'sId(服务ID/套账ID)' : 'dbId(账套ID/子套账ID)';
  const [missing = 0, malformed = 0, notFound = 0] = codes;
  if (value === undefined || value === '') return [missing, `缺少参数${label}`];
  if (!/^\d+$/.test(value)) return [malformed, `参数${label}格式错误：${value}`];
  if (value === expected) return null;
  const swapped = value === other ? '（sId与dbId是否填反了？）' : '';
  const what = name === 'sId' ? '服务不存在或无权访问' : '账套不存在或无权访问';
  return [notFound, `${what}：${name}=${value}${swapped}`];
}

/**
 * The checks in front of every family-A call, in gateway order: router header and (optional or
 * strict) signature, per-book rate limit, access_token, then sId and dbId. Null when all pass.
 */
export function acctGuard(c: JdyHonoContext, ctx: JdyContext, limiter: WindowLimiter): Response | null {
  const gateway = gatewayProblem(c, ctx, ctx.options.strictSignature);
  if (gateway) return gateway;
  const cred = ctx.options.credentials;
  if (!limiter.take(cred.accountId)) return rateLimited(c, limiter.limit);
  const token = ctx.auth.checkAccessToken(c.req.query('access_token'));
  if (token === 'rotated') return c.json(acctBody(JDY_CODES.secretRotated, SECRET_ROTATED_MESSAGE));
  if (token !== 'ok') return c.json(acctBody(JDY_CODES.tokenInvalidA, TOKEN_MESSAGES[token]));
  const sId = idProblem(c.req.query('sId'), cred.serviceId, cred.accountId, 'sId');
  if (sId) return c.json(acctBody(sId[0], sId[1]));
  const dbId = idProblem(c.req.query('dbId'), cred.accountId, cred.serviceId, 'dbId');
  if (dbId) return c.json(acctBody(dbId[0], dbId[1]));
  return null;
}
