import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../connectors/kit/clock.ts';
import type { CredentialGrant } from '../connectors/kit/connector-declaration.ts';
import {
  type CachedCredential,
  type CredentialCache,
  createCredentialCache,
  toCached,
} from '../connectors/kit/credential-cache.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors/catalogue.ts';
import { QiaoError, type StructuredError, toStructuredError } from '../errors/index.ts';
import type { Store, StoredCredential } from '../store/port.ts';
import {
  type CredentialCompanion,
  type CredentialPayload,
  credentialPayload,
  restoreCompanions,
} from './credential-companions.ts';
import type { SecretsCodec } from './secrets-codec.ts';

/** Options of `createStoreCredentialCache`. */
export interface StoreCredentialCacheOptions {
  /** The store shared by the processes (its `connectorCredentials`, and `documents` to see a connection deleted). */
  store: Pick<Store, 'connectorCredentials' | 'documents'>;
  /** Seals stored credentials (the runtime's secret key), in the Redis cache's format: `{v: value}`. */
  secrets: SecretsCodec;
  clock?: Clock;
  /** Connector state stored with every credential that has some, by a name of its own. */
  companions?: Readonly<Record<string, CredentialCompanion>>;
  /** How long a stored credential without a lifetime is reused (default 24 h, as in Redis). */
  unboundedTtlMs?: number;
  /** Told of store failures; the cache then behaves as the in-process one (default: ignored). */
  onError?: (error: unknown) => void;
  /**
   * How long a process's claim to fetch a key holds (default 60 s, as the Redis cache's lock): others
   * wait for its credential meanwhile, and fetch themselves once a dead or stuck holder's lease ends.
   */
  leaseMs?: number;
  /** How often a process waiting on another's fetch reads the store again (default 100 ms; `clock.sleep`). */
  pollMs?: number;
}

/** The store-backed credential cache plus what the runtime calls on it. */
export type StoreCredentialCache = CredentialCache & {
  /** After a connection changed: if it was deleted, its credentials go (memory and store). */
  connectionChanged(connectionId: string): Promise<void>;
  /** Waits for the store writes and deletes under way (before the store closes). */
  close(): Promise<void>;
};

/**
 * A credential cache for processes sharing one store without Redis (embedded mode: `qiao serve`,
 * `qiao run`, `qiao preview`, restarts): the in-process cache (single flight, `fresh` a Map lookup) in
 * front of the store. A memory miss reads the store and reuses a fresh credential another process or
 * an earlier start fetched; else it claims the key's fetch lease in the store (one conditional write:
 * of the processes missing at once, one wins), fetches and writes the credential through, sealed,
 * which ends the lease. The others read the store every `pollMs` until the credential is there; the
 * holder's failure is theirs too (as in-process single flight and the Redis cache share it); a lease
 * that ends unreleased (its holder died) lets the next one claim. `invalidate` drops it from the store
 * too, only if the stored value is still the expired one.
 */
