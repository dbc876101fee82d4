import { afterEach, describe, expect, it } from 'vitest';
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
});
