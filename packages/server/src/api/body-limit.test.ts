import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimitsFrom, DEFAULT_BODY_LIMITS } from './body-limit.ts';
import { createApi } from './create-api.ts';
import { createTestApi, TEST_API_TOKEN, type TestApi } from './test-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const MB = 1024 * 1024;
const text = { 'content-type': 'text/plain' };

describe('api body limit', () => {
  it('answers a body over 5 MB with a short 413, before reading it as a definition', async () => {
    const huge = await api.call('PUT', '/api/v1/flows/huge', { body: 'x'.repeat(6 * MB), headers: text });
    expect([huge.status, huge.body.code]).toEqual([413, 'INPUT_INVALID']);
    expect(huge.body.message).toContain('5 MB');
    expect(huge.body.message).toContain('QIAO_BODY_LIMIT_MB');
    expect(huge.body.details).toEqual({ limitBytes: 5 * MB });
    expect(huge.text.length).toBeLessThan(1000);
    // Announced by Content-Length: refused without being read.
    const announced = await api.app.request('/api/v1/flows/huge', {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${TEST_API_TOKEN}`,
        'content-type': 'text/plain',
        'content-length': String(30 * MB),
      },
      body: 'x',
    });
    expect(announced.status).toBe(413);
    expect((await api.call('GET', '/api/v1/flows/huge')).status).toBe(404);
  });

  it('answers a 2 MB text that is no definition with a short error quoting 80 characters of it', async () => {
    const refused = await api.call('PUT', '/api/v1/flows/big', { body: 'y'.repeat(2 * MB), headers: text });
    expect([refused.status, refused.body.code]).toEqual([400, 'DEFINITION_INVALID']);
    expect(refused.text.length).toBeLessThan(2000);
    expect(refused.body.message).toContain(`"${'y'.repeat(80)}"…`);
  });

  it('takes a larger openapi document to import, up to its own limit', async () => {
    const document = {
      openapi: '3.0.0',
      info: { title: 'Big', description: 'z'.repeat(6 * MB) },
      servers: [{ url: 'https://big.example' }],
      paths: { '/a': { get: { operationId: 'getA' } } },
    };
    const imported = await api.call('POST', '/api/v1/connectors/import-openapi', {
      body: { document, id: 'big' },
    });
    expect(imported.status).toBe(200);
    expect(Object.keys(imported.body.connector.operations)).toEqual(['getA']);
  });

  it('reads its limits from QIAO_BODY_LIMIT_MB and QIAO_IMPORT_BODY_LIMIT_MB', async () => {
    expect(bodyLimitsFrom({})).toEqual(DEFAULT_BODY_LIMITS);
    expect(bodyLimitsFrom({ QIAO_BODY_LIMIT_MB: '0.5', QIAO_IMPORT_BODY_LIMIT_MB: 'lots' })).toEqual({
      default: MB / 2,
      import: DEFAULT_BODY_LIMITS.import,
    });
    const small = createApi(api.runtime, { apiToken: TEST_API_TOKEN, env: { QIAO_BODY_LIMIT_MB: '1' } });
    const response = await small.request('/api/v1/validate', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'a'.repeat(2 * MB) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain('1 MB');
  });
});
