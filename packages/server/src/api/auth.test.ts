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
});
