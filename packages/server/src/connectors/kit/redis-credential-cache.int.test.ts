import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { QiaoError } from '../../errors/index.ts';
import { createRedisTestSpace, requiredEnv, startChild } from '../../queue/redis-testing.ts';
import { systemClock } from './clock.ts';
import { type LocalServer, type SeenRequest, startLocalServer } from './local-server.ts';
import { createRedisCredentialCache, type RedisCredentialCache } from './redis-credential-cache.ts';
import type { KitWorkerConfig } from './redis-kit-worker.ts';

const WORKER = fileURLToPath(new URL('./redis-kit-worker.ts', import.meta.url));
const space = createRedisTestSpace();
const { redis, children, prefix } = space;
const caches: RedisCredentialCache[] = [];
let server: LocalServer | undefined;

function cache(p: string, extra: { lockMs?: number } = {}): RedisCredentialCache {
  const made = createRedisCredentialCache({ redis, prefix: p, ...extra });
  caches.push(made);
  return made;
}

afterEach(async () => {
  await space.stopChildren();
  await Promise.all(caches.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
  await space.dropPrefixes();
});
afterAll(() => redis.quit());

/** A promise with its resolver outside (to hold a fetch open until the test lets it finish). */
function gate<T>() {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe('redis credential cache', () => {
  it('shares one fetch between caches of different processes and reuses it', async () => {
    const p = prefix('share');
    const [a, b] = [cache(p), cache(p)];
    const release = gate<void>();
    const fetching = gate<void>();
    let fetches = 0;
    const fetch = async () => {
      fetches += 1;
      fetching.open();
      await release.promise;
      return { value: `tok-${fetches}`, expiresInSeconds: 7200 };
    };
    const first = a.get('conn', fetch);
    await fetching.promise;
    const waiting = Promise.all([b.get('conn', fetch), b.get('conn', fetch), a.get('conn', fetch)]);
    release.open();
    const values = [(await first).value, ...(await waiting).map((c) => c.value)];
    expect(values).toEqual(['tok-1', 'tok-1', 'tok-1', 'tok-1']);
    expect(fetches).toBe(1);
    expect(b.peek('conn')).toBe('tok-1');
  });

  it('drops a credential everywhere once it is seen expired, and only that one', async () => {
    const p = prefix('invalidate');
    const [a, b] = [cache(p), cache(p)];
    let issued = 0;
    const fetch = async () => ({ value: `tok-${++issued}` });
    await a.get('conn', fetch);
    await b.get('conn', fetch);
    b.invalidate('conn', 'not-the-current-one');
    expect((await b.get('conn', fetch)).value).toBe('tok-1');
    a.invalidate('conn', 'tok-1');
    expect((await a.get('conn', fetch)).value).toBe('tok-2');
    // b's stale copy was dropped by the announcement or is skipped; either way b converges on tok-2.
    b.invalidate('conn', 'tok-1');
    expect((await b.get('conn', fetch)).value).toBe('tok-2');
    expect(issued).toBe(2);
  });

  it('gives waiters in another process the failure of the fetch they waited on', async () => {
    const p = prefix('failure');
    const claiming = gate<void>();
    // b reads the clock right before its claim is sent; commands on one connection run in order.
    const clock = {
      ...systemClock,
      now: () => {
        claiming.open();
        return Date.now();
      },
    };
    const a = cache(p);
    const b = createRedisCredentialCache({ redis, prefix: p, clock });
    caches.push(b);
    const release = gate<void>();
    const fetching = gate<void>();
    const failing = async () => {
      fetching.open();
      await release.promise;
      throw new QiaoError('CONNECTOR_AUTH_FAILED', '应用凭证无效 / bad app secret');
    };
    const first = a.get('conn', failing);
    await fetching.promise;
    let fetchedByB = 0;
    const second = b.get('conn', async () => ({ value: `b-${++fetchedByB}` }));
    await claiming.promise;
    release.open();
    await expect(first).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
    await expect(second).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', kind: 'user' });
    await expect(second).rejects.toThrow('bad app secret');
    expect(fetchedByB).toBe(0);
    // The next caller fetches again (a failure is not cached).
    expect((await b.get('conn', async () => ({ value: 'b-later' }))).value).toBe('b-later');
  });

  it('lets another process fetch once a dead holder lock expires', async () => {
    const p = prefix('dead');
    const [dead, alive] = [cache(p, { lockMs: 200 }), cache(p, { lockMs: 200 })];
    const holding = gate<void>();
    void dead.get('conn', () => {
      holding.open();
      return new Promise(() => {});
    });
    await holding.promise;
    const started = Date.now();
    const credential = await alive.get('conn', async () => ({ value: 'fresh' }));
    expect(credential.value).toBe('fresh');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('makes ten concurrent callers in two processes fetch one token, and one more after expiry', async () => {
    const state = { issued: 0, valid: '' };
    server = await startLocalServer(async (req: SeenRequest) => {
      if (req.path === '/token') {
        state.issued += 1;
        // A slow token exchange (JDY allows ~2 per minute): the other callers must wait, not fetch.
        await new Promise((resolve) => setTimeout(resolve, 200));
        state.valid = `tok-${state.issued}`;
        return { json: { access_token: state.valid, expires_in: 7200 } };
      }
      if (req.headers.authorization !== `Bearer ${state.valid}`)
        return { status: 401, json: { error: 'expired' } };
      return { json: { echo: req.query.get('x') } };
    });
    const config = { mode: 'token' as const, redisUrl: requiredEnv('REDIS_URL'), prefix: prefix('token') };
    const settings = { ...config, count: 5, perSecond: 1, baseUrl: server.url } satisfies KitWorkerConfig;
    const workers = [startChild(WORKER, settings), startChild(WORKER, settings)];
    children.push(...workers);
    await Promise.all(workers.map((w) => w.waitFor((m) => m.type === 'ready')));
    const round = async (n: number) => {
      for (const w of workers) w.send({ type: 'go', round: n });
      const reports = await Promise.all(
        workers.map((w) => w.waitFor((m) => m.type === 'called' && m.round === n)),
      );
      return reports.flatMap((r) => r.results as { ok: boolean }[]);
    };
    const first = await round(1);
    expect(first.filter((r) => r.ok)).toHaveLength(10);
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(1);
    state.valid = 'revoked-by-the-system';
    const second = await round(2);
    expect(second.filter((r) => r.ok)).toHaveLength(10);
    expect(server.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });
});
