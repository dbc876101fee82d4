import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ERROR_CATALOGUE, type ErrorCode } from '../../errors/catalogue.ts';
import { QiaoError, type StructuredError, toStructuredError } from '../../errors/index.ts';
import { type Clock, systemClock } from './clock.ts';
import type { CredentialGrant } from './connector-declaration.ts';
import {
  type CachedCredential,
  type CredentialCache,
  DEFAULT_REFRESH_BEFORE_MS,
  toCached,
} from './credential-cache.ts';
import { CLAIM, INVALIDATE, RELEASE, STORE } from './redis-credential-scripts.ts';
import { unavailable } from './redis-script.ts';

/** Encrypts credentials at rest in Redis (e.g. with the runtime's secret key). */
export interface CredentialSealer {
  seal(value: string): string;
  open(sealed: string): string;
}

/** Options of `createRedisCredentialCache`. */
export interface RedisCredentialCacheOptions {
  /** The command connection; the cache duplicates it for its subscriber. */
  redis: Redis;
  /** Key and channel prefix shared by the processes of one cluster (default `qiao:`). */
  prefix?: string;
  clock?: Clock;
  /** How long a fetch may hold a connection's lock; a dead holder's lock expires after it (default 60 s). */
  lockMs?: number;
  /** Kept without expiry when the system gives no lifetime (default 24 h). */
  unboundedTtlMs?: number;
  sealer?: CredentialSealer;
  onError?: (error: unknown) => void;
}

/** The shared credential cache plus its shutdown. */
export type RedisCredentialCache = CredentialCache & { close(): Promise<void> };

interface Entry {
  credential: CachedCredential;
  digest: string;
}

interface Message {
  type: 'set' | 'failed' | 'invalidated';
  key: string;
  digest?: string;
  owner?: string;
  error?: StructuredError;
}

type Waiter = (message: Message) => void;

/**
 * A credential cache shared by every process through Redis: one process per connection fetches
 * (under a lock with a lease), the others wait for its announcement and reuse the stored credential;
 * an expiry seen anywhere drops it everywhere (only if it is still the expired one). Each process
 * keeps a local copy, so a cached call costs no round trip.
 */
