import { afterAll, describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../connectors/kit/clock.ts';
import type { CredentialGrant } from '../connectors/kit/connector-declaration.ts';
import { QiaoError } from '../errors/index.ts';
import { generateSecretKey, parseSecretKey } from '../secrets/key.ts';
import { createSecretBox } from '../secrets/seal.ts';
import { postgresTestStores } from '../store/postgres-testing.ts';
import type { SecretsCodec } from './secrets-codec.ts';
import { createStoreCredentialCache } from './store-credential-cache.ts';

// Two processes on one PostgreSQL database without Redis: each its own store (pool) and cache.
const stores = postgresTestStores('creds', 2);
const openStore = stores.open;

afterAll(stores.close);

const box = createSecretBox(parseSecretKey(generateSecretKey(), 'test'));
const secrets: SecretsCodec = {
  seal: (values) => box.sealSecrets(values),
  open: (ciphertext) => box.openSecrets(ciphertext) as Record<string, string>,
};

function gate() {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The real clock, telling the test when the cache first waits on another process's fetch. */
function watchedClock(): Clock & { waiting: Promise<void> } {
  const waiting = gate();
  return {
    now: systemClock.now,
    sleep: (ms, signal) => {
      waiting.open();
      return systemClock.sleep(ms, signal);
    },
    waiting: waiting.promise,
  };
}

/** Two processes' caches over the database, the second one's clock watched. */
async function twoProcesses() {
  const clock = watchedClock();
  const [one, two] = [await openStore(), await openStore()];
  const a = createStoreCredentialCache({ store: one, secrets, pollMs: 10 });
  const b = createStoreCredentialCache({ store: two, secrets, pollMs: 10, clock });
  return { a, b, clock, store: one };
}

describe('store credential cache on postgresql', () => {
  it('makes two processes missing at once fetch once', async () => {
    const { a, b, clock } = await twoProcesses();
    const key = 'pg:0123456789abcdef';
    let fetches = 0;
    const fetching = gate();
    const held = gate();
    const fetch = async (): Promise<CredentialGrant> => {
      fetches++;
      fetching.open();
      await held.promise;
      return { value: `tok-${fetches}`, expiresInSeconds: 7200 };
    };
    const first = a.get(key, fetch);
    await fetching.promise;
    const second = b.get(key, fetch);
    await clock.waiting; // b waits on a's lease instead of fetching
    held.open();
    expect((await first).value).toBe('tok-1');
    expect((await second).value).toBe('tok-1');
    expect(fetches).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('gives the waiting process the failure of the fetch it waited on, and frees the lease', async () => {
    const { a, b, clock, store } = await twoProcesses();
    const key = 'pg:fedcba9876543210';
    const fetching = gate();
    const held = gate();
    const first = a.get(key, async () => {
      fetching.open();
      await held.promise;
      throw new QiaoError('CONNECTOR_AUTH_FAILED', 'bad app secret');
    });
    await fetching.promise;
    let fetchedByB = 0;
    const fetchB = async (): Promise<CredentialGrant> => ({ value: `b-${++fetchedByB}` });
    const second = b.get(key, fetchB);
    await clock.waiting;
    held.open();
    await expect(first).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED' });
    await expect(second).rejects.toMatchObject({ code: 'CONNECTOR_AUTH_FAILED', message: 'bad app secret' });
    expect(fetchedByB).toBe(0);
    expect((await store.connectorCredentials.get(key))?.fetching?.until).toBeNull();
    expect((await b.get(key, fetchB)).value).toBe('b-1');
    await Promise.all([a.close(), b.close()]);
  });
});
