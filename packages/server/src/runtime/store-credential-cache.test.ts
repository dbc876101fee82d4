import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createJdySimulator } from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import { type Clock, createManualClock } from '../connectors/kit/clock.ts';
import type { CredentialGrant } from '../connectors/kit/connector-declaration.ts';
import { QiaoError } from '../errors/index.ts';
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

/** A promise with its resolver outside (to hold a fetch open until the test lets it finish). */
function gate<T = void>() {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/**
 * A clock shared by caches standing for processes, whose sleeps wait for the test: `sleeping()` resolves
 * once a caller sleeps, `wake()` moves time to the earliest sleeper's end and lets it go on. No real
 * time passes, and the test decides what happens between two looks at the store.
 */
function steppedClock(start: number): Clock & {
  advance(ms: number): void;
  sleeping(count?: number): Promise<void>;
  wake(): void;
  readonly pending: number[];
} {
  let now = start;
  const sleepers: { until: number; ms: number; resolve: () => void }[] = [];
  let onSleep: (() => void) | undefined;
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.push({ until: now + ms, ms, resolve });
        onSleep?.();
      }),
    advance(ms) {
      now += ms;
    },
    sleeping(count = 1) {
      return new Promise<void>((resolve) => {
        const check = () => {
          if (sleepers.length < count) return;
          onSleep = undefined;
          resolve();
        };
        onSleep = check;
        check();
      });
    },
    wake() {
      sleepers.sort((x, y) => x.until - y.until);
      const first = sleepers.shift();
      if (first === undefined) throw new Error('nobody sleeps');
      now = Math.max(now, first.until);
      first.resolve();
    },
    get pending() {
      return sleepers.map((sleeper) => sleeper.ms);
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
    claim: wrap('claim', repository.claim),
    release: wrap('release', repository.release),
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
const cleanup: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const step of cleanup.splice(0).reverse()) await step();
});

const WORKER = fileURLToPath(new URL('./store-credential-cache-worker.ts', import.meta.url));
interface WorkerMessage {
  type: 'ready' | 'waiting' | 'fetching' | 'got' | 'failed';
  value?: string;
  message?: string;
}

