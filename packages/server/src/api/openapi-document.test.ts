import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOOK_FLOW } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
/** The tags of the API: one per operation, so a client's generated modules stay one per area. */
const TAGS = [
  'auth',
  'flows',
  'syncs',
  'connections',
  'connectors',
  'forms',
  'runs',
  'ledger',
  'mapping',
  'definitions',
  'webhooks',
  'system',
];

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
  security?: unknown[];
}
type Document = { paths: Record<string, Record<string, Operation>> };

/** Every operation of the document, named `METHOD path`. */
function operationsOf(doc: Document): Array<{ name: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
}

describe('openapi document', () => {
  let api: TestApi;
  let doc: Document;
  let operations: Array<{ name: string; op: Operation }>;
  beforeAll(async () => {
    api = await createTestApi();
    const served = await api.call('GET', '/api/openapi.json', { token: null });
    expect(served.status).toBe(200);
    doc = served.body as Document;
    operations = operationsOf(doc);
  });
  afterAll(() => api.close());

  it('serves the operations of every route', () => {
    expect(operations.length).toBeGreaterThan(70);
  });

  it('gives every operation a short imperative summary', () => {
    const missing = operations.filter(({ op }) => !op.summary?.trim()).map(({ name }) => name);
    expect(missing).toEqual([]);
    const unfit = operations
      .filter(({ op }) => {
        const summary = op.summary ?? '';
        return summary.split(/\s+/).length > 8 || !/^[A-Z]/.test(summary) || summary.endsWith('.');
      })
      .map(({ name, op }) => `${name}: ${op.summary}`);
    expect(unfit).toEqual([]);
  });

  it('names every operation with a unique camelCase operationId', () => {
    const ids = operations.map(({ name, op }) => ({ name, id: op.operationId ?? '' }));
    expect(ids.filter(({ id }) => !/^[a-z][a-zA-Z0-9]*$/.test(id)).map(({ name }) => name)).toEqual([]);
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const { name, id } of ids) {
      const first = seen.get(id);
      if (first !== undefined) duplicates.push(`${id}: ${first} and ${name}`);
      seen.set(id, name);
    }
    expect(duplicates).toEqual([]);
  });

  it('tags every operation with one of the api tags', () => {
    const untagged = operations
      .filter(({ op }) => op.tags?.length !== 1 || !TAGS.includes(op.tags[0] ?? ''))
      .map(({ name, op }) => `${name}: ${op.tags}`);
    expect(untagged).toEqual([]);
  });

  it('documents the webhook body, its secret, the idempotency key and every answer', () => {
    const hook = doc.paths['/hooks/{flowId}']?.post;
    expect(hook?.security).toEqual([]);
    expect(Object.keys(hook?.requestBody?.content ?? {})).toEqual(['application/json', '*/*']);
    expect(hook?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining([
        'header:x-qiao-signature',
        'query:secret',
        'header:Idempotency-Key',
        'path:flowId',
      ]),
    );
    expect(Object.keys(hook?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202', '2XX', '401', '404', '413', '422', 'default']),
    );
  });

  it('documents the idempotency key and its reuse on manual runs', () => {
    for (const path of ['/api/v1/flows/{id}/run', '/api/v1/syncs/{id}/run']) {
      const run = doc.paths[path]?.post;
      expect(run?.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('header:Idempotency-Key');
      expect(Object.keys(run?.responses ?? {})).toEqual(expect.arrayContaining(['200', '202', '422']));
    }
  });

  it('declares the content types of a definition put on the sync preview', () => {
    const put = doc.paths['/api/v1/syncs/{id}']?.put?.requestBody?.content ?? {};
    const preview = doc.paths['/api/v1/syncs/{id}/preview']?.post?.requestBody?.content ?? {};
    expect(Object.keys(put)).toContain('text/plain');
    expect(Object.keys(preview)).toEqual(Object.keys(put));
  });
});

describe('webhook as documented', () => {
  let api: TestApi;
  const created = {
    ...HOOK_FLOW,
    id: 'created',
    trigger: { type: 'webhook', secret: 'hook-secret-2' },
    steps: [{ id: 'answer', type: 'respond', status: 201, body: { got: '{{ trigger.body }}' } }],
  };
  const sign = (raw: string) => createHmac('sha256', 'hook-secret-2').update(raw).digest('hex');
  beforeAll(async () => {
    api = await createTestApi({ start: true });
    expect((await api.call('PUT', '/api/v1/flows/created', { body: created })).status).toBe(201);
  });
  afterAll(() => api.close());

  it('answers with the status a respond step sets, the signature covering the raw json', async () => {
    const raw = '{ "n" : 1 }';
    const response = await api.call('POST', '/hooks/created', {
      token: null,
      body: raw,
      headers: { 'content-type': 'application/json', 'x-qiao-signature': `sha256=${sign(raw)}` },
    });
    expect([response.status, response.body]).toEqual([201, { got: { n: 1 } }]);
  });

  it('takes a body of any other content type as text', async () => {
    const raw = 'n=1&m=2';
    const response = await api.call('POST', '/hooks/created', {
      token: null,
      body: raw,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-qiao-signature': sign(raw) },
    });
    expect([response.status, response.body]).toEqual([201, { got: raw }]);
  });

  it('answers 404 for an unknown flow', async () => {
    const response = await api.call('POST', '/hooks/nothing', { token: null, body: {} });
    expect([response.status, response.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});
