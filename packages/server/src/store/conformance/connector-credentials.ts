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

const T = 1_700_000_000_000;
const claimOf = (owner: string, seen: string | null, now = T, until = now + 60_000) => ({
  key: 'jdy:lease',
  connectionId: 'jdy',
  owner,
  seen,
  now,
  until,
});

/** Conformance cases of connector credentials: put/get, one key per connection, compare-and-delete, fetch leases. */
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

  it('gives the fetch lease of a key to one claim at a time, on the row as the claimer read it', async () => {
    const creds = store().connectorCredentials;
    // No row: the claim inserts one without a credential; a second claim finds it taken.
    expect(await creds.claim(claimOf('a', null))).toBe(true);
    expect(await creds.claim(claimOf('b', null))).toBe(false);
    expect(await creds.get('jdy:lease')).toEqual({
      key: 'jdy:lease',
      connectionId: 'jdy',
      sealed: '',
      refreshAt: 0,
      updatedAt: T,
      fetching: { owner: 'a', until: T + 60_000, error: null },
    });
    // A live lease refuses; one that ended (a dead holder) is taken over.
    expect(await creds.claim(claimOf('b', '', T + 59_999))).toBe(false);
    expect(await creds.claim(claimOf('b', '', T + 60_000))).toBe(true);
    expect((await creds.get('jdy:lease'))?.fetching?.owner).toBe('b');
    // Storing the credential ends the lease; a claim on the row as it was before is refused.
    await creds.put(credential('jdy:lease', 'sealed-1'));
    expect(await creds.get('jdy:lease')).toEqual(credential('jdy:lease', 'sealed-1'));
    expect(await creds.claim(claimOf('c', '', T + 1))).toBe(false);
    expect(await creds.claim(claimOf('c', 'sealed-1', T + 1))).toBe(true);
  });

  it("releases a failed fetch's lease for its owner only, keeping its error for the waiters", async () => {
    const creds = store().connectorCredentials;
    await creds.put(credential('jdy:lease', 'sealed-1'));
    expect(await creds.claim(claimOf('a', 'sealed-1'))).toBe(true);
    expect(await creds.release('jdy:lease', 'b', 'error-b')).toBe(false);
    expect(await creds.release('jdy:lease', 'a', 'error-a')).toBe(true);
    expect(await creds.get('jdy:lease')).toMatchObject({
      sealed: 'sealed-1',
      fetching: { owner: 'a', until: null, error: 'error-a' },
    });
    // Released: the next claim gets it at once, and clears the error.
    expect(await creds.claim(claimOf('b', 'sealed-1'))).toBe(true);
    expect((await creds.get('jdy:lease'))?.fetching).toEqual({ owner: 'b', until: T + 60_000, error: null });
  });

  it('keeps the lease of a fetch under way when deleting its expired credential: only the value goes', async () => {
    const creds = store().connectorCredentials;
    await creds.put(credential('jdy:lease', 'sealed-1'));
    expect(await creds.claim(claimOf('a', 'sealed-1'))).toBe(true);
    expect(await creds.deleteIf('jdy:lease', 'sealed-0')).toBe(false);
    expect(await creds.deleteIf('jdy:lease', 'sealed-1')).toBe(true);
    expect(await creds.get('jdy:lease')).toMatchObject({ sealed: '', fetching: { owner: 'a' } });
    expect(await creds.deleteIf('jdy:lease', 'sealed-1')).toBe(false);
    // A lease a dead owner left ends; a new claim reads the row without a value.
    expect(await creds.claim(claimOf('b', '', T + 60_000))).toBe(true);
  });

  it('gives the fetch lease to exactly one of several claiming at once', async () => {
    const creds = store().connectorCredentials;
    const race = async (seen: string | null, now: number) =>
      (
        await Promise.all(Array.from({ length: 8 }, (_, i) => creds.claim(claimOf(`p${i}`, seen, now))))
      ).filter(Boolean).length;
    expect(await race(null, T)).toBe(1);
    expect(await race('', T + 1)).toBe(0);
    expect(await race('', T + 60_000)).toBe(1);
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