/** A child process running store-credential-cache-worker.ts, and what it said so far. */
function startWorker(args: string[]) {
  const child: ChildProcess = fork(WORKER, args, { execArgv: ['--import', 'tsx'] });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
  });
  const said: WorkerMessage[] = [];
  const listeners = new Set<() => void>();
  let exited = false;
  const tell = () => {
    for (const listener of [...listeners]) listener();
  };
  child.on('message', (message) => {
    said.push(message as WorkerMessage);
    tell();
  });
  child.on('exit', () => {
    exited = true;
    tell();
  });
  return {
    child,
    said,
    /** The first message of `type`, once it came (rejected if the child ends without it). */
    next(type: WorkerMessage['type']): Promise<WorkerMessage> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = said.find((message) => message.type === type);
          if (found === undefined && !exited) return;
          listeners.delete(check);
          if (found === undefined)
            reject(new Error(`the worker ended without '${type}': ${JSON.stringify(said)}`));
          else resolve(found);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

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
    expect(repository.calls).toEqual(['get', 'claim', 'put']);
    for (let i = 0; i < 100; i++) {
      expect(a.fresh?.(KEY)?.value).toBe('tok-1');
      expect((await a.get(KEY, source.fetch)).value).toBe('tok-1');
    }
    expect(repository.calls).toEqual(['get', 'claim', 'put']);
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

  it('shares a failed fetch with the callers waiting on it, and stores no credential', async () => {
    const { cache, store, repository } = await setup();
    const a = cache();
    const failing = async (): Promise<CredentialGrant> => {
      throw new Error('bad secret');
    };
    const results = await Promise.allSettled([a.get(KEY, failing), a.get(KEY, failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(repository.calls).toEqual(['get', 'claim', 'release']);
    // The claim's row holds no credential, and its lease is over.
    expect(await store.connectorCredentials.get(KEY)).toMatchObject({
      sealed: '',
      fetching: { until: null },
    });
  });

  describe('across processes (caches with memories of their own over one store)', () => {
    it('makes processes missing at once fetch once: the others wait for the stored credential', async () => {
      const clock = steppedClock(T0);
      const { cache, repository } = await setup({ clock });
      const source = tokenSource(7200);
      const fetching = gate();
      const held = gate();
      const slow = async () => {
        fetching.open();
        await held.promise;
        return source.fetch();
      };
      const [a, b] = [cache(), cache()];
      const first = a.get(KEY, slow);
      await fetching.promise;
      // b misses too, twice at once: one store wait for the process, on a's lease.
      const second = [b.get(KEY, source.fetch), b.get(KEY, source.fetch)];
      await clock.sleeping();
      expect(clock.pending).toEqual([100]);
      clock.wake();
      await clock.sleeping(); // still fetching: b looks again later
      held.open();
      const credential = await first;
      expect(credential.value).toBe('tok-1');
      clock.wake();
      expect(await Promise.all(second)).toEqual([credential, credential]);
      expect(source.fetches).toBe(1);
      // a: one claim and its write; b: three reads, no claim.
      expect(repository.calls).toEqual(['get', 'claim', 'get', 'get', 'put', 'get']);
      expect(b.fresh?.(KEY)).toEqual(credential);
    });

    it("takes over once the holder's lease ends without a credential (the holder died or hangs)", async () => {
      const clock = steppedClock(T0);
      const { cache, store } = await setup({ clock, leaseMs: 1000 });
      const source = tokenSource(7200);
      const fetching = gate();
      void cache().get(KEY, () => {
        fetching.open();
        return new Promise<CredentialGrant>(() => {}); // never answers
      });
      await fetching.promise;
      const b = cache();
      const taken = b.get(KEY, source.fetch);
      await clock.sleeping();
      clock.advance(850);
      clock.wake(); // T0 + 850: the lease holds 150 ms more, b sleeps 100, then 50
      await clock.sleeping();
      expect(clock.pending).toEqual([100]);
      clock.wake();
      await clock.sleeping();
      expect(clock.pending).toEqual([50]);
      clock.wake();
      expect((await taken).value).toBe('tok-1');
      expect(source.fetches).toBe(1);
      // Its write ended the lease.
      expect((await store.connectorCredentials.get(KEY))?.fetching).toBeUndefined();
    });

    it('gives a waiting process the failure of the fetch it waited on; the next call claims at once', async () => {
      const clock = steppedClock(T0);
      const { cache, store } = await setup({ clock });
      const source = tokenSource(7200);
      const fetching = gate();
      const held = gate();
      const first = cache().get(KEY, async () => {
        fetching.open();
        await held.promise;
        throw new QiaoError('CONNECTOR_AUTH_FAILED', '应用凭证无效 / bad app secret', {
          retryAfterMs: 30_000,
        });
      });
      await fetching.promise;
      const b = cache();
      const second = b.get(KEY, source.fetch);
      await clock.sleeping();
      held.open();
      await expect(first).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
      clock.wake();
      await expect(second).rejects.toMatchObject({
        code: 'CONNECTOR_AUTH_FAILED',
        kind: 'user',
        message: '应用凭证无效 / bad app secret',
        retryAfterMs: 30_000,
      });
      expect(source.fetches).toBe(0);
      // The lease is released; the failure is kept sealed, for waiters only.
      const row = await store.connectorCredentials.get(KEY);
      expect(row?.fetching?.until).toBeNull();
      expect(row?.fetching?.error).not.toContain('bad app secret');
      // A failure is not cached: the next call claims and fetches without waiting.
      expect((await b.get(KEY, source.fetch)).value).toBe('tok-1');
      expect(clock.pending).toEqual([]);
    });

    it('reads again after losing the claim to a process that stored a credential in between', async () => {
      const { cache, store, secrets } = await setup();
      const source = tokenSource(7200);
      const a = cache();
      const claim = store.connectorCredentials.claim;
      let claims = 0;
      // b's claim arrives after a fetched and stored (b had read no row).
      const b = createStoreCredentialCache({
        store: {
          connectorCredentials: {
            ...store.connectorCredentials,
            claim: async (request) => {
              claims++;
              await a.get(KEY, source.fetch);
              return claim(request);
            },
          },
          documents: store.documents,
        },
        secrets,
        clock: createManualClock(T0),
      });
      expect((await b.get(KEY, source.fetch)).value).toBe('tok-1');
      expect([claims, source.fetches]).toEqual([1, 1]);
    });

    it('keeps the lease of a fetch under way when another process drops the expired credential', async () => {
      const clock = steppedClock(T0);
      const { cache, store } = await setup({ clock });
      const source = tokenSource(7200);
      const [a, b] = [cache(), cache()];
      const tok1 = await a.get(KEY, source.fetch);
      // Past its refresh time b claims the fetch of the next one …
      clock.advance((tok1.refreshAt ?? 0) - T0);
      const fetching = gate();
      const held = gate();
      const renewed = b.get(KEY, async () => {
        fetching.open();
        await held.promise;
        return source.fetch();
      });
      await fetching.promise;
      // … while a's call fails with tok-1: a drops it, and waits on b instead of fetching too.
      a.invalidate(KEY, 'tok-1');
      const again = a.get(KEY, source.fetch);
      await clock.sleeping();
      expect(await store.connectorCredentials.get(KEY)).toMatchObject({
        sealed: '',
        fetching: { error: null },
      });
      held.open();
      expect((await renewed).value).toBe('tok-2');
      clock.wake();
      expect((await again).value).toBe('tok-2');
      expect(source.fetches).toBe(2);
    });
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

  it('makes two OS processes on one SQLite file exchange one JDY token between them', async () => {
    const sim = createJdySimulator({ instances: 1, anchorPeriod: 202603 }); // 2 token exchanges a minute
    const server = await sim.start();
    cleanup.push(() => server.close());
    const dir = await mkdtemp(join(tmpdir(), 'qiao-credential-processes-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'qiao.db');
    const store = createStore({ file });
    await store.migrate();
    stores.push(store);
    const args = [file, generateSecretKey(), server.url, KEY];
    const workers = [startWorker(args), startWorker(args)];
    await Promise.all(workers.map((w) => w.next('ready')));
    for (const w of workers) w.child.send('go');
    // Both miss at once; one claims and holds its fetch until the other is seen waiting on it.
    const winner = await Promise.race(workers.map((w, i) => w.next('fetching').then(() => i)));
    const loser = workers[1 - winner]!;
    const seen = await Promise.race([loser.next('waiting'), loser.next('fetching')]);
    expect(seen.type).toBe('waiting');
    workers[winner]!.child.send('proceed');
    const got = await Promise.all(workers.map((w) => w.next('got')));
    expect(got[0]?.value).toBeTruthy();
    expect(got[1]?.value).toBe(got[0]?.value);
    expect(loser.said.map((m) => m.type)).toEqual(['ready', 'waiting', 'got']);
    expect(sim.calls.get('auth.token')).toBe(1);
    const row = await store.connectorCredentials.get(KEY);
    expect([row?.sealed.includes(got[0]?.value ?? '?'), row?.fetching]).toEqual([false, undefined]);
  });

  it('reads the connection of a cache key', () => {
    expect(connectionOf('jdy:0123456789abcdef')).toBe('jdy');
    expect(connectionOf('a:b:0123456789abcdef')).toBe('a:b');
    expect(connectionOf('plain')).toBe('plain');
  });
});
