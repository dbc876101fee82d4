import { expect, it } from 'vitest';
import type { Store } from '../port.ts';
import { makeRun, makeStep } from './fixtures.ts';
import { userCases } from './users.ts';

/** Conformance cases of form records, users and tokens, and run retention. */
export function recordCases(store: () => Store): void {
  it('creates, updates, gets and pages form records', async () => {
    const forms = store().formRecords;
    for (let i = 0; i < 4; i++) {
      const data = { 报销人: `张${i}`, lines: [{ amount: i }] };
      await forms.create({
        id: `fr${i}`,
        formId: 'bx',
        formVersion: 1,
        data,
        createdAt: 10 + i,
        updatedAt: 10 + i,
        createdBy: null,
      });
    }
    expect(await forms.update('fr1', { 报销人: '李四' }, 99)).toMatchObject({
      id: 'fr1',
      data: { 报销人: '李四' },
      updatedAt: 99,
      createdAt: 11,
    });
    expect(await forms.update('missing', {}, 99)).toBeUndefined();
    expect((await forms.get('fr2'))?.data).toEqual({ 报销人: '张2', lines: [{ amount: 2 }] });
    expect((await forms.list('bx', { limit: 2 })).map((r) => r.id)).toEqual(['fr3', 'fr2']);
    expect((await forms.list('bx', { before: 'fr2' })).map((r) => r.id)).toEqual(['fr1', 'fr0']);
    expect(await forms.list('other', {})).toEqual([]);
  });

  it('stores users and finds them by unexpired token', async () => {
    const users = store().users;
    expect(await users.count()).toBe(0);
    const admin = { id: 'u1', username: 'admin', passwordHash: 'h', role: 'admin', createdAt: 1 } as const;
    await users.create(admin);
    await expect(users.create({ ...admin, id: 'u2' })).rejects.toThrow();
    expect(await users.byUsername('admin')).toEqual(admin);
    expect(await users.byUsername('nobody')).toBeUndefined();
    await users.putToken({ tokenHash: 't1', userId: 'u1', name: 'ci', createdAt: 1, expiresAt: 100 });
    await users.putToken({ tokenHash: 't2', userId: 'u1', name: 'cli', createdAt: 1, expiresAt: null });
    expect(await users.byToken('t1', 50)).toEqual(admin);
    expect(await users.byToken('t1', 100)).toBeUndefined();
    expect(await users.byToken('t2', 1e13)).toEqual(admin);
    await users.deleteToken('t2');
    expect(await users.byToken('t2', 2)).toBeUndefined();
    expect(await users.count()).toBe(1);
  });

  userCases(store);

  it('prunes finished runs and their steps by age, never unfinished ones', async () => {
    await store().runs.create(makeRun({ id: 'old-done', status: 'succeeded', createdAt: 1, finishedAt: 2 }));
    await store().runs.create(makeRun({ id: 'old-failed', status: 'failed', createdAt: 1, finishedAt: 3 }));
    await store().runs.create(makeRun({ id: 'old-running', status: 'running', createdAt: 1 }));
    await store().runs.create(
      makeRun({ id: 'new-done', status: 'succeeded', createdAt: 900, finishedAt: 950 }),
    );
    for (const id of ['old-done', 'old-running', 'new-done']) await store().steps.put(makeStep(id, 1));
    await store().steps.put(makeStep('old-done', 2));
    const result = await store().pruneRuns({ olderThan: 500, now: 1000 });
    expect(result).toEqual({ runsDeleted: 2, stepsDeleted: 2 });
    expect((await store().runs.list({})).map((r) => r.id).sort()).toEqual(['new-done', 'old-running']);
    expect(await store().steps.list('old-running')).toHaveLength(1);
  });

  it('keeps only the newest finished runs of each flow', async () => {
    for (let i = 0; i < 5; i++) {
      await store().runs.create(
        makeRun({ id: `a${i}`, flowId: 'a', status: 'succeeded', createdAt: i, finishedAt: i }),
      );
      await store().runs.create(
        makeRun({ id: `b${i}`, flowId: 'b', status: i === 0 ? 'queued' : 'failed', createdAt: i }),
      );
      await store().steps.put(makeStep(`a${i}`, 1));
    }
    const result = await store().pruneRuns({ keepLast: 2, now: 10 });
    expect(result).toEqual({ runsDeleted: 5, stepsDeleted: 3 });
    expect((await store().runs.list({})).map((r) => r.id).sort()).toEqual(['a3', 'a4', 'b0', 'b3', 'b4']);
    expect(await store().pruneRuns({ keepLast: 2, olderThan: 100, now: 10 })).toEqual({
      runsDeleted: 0,
      stepsDeleted: 0,
    });
  });
}
