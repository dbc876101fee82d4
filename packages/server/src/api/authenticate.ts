import type { MiddlewareHandler } from 'hono';
import type { ApiDeps } from './api-deps.ts';
import type { ApiEnv, ApiUser } from './api-env.ts';
import { sendError } from './api-error.ts';
import { hashToken, sameSecret } from './passwords.ts';

/** Routes reachable without a token (first start and login). */
const PUBLIC = new Set(['/api/v1/setup', '/api/v1/auth/login']);
/** Non-GET routes that change nothing, open to viewers. */
const VIEWER_WRITES = new Set(['/api/v1/auth/logout', '/api/v1/validate']);

/**
 * Whether a role may call a route: admin everything; editor everything but user management;
 * viewer only reads (GET/HEAD) plus logout and validate.
 */
export function roleAllows(role: ApiUser['role'], method: string, path: string): boolean {
  if (role === 'admin') return true;
  if (path === '/api/v1/users' || path.startsWith('/api/v1/users/')) return false;
  if (role === 'editor') return true;
  return method === 'GET' || method === 'HEAD' || VIEWER_WRITES.has(path);
}

/** The bearer middleware of `/api/v1/*`: resolves the token to a user and enforces roles. */
export function authenticate(deps: ApiDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (PUBLIC.has(path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return sendError(c, 401, 'UNAUTHORIZED', '缺少 Bearer 令牌 / missing bearer token');
    const token = match[1];
    const user = await userOf(deps, token);
    if (!user) return sendError(c, 401, 'UNAUTHORIZED', '令牌无效或已过期 / token invalid or expired');
    if (!roleAllows(user.role, c.req.method, path)) {
      return sendError(c, 403, 'FORBIDDEN', `无权限（角色 ${user.role}） / Not allowed (role ${user.role})`, {
        role: user.role,
      });
    }
    c.set('user', user);
    return next();
  };
}

async function userOf(deps: ApiDeps, token: string): Promise<ApiUser | undefined> {
  if (deps.apiToken && sameSecret(token, deps.apiToken)) {
    return { id: 'api-token', username: 'api-token', role: 'admin', tokenHash: null };
  }
  const tokenHash = hashToken(token);
  const user = await deps.runtime.store.users.byToken(tokenHash, deps.now());
  return user ? { id: user.id, username: user.username, role: user.role, tokenHash } : undefined;
}