export function createRedisCredentialCache(options: RedisCredentialCacheOptions): RedisCredentialCache {
  const prefix = options.prefix ?? 'qiao:';
  const channel = `${prefix}cred-events`;
  const clock = options.clock ?? systemClock;
  const lockMs = options.lockMs ?? 60_000;
  const onError = options.onError ?? (() => {});
  const local = new Map<string, Entry>();
  const inflight = new Map<string, Promise<CachedCredential>>();
  const pending = new Map<string, Promise<void>>();
  const waiters = new Map<string, Set<Waiter>>();
  const keys = (key: string) => [`${prefix}cred:${key}`, `${prefix}cred-lock:${key}`] as const;
  const seal = (value: string) => options.sealer?.seal(value) ?? value;
  const open = (value: string) => options.sealer?.open(value) ?? value;

  let subscriber: Redis | undefined;
  let subscribed: Promise<void> | undefined;
  const listen = (): Promise<void> => {
    if (subscribed) return subscribed;
    const sub = options.redis.duplicate();
    subscriber = sub;
    sub.on('error', onError);
    sub.on('message', (from: string, text: string) => {
      if (from === channel) receive(text);
    });
    subscribed = sub.subscribe(channel).then(
      () => undefined,
      (error: unknown) => {
        subscribed = undefined;
        sub.disconnect();
        throw unavailable(error);
      },
    );
    return subscribed;
  };

  const receive = (text: string) => {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    const mine = local.get(message.key);
    // Another process stored or dropped a credential: our copy, if different, is the old one.
    if (mine && message.type !== 'failed' && mine.digest !== message.digest) local.delete(message.key);
    if (mine && message.type === 'invalidated' && mine.digest === message.digest) local.delete(message.key);
    for (const waiter of waiters.get(message.key) ?? []) waiter(message);
  };

  /** Waits for an announcement about `key` or `ms`, whichever first; registered before the caller looks. */
  const watch = (key: string) => {
    let waiter: Waiter = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    const heard = new Promise<Message | undefined>((resolve) => {
      waiter = resolve;
    });
    const set = waiters.get(key) ?? new Set<Waiter>();
    set.add(waiter);
    waiters.set(key, set);
    return {
      until(ms: number): Promise<Message | undefined> {
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), Math.max(5, ms));
        });
        return Promise.race([heard, timeout]);
      },
      stop() {
        clearTimeout(timer);
        set.delete(waiter);
        if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
      },
    };
  };

  const remember = (key: string, credential: CachedCredential, digest: string) => {
    local.set(key, { credential, digest });
    return credential;
  };

  const fetchAndStore = async (
    key: string,
    owner: string,
    fetch: () => Promise<CredentialGrant>,
    refreshBeforeMs: number,
  ): Promise<CachedCredential> => {
    const [credKey, lockKey] = keys(key);
    let grant: CredentialGrant;
    try {
      grant = await fetch();
    } catch (error) {
      const message: Message = { type: 'failed', key, owner, error: toStructuredError(error) };
      await RELEASE.run(options.redis, [lockKey], [owner, channel, JSON.stringify(message)]).catch(onError);
      throw error;
    }
    const now = clock.now();
    const credential = toCached(grant, now, refreshBeforeMs);
    const digest = digestOf(credential.value);
    const ttl =
      credential.refreshAt === null
        ? (options.unboundedTtlMs ?? 86_400_000)
        : Math.max(1000, credential.refreshAt - now);
    const message: Message = { type: 'set', key, digest };
    const args = [owner, seal(credential.value), digest, String(credential.refreshAt ?? ''), ttl];
    // A store that fails still leaves this process a good credential; others fetch after the lock lease.
    await STORE.run(options.redis, [credKey, lockKey], [...args, channel, JSON.stringify(message)]).catch(
      onError,
    );
    return remember(key, credential, digest);
  };

  const obtain = async (
    key: string,
    fetch: () => Promise<CredentialGrant>,
    refreshBeforeMs: number,
    stale: string,
  ): Promise<CachedCredential> => {
    await pending.get(key);
    await listen();
    const owner = randomUUID();
    for (;;) {
      const watcher = watch(key);
      try {
        const reply = (await CLAIM.run(
          options.redis,
          [...keys(key)],
          [clock.now(), owner, lockMs, stale],
        )) as (string | number)[];
        if (reply[0] === 'hit') {
          const refreshAt = reply[2] === '' ? null : Number(reply[2]);
          return remember(key, { value: open(String(reply[1])), refreshAt }, String(reply[3]));
        }
        if (reply[0] === 'lock') return await fetchAndStore(key, owner, fetch, refreshBeforeMs);
        const holder = String(reply[2]);
        const heard = await watcher.until(Number(reply[1]));
        // The flight we waited on failed: share its error, as in-process single flight does.
        if (heard?.type === 'failed' && heard.owner === holder && heard.error) throw revive(heard.error);
      } finally {
        watcher.stop();
      }
    }
  };

  /** The local copy while it is fresh (the same check `get` makes first). */
  const fresh = (key: string): CachedCredential | undefined => {
    const mine = local.get(key);
    return mine && (mine.credential.refreshAt === null || clock.now() < mine.credential.refreshAt)
      ? mine.credential
      : undefined;
  };

  return {
    fresh,
    get(key, fetch, refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS) {
      const hit = fresh(key);
      if (hit) return Promise.resolve(hit);
      const mine = local.get(key);
      const running = inflight.get(key);
      if (running) return running;
      // A locally expired copy is not worth sharing again: skip it if Redis still holds it.
      const started = obtain(key, fetch, refreshBeforeMs, mine?.digest ?? '').finally(() =>
        inflight.delete(key),
      );
      inflight.set(key, started);
      return started;
    },
    invalidate(key, value) {
      if (local.get(key)?.credential.value === value) local.delete(key);
      const digest = digestOf(value);
      const message: Message = { type: 'invalidated', key, digest };
      const [credKey] = keys(key);
      const dropped = INVALIDATE.run(options.redis, [credKey], [digest, channel, JSON.stringify(message)])
        .then(() => undefined, onError)
        .finally(() => {
          if (pending.get(key) === dropped) pending.delete(key);
        });
      pending.set(key, dropped);
    },
    peek: (key) => local.get(key)?.credential.value,
    async close() {
      await Promise.allSettled([...pending.values()]);
      await subscribed?.catch(() => undefined);
      await subscriber?.quit().catch(() => subscriber?.disconnect());
      waiters.clear();
      local.clear();
    },
  };
}

function digestOf(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** A QiaoError again from its structured form (another process's failed fetch). */
function revive(error: StructuredError): QiaoError {
  const code: ErrorCode = Object.hasOwn(ERROR_CATALOGUE, error.code) ? error.code : 'INTERNAL';
  const extra: { kind: StructuredError['kind']; system?: StructuredError['system']; retryAfterMs?: number } =
    {
      kind: error.kind,
    };
  if (error.system !== undefined) extra.system = error.system;
  if (error.retryAfterMs !== undefined) extra.retryAfterMs = error.retryAfterMs;
  return new QiaoError(code, error.message, extra);
}
