import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { bilingual, QiaoError } from '../../errors/index.ts';
import type { Role, UserChange, UserRecord } from '../../store/port.ts';
import type { ApiDeps } from '../api-deps.ts';
import { hashPassword, hashToken, newToken, verifyPassword } from '../passwords.ts';
import {
  type ApiApp,
  addRoute,
  ERROR_CONTENT,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonBody,
  jsonResponse,
} from '../route-kit.ts';

const Credentials = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(8, '密码至少 8 位 / at least 8 characters').max(200),
  })
  .strict()
  .openapi('Credentials');
const NewUser = Credentials.extend({ role: z.enum(['admin', 'editor', 'viewer']) }).openapi('NewUser');
const UserSchema = z.object({ id: z.string(), username: z.string(), role: z.string() }).openapi('User');
const RoleSchema = z.enum(['admin', 'editor', 'viewer']);
const ListedUser = UserSchema.extend({
  createdAt: z.number(),
  lastSignInAt: z
    .number()
    .nullable()
    .openapi({ description: 'Newest sign-in token still stored (epoch ms)' }),
}).openapi('ListedUser');
const UserPatch = z
  .object({
    role: RoleSchema.optional(),
    password: Credentials.shape.password.optional(),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.password !== undefined, {
    message: '请提供 role 或 password / give a role or a password',
  })
  .openapi('UserPatch');
const LAST_ADMIN = '至少要保留一名管理员 / the last admin cannot be demoted or deleted';
const TokenSchema = z
  .object({ token: z.string(), expiresAt: z.number().nullable(), user: UserSchema })
  .openapi('Token');
const tags = ['auth'];
/** Checked when the username is unknown, so that case costs one scrypt like a wrong password. */
let unknownUserHash: Promise<string> | undefined;
const hashOfUnknownUser = () => (unknownUserHash ??= hashPassword(randomUUID()));
const open = { security: [] };

/** Registers setup (first start), login, logout, me, and user management (admin). */
export function registerAuthRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/setup',
      operationId: 'getSetupStatus',
      summary: 'Check whether the first admin is needed',
      description:
        'Public. `needsSetup` is true while no user exists (the console then asks for the first admin).',
      tags,
      ...open,
      responses: {
        200: jsonResponse(z.object({ needsSetup: z.boolean() }), 'Whether an admin must be created'),
      },
    },
    async (c) => c.json({ needsSetup: (await store.users.count()) === 0 }),
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/setup',
      operationId: 'createFirstAdmin',
      summary: 'Create the first admin',
      description:
        'Public, and only while no user exists: afterwards 409 `CONFLICT`. Answers a sign-in token for the new admin.',
      tags,
      ...open,
      request: { body: jsonBody(Credentials) },
      responses: { 201: jsonResponse(TokenSchema, 'Admin created, logged in'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const body = input<z.infer<typeof Credentials>>(c, 'json');
      if ((await store.users.count()) > 0)
        throw new QiaoError(
          'CONFLICT',
          '已完成初始化，不能再创建管理员 / setup is already done: no further admin can be created',
        );
      const user = await createUser(deps, body.username, body.password, 'admin');
      return c.json(await issueToken(deps, user), 201);
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/login',
      operationId: 'login',
      summary: 'Sign in with username and password',
      description:
        'Public; answers a bearer token (valid 30 days by default). After 5 failed sign-ins of one username from one address, or 50 from one address, within 15 minutes it answers 429 `TOO_MANY_ATTEMPTS` with `Retry-After` without checking the password.',
      tags,
      ...open,
      request: { body: jsonBody(Credentials.extend({ password: z.string().min(1).max(200) })) },
      responses: {
        200: jsonResponse(TokenSchema, 'Logged in'),
        ...ERROR_RESPONSES,
        401: { description: 'Wrong username or password (UNAUTHORIZED)', content: ERROR_CONTENT },
        429: {
          description: 'Too many failed sign-ins (TOO_MANY_ATTEMPTS, Retry-After)',
          content: ERROR_CONTENT,
        },
      },
    },
    async (c) => {
      const body = input<z.infer<typeof Credentials>>(c, 'json');
      const address = deps.clientAddress(c);
      await deps.loginGuard.check(body.username, address);
      const user = await store.users.byUsername(body.username);
      // An unknown username costs the same scrypt as a wrong password, so timing tells nothing.
      const valid = await verifyPassword(body.password, user?.passwordHash ?? (await hashOfUnknownUser()));
      if (!user || !valid) {
        await deps.loginGuard.failed(body.username, address);
        throw new QiaoError('UNAUTHORIZED', '用户名或密码错误 / wrong username or password');
      }
      await deps.loginGuard.succeeded(body.username, address);
      return c.json(await issueToken(deps, user));
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/auth/logout',
      operationId: 'logout',
      summary: 'Sign out, revoking this token',
      description: 'Open to every role. The static API token (`QIAO_API_TOKEN`) is not revoked.',
      tags,
      responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), 'Token revoked'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const hash = c.get('user').tokenHash;
      if (hash) await store.users.deleteToken(hash);
      return c.json({ ok: true });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/me',
      operationId: 'getCurrentUser',
      summary: 'Get the signed-in user',
      tags,
      responses: { 200: jsonResponse(UserSchema, 'The caller'), ...ERROR_RESPONSES },
    },
    (c) => {
      const { id, username, role } = c.get('user');
      return c.json({ id, username, role });
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/users',
      operationId: 'createUser',
      summary: 'Create a user',
      description:
        'Admin only. 409 `CONFLICT` when the username is taken; the password needs at least 8 characters.',
      tags,
      request: { body: jsonBody(NewUser) },
      responses: { 201: jsonResponse(UserSchema, 'User created'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const body = input<z.infer<typeof NewUser>>(c, 'json');
      if (await store.users.byUsername(body.username))
        throw new QiaoError(
          'CONFLICT',
          bilingual(`用户名 "${body.username}" 已存在`, `username "${body.username}" taken`),
        );
      const user = await createUser(deps, body.username, body.password, body.role);
      return c.json({ id: user.id, username: user.username, role: user.role }, 201);
    },
  );
  registerUserManagement(app, deps);
}

