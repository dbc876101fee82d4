import { expect, it } from 'vitest';
import type { Store, StoredCredential } from '../port.ts';

const credential = (key: string, sealed: string, overrides: Partial<StoredCredential> = {}) => ({
  key,
  connectionId: key.slice(0, key.lastIndexOf(':')),
  sealed,
  refreshAt: 1_700_000_600_000,
  updatedAt: 1_700_000_000_000,
  ...overrides,
});

/** Conformance cases of connector credentials: put/get, one key per connection, compare-and-delete. */
export function connectorCredentialCases(store: () => Store): void {
  it('stores a sealed credential by key and replaces it', async () => {
    const creds = store().connectorCredentials;
    expect(await creds.get('jdy:aaaa')).toBeUndefined();
    await creds.put(credential('jdy:aaaa', 'sealed-1'));
    expect(await creds.get('jdy:aaaa')).toEqual(credential('jdy:aaaa', 'sealed-1'));
    const unbounded = credential('jdy:aaaa', 'sealed-2', { refreshAt: null, updatedAt: 1_700_000_100_000 });
    await creds.put(unbounded);
    expect(await creds.get('jdy:aaaa')).toEqual(unbounded);
  });

  it("keeps one key per connection: the newest settings' credential", async () => {
    const creds = store().connectorCredentials;
    await creds.put(credential('jdy:old', 'sealed-old'));
    await creds.put(credential('dt:x', 'sealed-dt'));
    await creds.put(credential('jdy:new', 'sealed-new'));
    expect(await creds.get('jdy:old')).toBeUndefined();
    expect(await creds.get('jdy:new')).toMatchObject({ sealed: 'sealed-new' });
    expect(await creds.get('dt:x')).toMatchObject({ sealed: 'sealed-dt' });
  });

  it('deletes a credential only while it is still the expected sealed value', async () => {
    const creds = store().connectorCredentials;
    await creds.put(credential('k3:f', 'sealed-1'));
    expect(await creds.deleteIf('k3:f', 'sealed-0')).toBe(false);
    expect(await creds.get('k3:f')).toMatchObject({ sealed: 'sealed-1' });
    expect(await creds.deleteIf('k3:f', 'sealed-1')).toBe(true);
    expect(await creds.get('k3:f')).toBeUndefined();
    expect(await creds.deleteIf('k3:f', 'sealed-1')).toBe(false);
  });

  it("deletes every credential of a connection, and no other connection's", async () => {
    const creds = store().connectorCredentials;
    await creds.put(credential('a:1', 's-a'));
    await creds.put(credential('a:b:2', 's-ab', { connectionId: 'a:b' }));
    await creds.put(credential('ab:3', 's-ab3'));
    expect(await creds.deleteConnection('a')).toBe(1);
    expect(await creds.get('a:1')).toBeUndefined();
    expect(await creds.get('a:b:2')).toMatchObject({ sealed: 's-ab' });
    expect(await creds.get('ab:3')).toMatchObject({ sealed: 's-ab3' });
    expect(await creds.deleteConnection('nobody')).toBe(0);
  });

  it('writes credentials inside a transaction, undone with it', async () => {
    await expect(
      store().transaction(async (tx) => {
        await tx.connectorCredentials.put(credential('t:1', 's-t'));
        expect(await tx.connectorCredentials.get('t:1')).toMatchObject({ sealed: 's-t' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await store().connectorCredentials.get('t:1')).toBeUndefined();
  });
}
