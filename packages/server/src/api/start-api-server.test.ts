import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from './start-api-server.ts';
import { createTestApi, TEST_API_TOKEN, type TestApi } from './test-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe('api server', () => {
  it('serves the app over a real socket on a free port', async () => {
    const server = await startApiServer(api.app, { port: 0 });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      const health = await fetch(`${server.url}/healthz`);
      expect(await health.json()).toMatchObject({ status: 'ok' });
      const me = await fetch(`${server.url}/api/v1/me`, {
        headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
      });
      expect(((await me.json()) as { role: string }).role).toBe('admin');
    } finally {
      await server.close();
    }
  });
});