/** `GET /users`, `PATCH /users/{id}`, `DELETE /users/{id}` (admin only, see authenticate.ts). */
function registerUserManagement(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/users',
      operationId: 'listUsers',
      summary: 'List users',
      description:
        'Admin only; never a password hash. `lastSignInAt` is the newest sign-in token still stored, so null after a sign-out or a password reset.',
      tags,
      responses: {
        200: jsonResponse(z.object({ items: z.array(ListedUser) }), 'Every user (no password hashes)'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => c.json({ items: await store.users.list() }),
  );
  addRoute(
    app,
    {
      method: 'patch',
      path: '/api/v1/users/{id}',
      tags,
      operationId: 'updateUser',
      summary: "Change a user's role or password",
      description:
        'Admin only. A new password signs the user out everywhere; a role change applies to their next request. Demoting the last admin is 409 `CONFLICT` (`details.reason: lastAdmin`).',
      request: { params: IdParam, body: jsonBody(UserPatch) },
      responses: { 200: jsonResponse(ListedUser, 'The user as changed'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const body = input<z.infer<typeof UserPatch>>(c, 'json');
      const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
      const outcome = await store.transaction(async (tx) => {
        const result = await tx.users.update(id, {
          ...(body.role === undefined ? {} : { role: body.role }),
          ...(passwordHash === undefined ? {} : { passwordHash }),
        });
        if (result === 'done' && passwordHash !== undefined) await tx.users.deleteTokensOf(id);
        return result;
      });
      refuseChange(outcome, id);
      const listed = (await store.users.list()).find((u) => u.id === id);
      return c.json(found(listed, userMissing(id)));
    },
  );
  addRoute(
    app,
    {
      method: 'delete',
      path: '/api/v1/users/{id}',
      tags,
      operationId: 'deleteUser',
      summary: 'Delete a user and revoke their tokens',
      description:
        'Admin only. 409 `CONFLICT` for the last admin (`details.reason: lastAdmin`) or for yourself (`self`).',
      request: { params: IdParam },
      responses: { 200: jsonResponse(z.object({ ok: z.boolean() }), 'Deleted'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      if (c.get('user').id === id)
        throw new QiaoError('CONFLICT', '不能删除自己 / you cannot delete yourself', {
          details: { reason: 'self' },
        });
      refuseChange(await store.users.delete(id), id);
      return c.json({ ok: true });
    },
  );
}

const userMissing = (id: string) => `用户不存在 / no user ${id}`;

/** Throws for a refused user change: unknown user (404) or the last admin (409). */
function refuseChange(outcome: UserChange, id: string): void {
  if (outcome === 'notFound') throw new QiaoError('NOT_FOUND', userMissing(id));
  if (outcome === 'lastAdmin')
    throw new QiaoError('CONFLICT', LAST_ADMIN, { details: { reason: 'lastAdmin' } });
}

async function createUser(
  deps: ApiDeps,
  username: string,
  password: string,
  role: Role,
): Promise<UserRecord> {
  const user: UserRecord = {
    id: randomUUID(),
    username,
    passwordHash: await hashPassword(password),
    role,
    createdAt: deps.now(),
  };
  await deps.runtime.store.users.create(user);
  return user;
}

async function issueToken(deps: ApiDeps, user: UserRecord) {
  const token = newToken();
  const now = deps.now();
  const expiresAt = now + deps.tokenTtlMs;
  await deps.runtime.store.users.putToken({
    tokenHash: hashToken(token),
    userId: user.id,
    name: 'login',
    createdAt: now,
    expiresAt,
  });
  return { token, expiresAt, user: { id: user.id, username: user.username, role: user.role } };
}
