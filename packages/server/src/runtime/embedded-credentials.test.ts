import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_JDY_CREDENTIALS as CRED,
  createJdySimulator,
} from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import type { QiaoDocument } from '../definitions/index.ts';
import { isJsonObject } from '../json.ts';
import { createRuntime, type Runtime } from './create-runtime.ts';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function jdyConnection(
  baseUrl: string,
  config: Record<string, string> = {},
  secrets: Record<string, string> = {},
): QiaoDocument {
  return {
    schemaVersion: 1,
    kind: 'connection',
    id: 'jdy',
    connector: 'kingdee-jdy',
    config: { baseUrl, outerInstanceId: CRED.outerInstanceId, ...config },
    secrets: { clientId: CRED.clientId, clientSecret: CRED.clientSecret, ...secrets },
    rateLimit: { perSecond: 1000, burst: 1000 },
  } as unknown as QiaoDocument;
}

/** The connection's live access_token, through a light call (the chart of accounts) that proves it. */
async function accessToken(runtime: Runtime): Promise<string> {
  const output = await runtime.gateway.call({ connection: 'jdy', operation: 'getAccessToken', input: {} });
  if (!isJsonObject(output) || typeof output.access_token !== 'string') throw new Error('no token');
  // The session (sId, dbId) came with it: needed by every book call.
  expect(output).toMatchObject({ sId: CRED.serviceId, dbId: CRED.accountId });
  return output.access_token;
}

/** The stored credential rows, read with a connection of our own (the runtimes are closed). */
function storedRows(dataDir: string) {
  const db = new BetterSqlite3(join(dataDir, 'qiao.db'), { readonly: true });
  try {
    return db.prepare('select key, connection_id, sealed, refresh_at from connector_credentials').all() as {
      key: string;
      connection_id: string;
      sealed: string;
      refresh_at: number | null;
    }[];
  } finally {
    db.close();
  }
}

describe('connector credentials in embedded mode', () => {
  it('are shared by runtimes on one data dir and survive a restart, sealed, and dropped when expired or deleted', async () => {
    const sim = createJdySimulator({ instances: 5, anchorPeriod: 202603, tokenCallsPerMinute: 0 });
    const server = await sim.start();
    cleanup.push(() => server.close());
    const dataDir = await mkdtemp(join(tmpdir(), 'qiao-embedded-credentials-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const open = async () => {
      const runtime = await createRuntime({ dataDir, env: {} });
      // Closed once: by the test (a process ending), or here when the test failed before.
      const close = runtime.close;
      let closing: Promise<void> | undefined;
      runtime.close = () => {
        closing ??= close();
        return closing;
      };
      cleanup.push(() => runtime.close());
      return runtime;
    };
    const exchanges = () => sim.calls.get('auth.token');

    // Two runtimes on one data dir, like `qiao serve` and a `qiao run` beside it: one token exchange.
    const a = await open();
    await a.documents.apply(jdyConnection(server.url));
    const token = await accessToken(a);
    const b = await open();
    expect(await accessToken(b)).toBe(token);
    expect(exchanges()).toBe(1);

    // The database holds the token sealed only.
    const files = await Promise.all(
      ['qiao.db', 'qiao.db-wal'].map((f) => readFile(join(dataDir, f)).catch(() => Buffer.alloc(0))),
    );
    expect(files.some((bytes) => bytes.includes(token))).toBe(false);

    // The system expires the token: b sees it, drops it and exchanges a new one, which a finds in the
    // store after its own call failed with the old one (a's late invalidation leaves b's new token).
    sim.expireTokens();
    const renewed = await accessToken(b);
    expect(renewed).not.toBe(token);
    expect(await accessToken(a)).toBe(renewed);
    expect(exchanges()).toBe(2);
    await a.close();
    await b.close();

    // A restart reuses the stored token, unless it is past its refresh time.
    expect(await accessToken(await open())).toBe(renewed);
    expect(exchanges()).toBe(2);
    const [row] = storedRows(dataDir);
    expect(row?.key).toMatch(/^jdy:[0-9a-f]{16}$/);
    const db = new BetterSqlite3(join(dataDir, 'qiao.db'));
    db.prepare('update connector_credentials set refresh_at = 1').run();
    db.close();
    const c = await open();
    const third = await accessToken(c);
    expect(third).not.toBe(renewed);
    expect(exchanges()).toBe(3);

    // Changed settings or secrets get a token of their own; the old settings' credential goes.
    await c.documents.apply(jdyConnection(server.url, { domain: CRED.domain }));
    const fourth = await accessToken(c);
    expect([fourth === third, exchanges()]).toEqual([false, 4]);
    await c.documents.apply(jdyConnection(server.url, { domain: CRED.domain }, { spare: 'rotated' }));
    expect([(await accessToken(c)) === fourth, exchanges()]).toEqual([false, 5]);
    const keys = storedRows(dataDir).map((r) => r.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe(row?.key);

    // A deleted connection leaves no credential behind.
    await c.documents.remove('connection', 'jdy');
    await c.close();
    expect(storedRows(dataDir)).toEqual([]);
  });
});
