import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../connectors/kit/clock.ts';
import type { CredentialGrant } from '../connectors/kit/connector-declaration.ts';
import { generateSecretKey, parseSecretKey } from '../secrets/key.ts';
import { createSecretBox } from '../secrets/seal.ts';
import { createStore } from '../store/index.ts';
import type { ConnectorCredentialRepository, Store } from '../store/port.ts';
import type { CredentialCompanion } from './credential-companions.ts';
import type { SecretsCodec } from './secrets-codec.ts';
import {
  connectionOf,
  createStoreCredentialCache,
  type StoreCredentialCacheOptions,
} from './store-credential-cache.ts';

const KEY = 'jdy:0123456789abcdef';
const T0 = 1_800_000_000_000;

function codec(): SecretsCodec {
  const box = createSecretBox(parseSecretKey(generateSecretKey(), 'test'));
  return {
    seal: (values) => box.sealSecrets(values),
    open: (ciphertext) => box.openSecrets(ciphertext) as Record<string, string>,
  };
}

/** A token source that hands out tok-1, tok-2… and counts its fetches. */
function tokenSource(expiresInSeconds?: number) {
  let fetches = 0;
  return {
    get fetches() {
      return fetches;
    },
    fetch: async (): Promise<CredentialGrant> => {
      fetches++;
      return { value: `tok-${fetches}`, ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }) };
    },
  };
}

/** The store's credential repository with its calls counted (and made to fail on demand). */
function counted(repository: ConnectorCredentialRepository) {
  const calls: string[] = [];
  let failing = false;
  const wrap =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      calls.push(name);
      return failing ? Promise.reject(new Error(`store down: ${name}`)) : fn(...args);
    };
  const proxy: ConnectorCredentialRepository = {
    get: wrap('get', repository.get),
    put: wrap('put', repository.put),
    deleteIf: wrap('deleteIf', repository.deleteIf),
    deleteConnection: wrap('deleteConnection', repository.deleteConnection),
  };
  return {
    proxy,
    calls,
    fail(on: boolean) {
      failing = on;
    },
  };
}

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function setup(options: Partial<StoreCredentialCacheOptions> = {}) {
  const store = createStore({ file: ':memory:' });
  await store.migrate();
  stores.push(store);
  const secrets = options.secrets ?? codec();
  const clock = createManualClock(T0);
  const errors: unknown[] = [];
  const repository = counted(store.connectorCredentials);
  /** A cache as one process would have it (its own memory), over the shared store. */
  const cache = (extra: Partial<StoreCredentialCacheOptions> = {}) =>
    createStoreCredentialCache({
      store: { connectorCredentials: repository.proxy, documents: store.documents },
      secrets,
      clock,
      onError: (error) => errors.push(error),
      ...options,
      ...extra,
    });
  return { store, secrets, clock, errors, repository, cache };
}

