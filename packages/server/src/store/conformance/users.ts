import { expect, it } from 'vitest';
import type { Role, Store, UserRecord } from '../port.ts';

const user = (id: string, role: Role, createdAt = 1): UserRecord => ({
  id,
  username: `name-${id}`,
  passwordHash: `hash-${id}`,
  role,
  createdAt,
});

const token = (tokenHash: string, userId: string, createdAt: number, name = 'login') => ({
  tokenHash,
  userId,
  name,
  createdAt,
  expiresAt: null,
});

/** Conformance cases of user management: list, update, delete, token revocation, the last-admin guard. */
export function userCases(store: () => Store): void {
  it('lists users without password hashes, with their last sign-in', async () => {
    const users = store().users;
    expect(await users.list()).toEqual([]);
    await users.create(user('b', 'viewer', 20));
    await users.create(user('a', 'admin', 10));
    await users.putToken(token('t1', 'a', 100));
    await users.putToken(token('t2', 'a', 300));
    await users.putToken(token('t3', 'a', 900, 'ci'));
    expect(await users.list()).toEqual([
      { id: 'a', username: 'name-a', role: 'admin', createdAt: 10, lastSignInAt: 300 },
      { id: 'b', username: 'name-b', role: 'viewer', createdAt: 20, lastSignInAt: null },
    ]);
    expect(await users.get('b')).toEqual(user('b', 'viewer', 20));
    expect(await users.get('nobody')).toBeUndefined();
  });

  it('changes a role and a password hash, keeping tokens', async () => {
    const users = store().users;
    await users.create(user('a', 'admin'));
    await users.create(user('e', 'viewer'));
    await users.putToken(token('te', 'e', 5));
    expect(await users.update('e', { role: 'editor' })).toBe('done');
    expect(await users.update('e', { passwordHash: 'new-hash' })).toBe('done');
    expect(await users.get('e')).toMatchObject({ role: 'editor', passwordHash: 'new-hash' });
    expect(await users.byToken('te', 6)).toMatchObject({ id: 'e', role: 'editor' });
    expect(await users.update('e', {})).toBe('done');
    expect(await users.update('nobody', { role: 'viewer' })).toBe('notFound');
  });

  it('never demotes or deletes the only admin', async () => {
    const users = store().users;
    await users.create(user('a', 'admin'));
    await users.create(user('v', 'viewer'));
    expect(await users.update('a', { role: 'editor' })).toBe('lastAdmin');
    expect(await users.delete('a')).toBe('lastAdmin');
    expect(await users.get('a')).toMatchObject({ role: 'admin' });
    // A password change or a no-op role keeps the admin, so it is allowed.
    expect(await users.update('a', { role: 'admin', passwordHash: 'h2' })).toBe('done');
    expect(await users.update('v', { role: 'admin' })).toBe('done');
    expect(await users.update('a', { role: 'viewer' })).toBe('done');
    expect(await users.delete('v')).toBe('lastAdmin');
    expect((await users.list()).map((u) => [u.id, u.role])).toEqual([
      ['a', 'viewer'],
      ['v', 'admin'],
    ]);
  });

  it('keeps one admin when two admins demote each other at once', async () => {
    const users = store().users;
    let survivor: string | undefined;
    for (let round = 0; round < 5; round++) {
      const [a, b] = [`a${round}`, `b${round}`];
      await users.create(user(a, 'admin'));
      await users.create(user(b, 'admin'));
      if (survivor !== undefined) expect(await users.update(survivor, { role: 'viewer' })).toBe('done');
      const outcomes = await Promise.all([
        users.update(a, { role: 'viewer' }),
        users.update(b, { role: 'viewer' }),
      ]);
      expect(outcomes.sort()).toEqual(['done', 'lastAdmin']);
      const admins = (await users.list()).filter((u) => u.role === 'admin');
      expect(admins).toHaveLength(1);
      survivor = admins[0]?.id;
    }
  });

  it('deletes a user with their tokens, and revokes tokens alone', async () => {
    const users = store().users;
    await users.create(user('a', 'admin'));
    await users.create(user('e', 'editor'));
    await users.putToken(token('a1', 'a', 1));
    await users.putToken(token('a2', 'a', 2, 'cli'));
    await users.putToken(token('e1', 'e', 3));
    expect(await users.deleteTokensOf('a')).toBe(2);
    expect(await users.deleteTokensOf('a')).toBe(0);
    expect(await users.byToken('a1', 5)).toBeUndefined();
    expect(await users.byToken('e1', 5)).toMatchObject({ id: 'e' });
    expect(await users.delete('e')).toBe('done');
    expect(await users.byToken('e1', 5)).toBeUndefined();
    expect(await users.get('e')).toBeUndefined();
    expect(await users.delete('e')).toBe('notFound');
    expect(await users.count()).toBe(1);
    expect(await users.byUsername('name-e')).toBeUndefined();
  });
}
