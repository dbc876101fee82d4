import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonValue } from '../json.ts';
import { createRuntime, type Runtime } from '../runtime/create-runtime.ts';
import { createApi } from './create-api.ts';
import type { ApiApp } from './route-kit.ts';

/** The static admin token of test APIs. */
export const TEST_API_TOKEN = 'test-static-token-0123456789';

/** A test API over a real SQLite runtime in a temp dir. */
export interface TestApi {
  runtime: Runtime;
  app: ApiApp;
  /** Sends a request; a non-string body is sent as JSON. Token defaults to the static admin token (null: none). */
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
  ): Promise<{ status: number; body: any; text: string }>;
  /** Creates a user with a role and returns a login token for it. */
  tokenFor(role: 'admin' | 'editor' | 'viewer'): Promise<string>;
  close(): Promise<void>;
}

/** Builds a runtime (SQLite in a temp dir, fast engine poll) and the API over it; `start` starts the engine. */
export async function createTestApi(options: { start?: boolean } = {}): Promise<TestApi> {
  const dir = await mkdtemp(join(tmpdir(), 'qiao-api-'));
  const runtime = await createRuntime({ dataDir: dir, env: {}, engine: { pollMs: 20 } });
  if (options.start) runtime.engine.start();
  const app = createApi(runtime, { apiToken: TEST_API_TOKEN, env: {} });
  const call: TestApi['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? TEST_API_TOKEN : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (typeof opts.body === 'string') body = opts.body;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body as JsonValue);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON responses (metrics) keep their text.
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
    return { status: response.status, body: parsed as any, text };
  };
  let users = 0;
  return {
    runtime,
    app,
    call,
    async tokenFor(role) {
      users += 1;
      const username = `${role}${users}`;
      const created = await call('POST', '/api/v1/users', {
        body: { username, password: 'password-123', role },
      });
      if (created.status !== 201) throw new Error(`user not created: ${created.text}`);
      const login = await call('POST', '/api/v1/auth/login', {
        token: null,
        body: { username, password: 'password-123' },
      });
      return login.body.token as string;
    },
    async close() {
      await runtime.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