describe('store credential cache', () => {
  it('fetches once for concurrent callers and then answers from memory without touching the store', async () => {
    const { cache, repository } = await setup();
    const source = tokenSource(7200);
    const a = cache();
    const [one, two] = await Promise.all([a.get(KEY, source.fetch), a.get(KEY, source.fetch)]);
    expect([one.value, two.value, source.fetches]).toEqual(['tok-1', 'tok-1', 1]);
    expect(repository.calls).toEqual(['get', 'put']);
    for (let i = 0; i < 100; i++) {
      expect(a.fresh?.(KEY)?.value).toBe('tok-1');
      expect((await a.get(KEY, source.fetch)).value).toBe('tok-1');
    }
    expect(repository.calls).toEqual(['get', 'put']);
    expect(a.peek(KEY)).toBe('tok-1');
  });

  it("reuses another process's stored credential, with the same refresh time", async () => {
    const { cache } = await setup();
    const source = tokenSource(7200);
    const first = await cache().get(KEY, source.fetch);
    const second = cache();
    expect(second.fresh?.(KEY)).toBeUndefined();
    expect(await second.get(KEY, source.fetch)).toEqual(first);
    expect(source.fetches).toBe(1);
    expect(second.fresh?.(KEY)).toEqual(first);
  });

  it('stores the credential sealed, in the Redis cache format, never in clear', async () => {
    const { cache, store, secrets } = await setup();
    await cache().get(KEY, tokenSource(7200).fetch);
    const row = await store.connectorCredentials.get(KEY);
    expect(row).toMatchObject({ key: KEY, connectionId: 'jdy', updatedAt: T0 });
    expect(row?.sealed).not.toContain('tok-1');
    expect(secrets.open(row?.sealed ?? '')).toEqual({ v: 'tok-1' });
  });

  it('does not use a stored credential past its refresh time', async () => {
    const { cache, clock } = await setup();
    const source = tokenSource(7200);
    const first = await cache().get(KEY, source.fetch);
    clock.advance((first.refreshAt ?? 0) - T0);
    const later = await cache().get(KEY, source.fetch);
    expect([later.value, source.fetches]).toEqual(['tok-2', 2]);
  });

  it('reuses a stored credential without a lifetime for a day, then fetches anew', async () => {
    const { cache, clock } = await setup({ unboundedTtlMs: 60_000 });
    const source = tokenSource();
    await cache().get(KEY, source.fetch);
    clock.advance(59_999);
    expect((await cache().get(KEY, source.fetch)).value).toBe('tok-1');
    clock.advance(1);
    expect((await cache().get(KEY, source.fetch)).value).toBe('tok-2');
  });

  it('drops an invalidated credential from the store, so the next process fetches anew', async () => {
    const { cache, store } = await setup();
    const source = tokenSource(7200);
    const a = cache();
    await a.get(KEY, source.fetch);
    a.invalidate(KEY, 'tok-1');
    expect(a.fresh?.(KEY)).toBeUndefined();
    expect((await a.get(KEY, source.fetch)).value).toBe('tok-2');
    expect(source.fetches).toBe(2);
    const b = cache();
    expect((await b.get(KEY, source.fetch)).value).toBe('tok-2');
    b.invalidate(KEY, 'tok-2');
    await b.close();
    expect(await store.connectorCredentials.get(KEY)).toBeUndefined();
  });

  it('leaves a stored credential that is no longer the expired one', async () => {
    const { cache, store, secrets } = await setup();
    const source = tokenSource(7200);
    const a = cache();
    const b = cache();
    await a.get(KEY, source.fetch);
    await b.get(KEY, source.fetch); // tok-1, from the store
    a.invalidate(KEY, 'tok-1');
    expect((await a.get(KEY, source.fetch)).value).toBe('tok-2');
    // b saw tok-1 expire later: the store holds a's new tok-2, which stays.
    b.invalidate(KEY, 'tok-1');
    await b.close();
    const row = await store.connectorCredentials.get(KEY);
    expect(secrets.open(row?.sealed ?? '').v).toBe('tok-2');
    expect((await b.get(KEY, source.fetch)).value).toBe('tok-2');
    expect(source.fetches).toBe(2);
  });

  it('never takes an invalidated value from the store, even when its delete failed', async () => {
    const { cache, repository, errors } = await setup();
    const source = tokenSource(7200);
    const a = cache();
    await a.get(KEY, source.fetch);
    repository.fail(true);
    a.invalidate(KEY, 'tok-1');
    await a.close();
    repository.fail(false);
    expect((await a.get(KEY, source.fetch)).value).toBe('tok-2');
    expect(errors).toHaveLength(1);
  });

  it('works from memory while the store fails, and reports it', async () => {
    const { cache, repository, errors } = await setup();
    const source = tokenSource(7200);
    const a = cache();
    repository.fail(true);
    expect((await a.get(KEY, source.fetch)).value).toBe('tok-1');
    expect((await a.get(KEY, source.fetch)).value).toBe('tok-1');
    expect(source.fetches).toBe(1);
    expect(errors.map((e) => (e as Error).message)).toEqual(['store down: get', 'store down: put']);
  });

  it('fetches anew when the stored credential was sealed with another key', async () => {
    const { cache } = await setup();
    const source = tokenSource(7200);
    await cache().get(KEY, source.fetch);
    expect((await cache({ secrets: codec() }).get(KEY, source.fetch)).value).toBe('tok-2');
  });

  it('shares a failed fetch with the callers waiting on it, and stores nothing', async () => {
    const { cache, store } = await setup();
    const a = cache();
    const failing = async (): Promise<CredentialGrant> => {
      throw new Error('bad secret');
    };
    const results = await Promise.allSettled([a.get(KEY, failing), a.get(KEY, failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await store.connectorCredentials.get(KEY)).toBeUndefined();
  });

  it("stores and restores a connector's state kept beside the credential", async () => {
    const { cache, store, secrets } = await setup();
    const kept = new Map<string, string>();
    const companion: CredentialCompanion = {
      capture: (value) => kept.get(value),
      restore: (value, state) => kept.set(value, state),
    };
    const source = tokenSource(7200);
    const fetch = async () => {
      const grant = await source.fetch();
      kept.set(grant.value, `session of ${grant.value}`);
      return grant;
    };
    await cache({ companions: { demo: companion } }).get(KEY, fetch);
    expect(secrets.open((await store.connectorCredentials.get(KEY))?.sealed ?? '')).toEqual({
      v: 'tok-1',
      'c:demo': 'session of tok-1',
    });
    kept.clear(); // another process: the connector's own memory is empty
    await cache({ companions: { demo: companion } }).get(KEY, fetch);
    expect([kept.get('tok-1'), source.fetches]).toEqual(['session of tok-1', 1]);
  });

  it("forgets a deleted connection's credentials, and keeps those of a connection that still exists", async () => {
    const { cache, store } = await setup();
    const a = cache();
    await store.documents.put({ kind: 'connection', id: 'jdy', definition: { id: 'jdy' }, now: T0 });
    await a.get(KEY, tokenSource(7200).fetch);
    await a.get('dt:fedcba9876543210', tokenSource(7200).fetch);
    await a.connectionChanged('jdy');
    expect(await store.connectorCredentials.get(KEY)).toBeDefined();
    await store.documents.delete('connection', 'jdy');
    await a.connectionChanged('jdy');
    expect(await store.connectorCredentials.get(KEY)).toBeUndefined();
    expect(a.fresh?.(KEY)).toBeUndefined();
    expect(await store.connectorCredentials.get('dt:fedcba9876543210')).toBeDefined();
  });

  it('reads the connection of a cache key', () => {
    expect(connectionOf('jdy:0123456789abcdef')).toBe('jdy');
    expect(connectionOf('a:b:0123456789abcdef')).toBe('a:b');
    expect(connectionOf('plain')).toBe('plain');
  });
});
