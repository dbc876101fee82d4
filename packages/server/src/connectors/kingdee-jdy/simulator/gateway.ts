import { jdyCanonical, jdySignature, sameSignature } from '../signature.ts';
import type { JdyContext, JdyHonoContext } from './context.ts';
import { apiNotFound, gatewayRejected, noRoute } from './responses.ts';

/** Query parameters of a request as the gateway signs them (decoded once; the last value of a repeated key wins). */
export function queryParams(c: JdyHonoContext): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of new URL(c.req.url).searchParams) params[k] = v;
  return params;
}

/** True when the request carries any gateway signature header. */
export function hasSignature(c: JdyHonoContext): boolean {
  return c.req.header('x-api-signature') !== undefined;
}

/** Why the gateway signature of this request is invalid, or null when it is valid (§2.3). */
export function signatureProblem(c: JdyHonoContext, ctx: JdyContext): string | null {
  const h = (name: string) => c.req.header(name);
  const { clientId, clientSecret } = ctx.options.credentials;
  const signature = h('x-api-signature');
  const timestamp = h('x-api-timestamp');
  const nonce = h('x-api-nonce');
  if (!signature || !timestamp || !nonce || !h('x-api-clientid'))
    return '缺少签名头 (X-Api-ClientID / X-Api-TimeStamp / X-Api-Nonce / X-Api-Signature)';
  if (h('x-api-clientid') !== clientId) return `X-Api-ClientID [${h('x-api-clientid')}] 无效`;
  const version = h('x-api-auth-version');
  if (version !== undefined && version !== '2.0') return `X-Api-Auth-Version [${version}] 不支持，应为 2.0`;
  const ts = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(ctx.options.now() - ts) > ctx.options.signatureWindowMs)
    return `X-Api-TimeStamp [${timestamp}] 已过期或格式错误 (毫秒时间戳，有效期±${Math.round(ctx.options.signatureWindowMs / 60_000)}分钟)`;
  const path = new URL(c.req.url).pathname;
  const canonical = jdyCanonical(c.req.method, path, queryParams(c), nonce, timestamp);
  return sameSignature(jdySignature(clientSecret, canonical), signature) ? null : 'X-Api-Signature 不匹配';
}

/** Host part of a router address (`https://tf.jdy.com/` and `tf.jdy.com` are the same data centre). */
function routerHost(value: string): string {
  return value
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** Checks `X-GW-Router-Addr`: missing → 404 "No Route", another data centre → 519 "API Not Found". */
export function routerProblem(c: JdyHonoContext, ctx: JdyContext): Response | null {
  const value = c.req.header('x-gw-router-addr');
  if (!value) return noRoute(c);
  return routerHost(value) === routerHost(ctx.options.credentials.domain) ? null : apiNotFound();
}

/** Runs the gateway checks of a business call: router header, then the signature (required or when present). */
export function gatewayProblem(
  c: JdyHonoContext,
  ctx: JdyContext,
  signatureRequired: boolean,
): Response | null {
  const routed = routerProblem(c, ctx);
  if (routed) return routed;
  if (!signatureRequired && !hasSignature(c)) return null;
  const problem = signatureProblem(c, ctx);
  return problem ? gatewayRejected(problem) : null;
}
