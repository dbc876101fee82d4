import { expect, it } from 'vitest';
import type { Store } from '../port.ts';

/** Conformance cases of documents and secrets. */
export function documentCases(store: () => Store): void {
  it('stores a first version and returns the same version for the same definition', async () => {
    const v1 = await store().documents.put({
      kind: 'flow',
      id: 'f1',
      definition: { a: 1, b: { c: [1, 2] } },
      source: 'a: 1',
      now: 10,
    });
    expect(v1.version).toBe(1);
    const again = await store().documents.put({
      kind: 'flow',
      id: 'f1',
      definition: { b: { c: [1, 2] }, a: 1 },
      now: 20,
    });
    expect(again.version).toBe(1);
    expect(again.source).toBe('a: 1');
    const v2 = await store().documents.put({
      kind: 'flow',
      id: 'f1',
      definition: { a: 2 },
      createdBy: 'u1',
      now: 30,
    });
    expect(v2).toMatchObject({ version: 2, createdBy: 'u1', createdAt: 30, definition: { a: 2 } });
    expect(await store().documents.head('flow', 'f1')).toEqual({
      kind: 'flow',
      id: 'f1',
      currentVersion: 2,
      enabled: true,
      updatedAt: 30,
    });
  });

  it('refreshes the text of an unchanged definition in place, without a new version', async () => {
    const put = (source: string | null | undefined, now: number) =>
      store().documents.put({ kind: 'sync', id: 'text', definition: { a: 1 }, source, now });
    await put('a: 1', 10);
    const commented = await put('# the one field\na: 1 # kept\n', 20);
    expect(commented).toMatchObject({ version: 1, source: '# the one field\na: 1 # kept\n' });
    // A put without text (the API's JSON body) keeps the text it has.
    expect(await put(undefined, 30)).toMatchObject({ version: 1, source: '# the one field\na: 1 # kept\n' });
    expect(await put(null, 40)).toMatchObject({ version: 1, source: '# the one field\na: 1 # kept\n' });
    expect((await store().documents.versions('sync', 'text')).map((v) => v.version)).toEqual([1]);
  });

  it('gets the current or a given version and lists versions and heads', async () => {
    const docs = store().documents;
    await docs.put({ kind: 'flow', id: 'f1', definition: { n: '一' }, now: 1 });
    await docs.put({ kind: 'flow', id: 'f1', definition: { n: '二' }, now: 2 });
    await docs.put({ kind: 'sync', id: 's1', definition: { n: 3 }, now: 3 });
    expect((await docs.get('flow', 'f1'))?.definition).toEqual({ n: '二' });
    expect((await docs.get('flow', 'f1', 1))?.definition).toEqual({ n: '一' });
    expect(await docs.get('flow', 'f1', 9)).toBeUndefined();
    expect(await docs.get('flow', 'nope')).toBeUndefined();
    expect((await docs.versions('flow', 'f1')).map((v) => v.version)).toEqual([1, 2]);
    expect((await docs.list()).map((h) => `${h.kind}/${h.id}`)).toEqual(['flow/f1', 'sync/s1']);
    expect((await docs.list('sync')).map((h) => h.id)).toEqual(['s1']);
  });

  it('rolls back by copying an older version as the new current one', async () => {
    const docs = store().documents;
    await docs.put({ kind: 'flow', id: 'f1', definition: { n: 1 }, now: 1 });
    await docs.put({ kind: 'flow', id: 'f1', definition: { n: 2 }, now: 2 });
    const back = await docs.rollback('flow', 'f1', 1, 3);
    expect(back).toMatchObject({ version: 3, definition: { n: 1 }, createdAt: 3 });
    expect((await docs.head('flow', 'f1'))?.currentVersion).toBe(3);
    expect((await docs.put({ kind: 'flow', id: 'f1', definition: { n: 1 }, now: 4 })).version).toBe(3);
    await expect(docs.rollback('flow', 'f1', 42, 5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('enables, disables and deletes documents', async () => {
    const docs = store().documents;
    await docs.put({ kind: 'connection', id: 'c1', definition: { x: 1 }, now: 1 });
    await docs.setEnabled('connection', 'c1', false, 5);
    expect(await docs.head('connection', 'c1')).toMatchObject({ enabled: false, updatedAt: 5 });
    expect(await docs.delete('connection', 'c1')).toBe(true);
    expect(await docs.delete('connection', 'c1')).toBe(false);
    expect(await docs.get('connection', 'c1')).toBeUndefined();
    expect(await docs.versions('connection', 'c1')).toEqual([]);
  });

  it('stores, replaces and deletes secret ciphertext', async () => {
    const secrets = store().secrets;
    expect(await secrets.get('c1')).toBeUndefined();
    await secrets.put('c1', 'v1:aaa', 1);
    await secrets.put('c1', 'v1:bbb', 2);
    expect(await secrets.get('c1')).toBe('v1:bbb');
    await secrets.delete('c1');
    expect(await secrets.get('c1')).toBeUndefined();
  });
}
