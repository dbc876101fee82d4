import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { QiaoDocument } from '../definitions/index.ts';
import { createRuntime, type Runtime } from './create-runtime.ts';

const SECRET = 'S3cr3t-App-Value!';
const TOKEN = 'live-token-7f3a9c1e';

/** A system: /token needs the secret; /echo needs the token and echoes the body and the secret. The first /echo hangs. */
class EchoSystem {
  readonly received: unknown[] = [];
  #held: ServerResponse | undefined;
  #server: Server | undefined;
  readonly holding: Promise<void>;
  #holding!: () => void;

  constructor() {
    this.holding = new Promise((resolve) => (this.#holding = resolve));
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/token') {
      const ok = url.searchParams.get('secret') === SECRET;
      res.statusCode = ok ? 200 : 401;
      res.end(JSON.stringify(ok ? { access_token: TOKEN, expires_in: 7200 } : { error: 'bad secret' }));
      return;
    }
    const got = body ? JSON.parse(body) : null;
    this.received.push(got);
    if (this.received.length === 1) {
      // The first worker's call never comes back while the test holds it: that worker "dies" mid-call.
      this.#held = res;
      this.#holding();
      return;
    }
    res.end(JSON.stringify({ auth: req.headers.authorization ?? null, got, note: `key ${SECRET}` }));
  }

  release(): void {
    this.#held?.end(JSON.stringify({ late: true }));
  }

  close(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((resolve) => this.#server?.close(() => resolve()));
  }
}

function documents(baseUrl: string): QiaoDocument[] {
  return [
    {
      schemaVersion: 1,
      kind: 'connector',
      id: 'acme',
      name: 'Acme',
      baseUrl,
      auth: {
        type: 'token',
        operation: 'getToken',
        token: 'access_token',
        expiresIn: 'expires_in',
        inject: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
      },
      operations: {
        getToken: { method: 'GET', path: '/token', query: { secret: '{{ secrets.appSecret }}' } },
        echo: { method: 'POST', path: '/echo', body: { value: '{{ input.value }}' } },
      },
    },
    {
      schemaVersion: 1,
      kind: 'connection',
      id: 'acmeProd',
      connector: 'acme',
      config: {},
      secrets: { appSecret: SECRET },
    },
    {
      schemaVersion: 1,
      kind: 'flow',
      id: 'chain',
      name: 'token chain',
      trigger: { type: 'manual' },
      steps: [
        { id: 'getToken', type: 'call', connection: 'acmeProd', operation: 'getToken' },
        {
          id: 'echo',
          type: 'call',
          connection: 'acmeProd',
          operation: 'echo',
          input: { value: '{{ steps.getToken.output.access_token }}' },
        },
        {
          id: 'summary',
          type: 'map',
          mapping: { echoed: '{{ steps.echo.output.got.value }}', note: '{{ steps.echo.output.note }}' },
        },
      ],
    },
  ] as unknown as QiaoDocument[];
}

let dir: string | undefined;
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('run secrets at rest', () => {
  it('stores no token or secret in step and run rows, yet a run resumed after a kill still uses the token', async () => {
    const system = new EchoSystem();
    const baseUrl = await system.start();
    cleanup.push(() => system.close());
    dir = await mkdtemp(join(tmpdir(), 'qiao-secrets-at-rest-'));
    // Worker A's clock runs an hour behind: its lease always looks expired to worker B — A "died".
    const behind = { now: () => Date.now() - 3_600_000 };
    const a: Runtime = await createRuntime({
      dataDir: dir,
      env: {},
      engine: { clock: behind, leaseMs: 1000 },
    });
    cleanup.push(() => a.close());
    await a.documents.applyAll(documents(baseUrl));
    a.engine.start();
    const runId = await a.engine.enqueue('chain', {});
    await system.holding;

    const b = await createRuntime({ dataDir: dir, env: {}, engine: { pollMs: 20 } });
    cleanup.push(() => b.close());
    b.engine.start();
    const run = await b.engine.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ echoed: '***', note: 'key ***' });
    // The resumed call got the real token out of the sealed checkpoint.
    expect(system.received).toEqual([{ value: TOKEN }, { value: TOKEN }]);
    // Worker A's call comes back late: its writes no longer land (the lease is B's).
    system.release();
    await a.engine.stop();

    const steps = await b.store.steps.list(runId);
    expect(steps.map((s) => [s.path, s.attempt, s.status, s.error?.code ?? null])).toEqual([
      ['getToken', 1, 'succeeded', null],
      ['echo', 1, 'failed', 'CONNECTOR_UNCERTAIN_WRITE'],
      ['echo', 2, 'succeeded', null],
      ['summary', 1, 'succeeded', null],
    ]);
    expect(steps[0]?.output).toMatchObject({ access_token: '***' });
    expect(steps[2]?.input).toEqual({ value: '***' });
    // A retry from the last step opens the sealed checkpoint: earlier outputs are there, no call is repeated.
    const retried = await b.engine.waitForRun(await b.engine.retry(runId, { fromStep: 'summary' }));
    expect(retried).toMatchObject({ status: 'succeeded', output: { echoed: '***', note: 'key ***' } });
    expect(system.received).toHaveLength(2);

    const db = new BetterSqlite3(join(dir, 'qiao.db'), { readonly: true });
    const rows = JSON.stringify([
      db.prepare('select * from steps where run_id = ?').all(runId),
      db.prepare('select * from runs').all(),
    ]);
    const checkpoint = db.prepare('select checkpoint from runs where id = ?').get(runId) as {
      checkpoint: string;
    };
    db.close();
    expect(rows).toContain('getToken');
    expect(rows).not.toContain(TOKEN);
    expect(rows).not.toContain(SECRET);
    expect(Object.keys(JSON.parse(checkpoint.checkpoint))).toEqual(['sealed']);
  });

  it('seals the secret-named fields of a trigger payload at rest; the flow and a retry see them as they arrived', async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-trigger-at-rest-'));
    const runtime = await createRuntime({ dataDir: dir, env: {}, engine: { pollMs: 20 } });
    cleanup.push(() => runtime.close());
    const flow = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'intake',
      name: 'intake',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'keep',
          type: 'map',
          mapping: { pass: '{{ trigger.body.password }}', token: '{{ trigger.body.auth.api_token }}' },
        },
      ],
    } as unknown as QiaoDocument;
    await runtime.documents.applyAll([flow]);
    runtime.engine.start();
    const PASSWORD = 'P4ss-Word-91b2';
    const API_TOKEN = 'tok-5e8d77aa';
    const trigger = {
      type: 'webhook',
      body: { 单号: 'BX-9', password: PASSWORD, auth: { api_token: API_TOKEN, empty_token: '' } },
    };
    const runId = await runtime.engine.enqueue('intake', trigger);
    const run = await runtime.engine.waitForRun(runId);
    // The flow got the values as they arrived.
    expect(run).toMatchObject({ status: 'succeeded', output: { pass: PASSWORD, token: API_TOKEN } });
    // A retry re-seals the payload it opened: its flow sees the same values.
    const retried = await runtime.engine.waitForRun(await runtime.engine.retry(runId, { fromStep: 'keep' }));
    expect(retried).toMatchObject({ status: 'succeeded', output: { pass: PASSWORD, token: API_TOKEN } });
    // Stored: the rest of the payload readable, each secret-named value a sealed box.
    const stored = await runtime.store.runs.get(retried.id);
    expect(stored?.trigger).toMatchObject({
      type: 'webhook',
      body: { 单号: 'BX-9', password: { sealed: expect.any(String) }, auth: { empty_token: '' } },
    });
    const db = new BetterSqlite3(join(dir, 'qiao.db'), { readonly: true });
    const triggers = JSON.stringify(db.prepare('select trigger from runs').all());
    db.close();
    expect(triggers).toContain('BX-9');
    expect(triggers).not.toContain(PASSWORD);
    expect(triggers).not.toContain(API_TOKEN);
  });
});
