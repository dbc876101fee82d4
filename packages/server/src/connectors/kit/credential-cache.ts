import type { Clock } from './clock.ts';
import type { CredentialGrant } from './connector-declaration.ts';

/** A cached credential (token or session cookie) and when to refresh it. */
export interface CachedCredential {
  value: string;
  /** Epoch ms after which the credential is fetched again (null: until the system says it expired). */
  refreshAt: number | null;
}

/** Per-connection credential cache with single flight: concurrent callers share one fetch. */
export interface CredentialCache {
  get(
    key: string,
    fetch: () => Promise<CredentialGrant>,
    refreshBeforeMs?: number,
  ): Promise<CachedCredential>;
  /** The cached credential while it is fresh, read synchronously (a hit then costs no promise); optional. */
  fresh?(key: string): CachedCredential | undefined;
  /** Drops the credential if it is still `value` (a caller that saw it expire); later callers get the new one. */
  invalidate(key: string, value: string): void;
  /** The cached credential value, if any (for redaction). */
  peek(key: string): string | undefined;
}

/** How long before expiry a credential is fetched again (default of `get`). */
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60_000;

/** How a cache miss becomes a credential: by default a fetch; a shared cache may find one stored first. */
export type ObtainCredential = (
  key: string,
  fetch: () => Promise<CredentialGrant>,
  refreshBeforeMs: number,
) => Promise<CachedCredential>;

/** The in-process cache: `fresh` is always there, and entries can be dropped by key (a deleted connection). */
export type MemoryCredentialCache = CredentialCache &
  Required<Pick<CredentialCache, 'fresh'>> & { forgetWhere(match: (key: string) => boolean): void };

/**
 * Builds an in-process credential cache: single flight per key, `fresh` one Map lookup. `obtain` is the
 * miss path (default: fetch the grant); the store-backed cache (runtime/) puts its store in front of it.
 */
export function createCredentialCache(
  clock: Clock,
  obtain: ObtainCredential = async (_key, fetch, refreshBeforeMs) =>
    toCached(await fetch(), clock.now(), refreshBeforeMs),
): MemoryCredentialCache {
  const entries = new Map<string, CachedCredential>();
  const inflight = new Map<string, Promise<CachedCredential>>();
  const fresh = (key: string): CachedCredential | undefined => {
    const cached = entries.get(key);
    return cached && (cached.refreshAt === null || clock.now() < cached.refreshAt) ? cached : undefined;
  };
  return {
    fresh,
    get(key, fetch, refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS) {
      const cached = fresh(key);
      if (cached) return Promise.resolve(cached);
      const running = inflight.get(key);
      if (running) return running;
      const started = obtain(key, fetch, refreshBeforeMs)
        .then((credential) => {
          entries.set(key, credential);
          return credential;
        })
        .finally(() => inflight.delete(key));
      inflight.set(key, started);
      return started;
    },
    invalidate(key, value) {
      if (entries.get(key)?.value === value) entries.delete(key);
    },
    peek: (key) => entries.get(key)?.value,
    forgetWhere(match) {
      for (const key of entries.keys()) if (match(key)) entries.delete(key);
    },
  };
}

/** Turns a fetched grant into a cached credential with its early refresh time. */
export function toCached(grant: CredentialGrant, now: number, refreshBeforeMs: number): CachedCredential {
  const lifetime = grant.expiresInSeconds;
  if (lifetime === undefined || !Number.isFinite(lifetime) || lifetime <= 0)
    return { value: grant.value, refreshAt: null };
  const lifetimeMs = lifetime * 1000;
  // Refresh early, but never spend more than a tenth of a short lifetime on the margin.
  return { value: grant.value, refreshAt: now + lifetimeMs - Math.min(refreshBeforeMs, lifetimeMs / 10) };
}
