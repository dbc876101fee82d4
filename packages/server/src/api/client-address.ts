import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address a request came from, for per-client limits (sign-in throttling). Behind a reverse
 * proxy every request comes from the proxy: with `trustProxy` (env `QIAO_TRUST_PROXY=1`) the last
 * `X-Forwarded-For` entry — the one the proxy itself added — is taken instead. Requests that did not
 * come over a socket (in-process `app.request`) are `local`.
 */
export function createClientAddress(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    if (!(c.env as { incoming?: unknown } | undefined)?.incoming) return 'local';
    return getConnInfo(c).remote.address ?? 'unknown';
  };
}
