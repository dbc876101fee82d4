import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from './create-api.ts';
import { MANUAL_FLOW } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('api auth', () => {
  it('creates the first admin once and logs in with it', async () => {
    api = await createTestApi();
    expect((await api.call('GET', '/api/v1/setup', { token: null })).body).toEqual({ needsSetup: true });
    const setup = await api.call('POST', '/api/v1/setup', {
      token: null,
      body: { username: 'admin', password: 'correct-horse' },
    });
    expect(setup.status).toBe(201);
    expect((await api.call('GET', '/api/v1/setup', { token: null })).body).toEqual({ needsSetup: false });
    const me = await api.call('GET', '/api/v1/me', { token: setup.body.token });
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin' });
    const login = await api.call('POST', '/api/v1/auth/login', {
      token: null,
      body: { username: 'admin', password: 'correct-horse' },
    });
    expect(login.status).toBe(200);
    expect(login.body.token).not.toBe(setup.body.token);
  });

  it('stores passwords and tokens hashed', async () => {
    api = await createTestApi();
    const setup = await api.call('POST', '/api/v1/setup', {
      token: null,
      body: { username: 'admin', password: 'correct-horse' },
    });
    const user = await api.runtime.store.users.byUsername('admin');
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(user?.passwordHash).not.toContain('correct-horse');
    expect(await api.runtime.store.users.byToken(setup.body.token, Date.now())).toBeUndefined();
  });

  it('revokes the token on logout', async () => {
    api = await createTestApi();
    const token = await api.tokenFor('viewer');
    expect((await api.call('GET', '/api/v1/me', { token })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/auth/logout', { token })).status).toBe(200);
    const after = await api.call('GET', '/api/v1/me', { token });
    expect([after.status, after.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('lets viewers read, editors write definitions and only admins manage users', async () => {
    api = await createTestApi();
    const viewer = await api.tokenFor('viewer');
    const editor = await api.tokenFor('editor');
    expect((await api.call('GET', '/api/v1/flows', { token: viewer })).status).toBe(200);
    expect(
      (await api.call('POST', '/api/v1/validate', { token: viewer, body: { document: MANUAL_FLOW } })).status,
    ).toBe(200);
    expect((await api.call('PUT', '/api/v1/flows/manual', { token: viewer, body: MANUAL_FLOW })).status).toBe(
      403,
    );
    expect((await api.call('PUT', '/api/v1/flows/manual', { token: editor, body: MANUAL_FLOW })).status).toBe(
      201,
    );
    const users = await api.call('POST', '/api/v1/users', {
      token: editor,
      body: { username: 'z', password: 'password-1', role: 'viewer' },
    });
    expect(users.status).toBe(403);
  });

  it('accepts the static api token as admin', async () => {
    api = await createTestApi();
    const me = await api.call('GET', '/api/v1/me');
    expect(me.body).toMatchObject({ role: 'admin', username: 'api-token' });
  });

  it('rejects a second user with the same name', async () => {
    api = await createTestApi();
    const body = { username: 'dup', password: 'password-1', role: 'viewer' };
    expect((await api.call('POST', '/api/v1/users', { body })).status).toBe(201);
    const again = await api.call('POST', '/api/v1/users', { body });
    expect([again.status, again.body.code]).toEqual([409, 'CONFLICT']);
  });

  it('answers 429 with Retry-After after repeated wrong passwords, per client address', async () => {
    api = await createTestApi();
    await api.call('POST', '/api/v1/setup', {
      token: null,
      body: { username: 'admin', password: 'correct-horse' },
    });
    const app = createApi(api.runtime, {
      env: { QIAO_TRUST_PROXY: '1' },
      loginLimits: { perAccount: 2, perAddress: 10, windowSeconds: 600 },
    });
    const login = (password: string, from: string) =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.7, ${from}` },
        body: JSON.stringify({ username: 'admin', password }),
      });
    expect((await login('wrong-1', '198.51.100.1')).status).toBe(401);
    expect((await login('wrong-2', '198.51.100.1')).status).toBe(401);
    const held = await login('correct-horse', '198.51.100.1');
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(590);
    const body = (await held.json()) as {
      code: string;
      message: string;
      details: { retryAfterSeconds: number };
    };
    expect(body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(body.message).toContain('10 分钟');
    // Another client (the proxy's last hop) is not held back by this one's failures.
    expect((await login('correct-horse', '198.51.100.2')).status).toBe(200);
  });

  it('answers an unknown username like a wrong password', async () => {
    api = await createTestApi();
    const response = await api.call('POST', '/api/v1/auth/login', {
      token: null,
      body: { username: 'nobody', password: 'whatever-1' },
    });
    expect([response.status, response.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('lists users for admins only, never with password hashes', async () => {
    api = await createTestApi();
    const viewer = await api.tokenFor('viewer');
    const editor = await api.tokenFor('editor');
    const list = await api.call('GET', '/api/v1/users');
    expect(list.status).toBe(200);
    expect(list.body.items.map((u: { username: string; role: string }) => [u.username, u.role])).toEqual([
      ['editor2', 'editor'],
      ['viewer1', 'viewer'],
    ]);
    expect(list.body.items[0]).toEqual({
      id: expect.any(String),
      username: 'editor2',
      role: 'editor',
      createdAt: expect.any(Number),
      lastSignInAt: expect.any(Number),
    });
    expect(list.text).not.toContain('scrypt');
    const id = list.body.items[1].id as string;
    for (const token of [viewer, editor]) {
      expect((await api.call('GET', '/api/v1/users', { token })).status).toBe(403);
      expect(
        (await api.call('PATCH', `/api/v1/users/${id}`, { token, body: { role: 'admin' } })).status,
      ).toBe(403);
      expect((await api.call('DELETE', `/api/v1/users/${id}`, { token })).status).toBe(403);
    }
    const doc = await api.call('GET', '/api/openapi.json', { token: null });
    expect(Object.keys(doc.body.paths['/api/v1/users/{id}'])).toEqual(['patch', 'delete']);
    expect(doc.body.paths['/api/v1/users'].get).toBeDefined();
  });

  it('changes a role at once and a password by signing the user out', async () => {
    api = await createTestApi();
    const viewer = await api.tokenFor('viewer');
    const { id } = (await api.call('GET', '/api/v1/me', { token: viewer })).body;
    expect((await api.call('PUT', '/api/v1/flows/manual', { token: viewer, body: MANUAL_FLOW })).status).toBe(
      403,
    );
    const promoted = await api.call('PATCH', `/api/v1/users/${id}`, { body: { role: 'editor' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ id, username: 'viewer1', role: 'editor' });
    expect((await api.call('PUT', '/api/v1/flows/manual', { token: viewer, body: MANUAL_FLOW })).status).toBe(
      201,
    );
    const short = await api.call('PATCH', `/api/v1/users/${id}`, { body: { password: 'short' } });
    expect([short.status, short.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect((await api.call('PATCH', `/api/v1/users/${id}`, { body: {} })).status).toBe(400);
    const reset = await api.call('PATCH', `/api/v1/users/${id}`, { body: { password: 'new-password-1' } });
    expect(reset.body).toMatchObject({ role: 'editor', lastSignInAt: null });
    expect((await api.call('GET', '/api/v1/me', { token: viewer })).status).toBe(401);
    const login = (password: string) =>
      api?.call('POST', '/api/v1/auth/login', { token: null, body: { username: 'viewer1', password } });
    expect((await login('password-123'))?.status).toBe(401);
    expect((await login('new-password-1'))?.status).toBe(200);
    const missing = await api.call('PATCH', '/api/v1/users/nobody', { body: { role: 'viewer' } });
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('deletes a user and their tokens, but never the last admin nor oneself', async () => {
    api = await createTestApi();
    const setup = await api.call('POST', '/api/v1/setup', {
      token: null,
      body: { username: 'root', password: 'correct-horse' },
    });
    const root = setup.body.token as string;
    const rootId = setup.body.user.id as string;
    const demote = await api.call('PATCH', `/api/v1/users/${rootId}`, { body: { role: 'editor' } });
    expect([demote.status, demote.body.code]).toEqual([409, 'CONFLICT']);
    expect(demote.body.message).toBe('至少要保留一名管理员 / the last admin cannot be demoted or deleted');
    const lastAdmin = await api.call('DELETE', `/api/v1/users/${rootId}`);
    expect([lastAdmin.status, lastAdmin.body.details]).toEqual([409, { reason: 'lastAdmin' }]);
    const self = await api.call('DELETE', `/api/v1/users/${rootId}`, { token: root });
    expect([self.status, self.body.code, self.body.details]).toEqual([409, 'CONFLICT', { reason: 'self' }]);

    const second = await api.tokenFor('admin');
    const { id: secondId } = (await api.call('GET', '/api/v1/me', { token: second })).body;
    expect((await api.call('PATCH', `/api/v1/users/${rootId}`, { body: { role: 'viewer' } })).status).toBe(
      200,
    );
    expect((await api.call('GET', '/api/v1/users', { token: root })).status).toBe(403);
    const removed = await api.call('DELETE', `/api/v1/users/${rootId}`, { token: second });
    expect([removed.status, removed.body]).toEqual([200, { ok: true }]);
    expect((await api.call('GET', '/api/v1/me', { token: root })).status).toBe(401);
    expect((await api.call('DELETE', `/api/v1/users/${rootId}`)).status).toBe(404);
    const left = await api.call('GET', '/api/v1/users');
    expect(left.body.items.map((u: { id: string }) => u.id)).toEqual([secondId]);
    expect((await api.call('DELETE', `/api/v1/users/${secondId}`)).status).toBe(409);
  });
});