export function createStoreCredentialCache(options: StoreCredentialCacheOptions): StoreCredentialCache {
  const { store, secrets } = options;
  const repository = store.connectorCredentials;
  const clock = options.clock ?? systemClock;
  const companions = options.companions ?? {};
  const unboundedTtlMs = options.unboundedTtlMs ?? 86_400_000;
  const onError = options.onError ?? (() => {});
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 100;
  // The last value a caller saw expire, per key: never taken from the store again.
  const dropped = new Map<string, string>();
  // The latest store delete per key (a later read waits for it), and every store write under way.
  const deleting = new Map<string, Promise<void>>();
  const writes = new Set<Promise<unknown>>();

  const track = <T>(work: Promise<T>): Promise<T> => {
    writes.add(work);
    void work.finally(() => writes.delete(work)).catch(() => undefined);
    return work;
  };

  const open = (sealed: string): CredentialPayload | undefined => {
    try {
      return secrets.open(sealed);
    } catch {
      return undefined; // sealed with another key, or damaged: fetched anew (and overwritten)
    }
  };

  /** The stored credential if this process may use it: fresh, opened with our key, not one it saw expire. */
  const usable = (key: string, row: StoredCredential | undefined): CachedCredential | undefined => {
    if (row === undefined || row.sealed === '') return undefined;
    const now = clock.now();
    if (row.refreshAt === null ? now >= row.updatedAt + unboundedTtlMs : now >= row.refreshAt)
      return undefined;
    const payload = open(row.sealed);
    const value = payload?.v;
    if (payload === undefined || !value || value === dropped.get(key)) return undefined;
    restoreCompanions(payload, companions);
    return { value, refreshAt: row.refreshAt };
  };

  const save = async (key: string, credential: CachedCredential, now: number): Promise<void> => {
    const payload = credentialPayload(credential.value, companions);
    const stored = {
      key,
      connectionId: connectionOf(key),
      sealed: secrets.seal(payload),
      refreshAt: credential.refreshAt,
      updatedAt: now,
    };
    // A failed write still leaves this process a good credential; others fetch their own.
    await track(repository.put(stored)).catch(onError);
  };

  /** Fetches and writes the credential through (ending the lease, if `owner` holds one); a failure releases it. */
  const fetchAndSave = async (
    key: string,
    fetch: () => Promise<CredentialGrant>,
    refreshBeforeMs: number,
    owner?: string,
  ): Promise<CachedCredential> => {
    let grant: CredentialGrant;
    try {
      grant = await fetch();
    } catch (error) {
      if (owner !== undefined) {
        const failure = secrets.seal({ e: JSON.stringify(toStructuredError(error)) });
        await track(repository.release(key, owner, failure)).catch(onError);
      }
      throw error;
    }
    const now = clock.now();
    const credential = toCached(grant, now, refreshBeforeMs);
    dropped.delete(key);
    await save(key, credential, now);
    return credential;
  };

  /**
   * A memory miss (once per key at a time: the in-process single flight is in front): the stored
   * credential, else the one another process is fetching under its lease, else ours under our lease.
   * A store that fails leaves the process fetching on its own, as the in-process cache would.
   */
  const obtain = async (
    key: string,
    fetch: () => Promise<CredentialGrant>,
    refreshBeforeMs: number,
  ): Promise<CachedCredential> => {
    await deleting.get(key);
    const owner = randomUUID();
    let waitedOn: string | undefined;
    for (;;) {
      let row: StoredCredential | undefined;
      try {
        row = await repository.get(key);
      } catch (error) {
        onError(error);
        return fetchAndSave(key, fetch, refreshBeforeMs);
      }
      const stored = usable(key, row);
      if (stored !== undefined) return stored;
      const now = clock.now();
      const fetching = row?.fetching;
      if (fetching?.until != null && fetching.until > now) {
        // Another process is fetching: look again shortly (bounded by its lease).
        waitedOn = fetching.owner;
        await clock.sleep(Math.max(1, Math.min(pollMs, fetching.until - now)));
        continue;
      }
      // The fetch we waited on failed: share its error, as in-process single flight does.
      if (fetching?.error != null && fetching.owner === waitedOn) throw failureOf(fetching.error);
      let won: boolean;
      try {
        const claim = { key, connectionId: connectionOf(key), owner, now, until: now + leaseMs };
        won = await repository.claim({ ...claim, seen: row?.sealed ?? null });
      } catch (error) {
        onError(error);
        return fetchAndSave(key, fetch, refreshBeforeMs);
      }
      if (won) return fetchAndSave(key, fetch, refreshBeforeMs, owner);
      // Another process claimed or stored since we read: read again.
    }
  };

  /** The error of another process's failed fetch, from its sealed structured form. */
  const failureOf = (sealed: string): QiaoError => {
    try {
      return revive(JSON.parse(open(sealed)?.e ?? '') as StructuredError);
    } catch {
      return new QiaoError(
        'INTERNAL',
        '另一进程获取凭证失败 / the credential fetch failed in another process',
      );
    }
  };

  // The in-process cache in front (single flight, `fresh` one Map lookup); a miss goes to the store.
  const memory = createCredentialCache(clock, obtain);

  const drop = async (key: string, value: string, before: Promise<void> | undefined): Promise<void> => {
    await before;
    const row = await repository.get(key);
    // Sealing is randomised: compare the opened value, then delete that exact row version.
    if (row !== undefined && open(row.sealed)?.v === value) await repository.deleteIf(key, row.sealed);
  };

  /** Drops a deleted connection's credentials (a changed one keeps them: its new settings get a new key). */
  const forget = async (connectionId: string): Promise<void> => {
    if ((await store.documents.head('connection', connectionId)) !== undefined) return;
    memory.forgetWhere((key) => connectionOf(key) === connectionId);
    await repository.deleteConnection(connectionId);
  };

  return {
    fresh: memory.fresh,
    get: memory.get,
    invalidate(key, value) {
      memory.invalidate(key, value);
      dropped.set(key, value);
      const deleted: Promise<void> = track(drop(key, value, deleting.get(key)))
        .catch(onError)
        .finally(() => {
          if (deleting.get(key) === deleted) deleting.delete(key);
        });
      deleting.set(key, deleted);
    },
    peek: memory.peek,
    connectionChanged(connectionId) {
      return track(forget(connectionId));
    },
    async close() {
      while (writes.size > 0) await Promise.allSettled([...writes]);
    },
  };
}

/** The connection of a cache key: the kit keys credentials `<connectionId>:<settings fingerprint>`. */
export function connectionOf(key: string): string {
  const colon = key.lastIndexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/** A QiaoError again from its structured form (another process's failed fetch), as the Redis cache revives it. */
function revive(error: StructuredError): QiaoError {
  const code: ErrorCode = Object.hasOwn(ERROR_CATALOGUE, error.code) ? error.code : 'INTERNAL';
  const extra: ConstructorParameters<typeof QiaoError>[2] = { kind: error.kind };
  if (error.system !== undefined) extra.system = error.system;
  if (error.retryAfterMs !== undefined) extra.retryAfterMs = error.retryAfterMs;
  return new QiaoError(code, String(error.message), extra);
}
