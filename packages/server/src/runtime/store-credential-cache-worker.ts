// A child process with a store credential cache over a SQLite file: two of these are two `qiao`
// processes sharing one data dir. Its fetch exchanges a Kingdee JDY token with the simulator at the
// given URL. Protocol over IPC: it sends {type: 'ready'}; on 'go' it asks the cache for the token and
// sends {type: 'waiting'} when it first waits on another process's fetch, {type: 'fetching'} when it
// fetches itself (and then waits for 'proceed' before calling the simulator), then {type: 'got', value}
// (or {type: 'failed', message}) and exits.

import { DEFAULT_JDY_CREDENTIALS } from '../connectors/kingdee-jdy/simulator/context.ts';
import { JdyTestClient } from '../connectors/kingdee-jdy/simulator/test-client.ts';
import { systemClock } from '../connectors/kit/clock.ts';
import { parseSecretKey } from '../secrets/key.ts';
import { createSecretBox } from '../secrets/seal.ts';
import { createStore } from '../store/create-store.ts';
import { createStoreCredentialCache } from './store-credential-cache.ts';

const [file = '', secretKey = '', simulatorUrl = '', key = 'jdy:0123456789abcdef'] = process.argv.slice(2);
const box = createSecretBox(parseSecretKey(secretKey, 'test'));
const store = createStore({ file });
const send = (message: Record<string, unknown>) => process.send?.(message);

let proceed: () => void = () => {};
const proceeding = new Promise<void>((resolve) => {
  proceed = resolve;
});
let waited = false;
const cache = createStoreCredentialCache({
  store,
  secrets: {
    seal: (values) => box.sealSecrets(values),
    open: (ciphertext) => box.openSecrets(ciphertext) as Record<string, string>,
  },
  clock: {
    now: systemClock.now,
    sleep: (ms, signal) => {
      if (!waited) send({ type: 'waiting' });
      waited = true;
      return systemClock.sleep(ms, signal);
    },
  },
  pollMs: 10,
});

const fetchToken = async () => {
  send({ type: 'fetching' });
  await proceeding;
  const client = new JdyTestClient(simulatorUrl, DEFAULT_JDY_CREDENTIALS);
  const answer = await client.token();
  if (answer?.errcode !== 0) throw new Error(`token exchange refused: ${JSON.stringify(answer)}`);
  return { value: client.accessToken, expiresInSeconds: 7200 };
};

process.on('message', (message) => {
  if (message === 'proceed') proceed();
  if (message !== 'go') return;
  void (async () => {
    try {
      send({ type: 'got', value: (await cache.get(key, fetchToken)).value });
    } catch (error) {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
    await cache.close();
    await store.close();
    process.disconnect();
  })();
});
send({ type: 'ready' });
