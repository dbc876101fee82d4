import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANUAL_FLOW } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

describe('api definitions', () => {
  it('creates, versions, diffs, rolls back, disables and deletes a flow', async () => {
    const created = await api.call('PUT', '/api/v1/flows/manual', { body: MANUAL_FLOW });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, created: true });
    const same = await api.call('PUT', '/api/v1/flows/manual', { body: MANUAL_FLOW });
    expect(same.body).toMatchObject({ version: 1, changed: false });
    const renamed = await api.call('PUT', '/api/v1/flows/manual', { body: { ...MANUAL_FLOW, name: '改名' } });
    expect(renamed.body).toMatchObject({ version: 2, changed: true });

    const list = await api.call('GET', '/api/v1/flows');
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: 'manual', name: '改名', version: 2, enabled: true }),
    ]);
    expect((await api.call('GET', '/api/v1/flows/manual?version=1')).body.definition.name).toBe('手动');
    const versions = await api.call('GET', '/api/v1/flows/manual/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await api.call('GET', '/api/v1/flows/manual/diff?from=1&to=2');
    expect(diff.body.changes).toEqual([{ path: 'name', before: '手动', after: '改名' }]);

    const rollback = await api.call('POST', '/api/v1/flows/manual/rollback', { body: { version: 1 } });
    expect(rollback.body).toMatchObject({ version: 3, rolledBackTo: 1 });
    expect((await api.call('GET', '/api/v1/flows/manual')).body).toMatchObject({
      version: 3,
      definition: { name: '手动' },
    });

    await api.call('POST', '/api/v1/flows/manual/disable');
    expect((await api.call('GET', '/api/v1/flows/manual')).body.enabled).toBe(false);
    await api.call('POST', '/api/v1/flows/manual/enable');
    expect((await api.call('GET', '/api/v1/flows/manual')).body.enabled).toBe(true);

    expect((await api.call('DELETE', '/api/v1/flows/manual')).body).toMatchObject({ deleted: true });
    expect((await api.call('GET', '/api/v1/flows/manual')).status).toBe(404);
  });

  it('stores a yaml text body and keeps its source', async () => {
    const yaml =
      'schemaVersion: 1\nkind: flow\nid: fromYaml\nname: 来自 YAML\ntrigger: { type: manual }\nsteps:\n  - { id: a, type: set, values: { x: 1 } }\n';
    const put = await api.call('PUT', '/api/v1/flows/fromYaml', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(put.status).toBe(201);
    const got = await api.call('GET', '/api/v1/flows/fromYaml');
    expect(got.body.source).toBe(yaml);
    expect(got.body.definition.steps[0]).toMatchObject({ id: 'a', type: 'set' });
  });

  it('fills kind and id from the path', async () => {
    const { kind: _kind, id: _id, ...bare } = MANUAL_FLOW;
    const put = await api.call('PUT', '/api/v1/flows/bare', { body: bare });
    expect(put.status).toBe(201);
    expect((await api.call('GET', '/api/v1/flows/bare')).body.definition.id).toBe('bare');
  });

  it('validates without storing', async () => {
    const ok = await api.call('POST', '/api/v1/validate', {
      body: { document: { ...MANUAL_FLOW, id: 'notStored' } },
    });
    expect(ok.body).toEqual({ valid: true, diagnostics: [] });
    const bad = await api.call('POST', '/api/v1/validate', {
      body: { text: 'schemaVersion: 1\nkind: flow\nid: v\nname: V\ntrigger: { type: manual }\nsteps: []\n' },
    });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.diagnostics[0]).toMatchObject({ path: 'steps', line: 6 });
    expect((await api.call('GET', '/api/v1/flows/notStored')).status).toBe(404);
  });

  it('refuses a definition with every problem at once — schema, references, expressions — and stores nothing', async () => {
    const yaml =
      'schemaVersion: 1\nkind: flow\nid: many\nname: M\ntrigger: { type: manual }\nsteps:\n' +
      '  - { id: a, type: call, connection: nowhere, operation: x }\n' +
      '  - { id: b, type: set, values: {}, retyr: 1 }\n' +
      "  - { id: c, type: set, values: { x: '{{ ( }}' } }\n";
    const expected = [
      ['ref.unknown_connection', 'steps[0].connection', 7],
      ['schema.unknown_key', 'steps[1].retyr', 8],
      ['expr.syntax', 'steps[2].values.x', 9],
    ];
    const located = (diagnostics: Array<{ code: string; path: string; line?: number }>) =>
      diagnostics.map((d) => [d.code, d.path, d.line]);
    const put = await api.call('PUT', '/api/v1/flows/many', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect([put.status, put.body.code]).toEqual([400, 'DEFINITION_INVALID']);
    expect(located(put.body.details.diagnostics)).toEqual(expected);
    expect((await api.call('GET', '/api/v1/flows/many')).status).toBe(404);

    const validated = await api.call('POST', '/api/v1/validate', { body: { text: yaml } });
    expect(validated.body.valid).toBe(false);
    expect(located(validated.body.diagnostics)).toEqual(expected);

    const steps = [
      { id: 'a', type: 'call', connection: 'nowhere', operation: 'x' },
      { id: 'b', type: 'set', values: {}, retyr: 1 },
      { id: 'c', type: 'set', values: { x: '{{ ( }}' } },
    ];
    const json = await api.call('PUT', '/api/v1/flows/many', { body: { ...MANUAL_FLOW, id: 'many', steps } });
    expect(json.status).toBe(400);
    expect(json.body.details.diagnostics.map((d: { code: string }) => d.code).sort()).toEqual(
      expected.map(([code]) => code).sort(),
    );
    expect((await api.call('GET', '/api/v1/flows/many')).status).toBe(404);
  });

  it('locates the reference problems of a yaml body that passes the schema', async () => {
    const yaml =
      'schemaVersion: 1\nkind: flow\nid: located\nname: L\ntrigger: { type: manual }\nsteps:\n' +
      '  - { id: a, type: call, connection: nowhere, operation: x }\n';
    const put = await api.call('PUT', '/api/v1/flows/located', {
      body: yaml,
      headers: { 'content-type': 'application/yaml' },
    });
    expect(put.status).toBe(400);
    expect(put.body.details.diagnostics).toEqual([
      expect.objectContaining({ code: 'ref.unknown_connection', path: 'steps[0].connection', line: 7 }),
    ]);
  });

  it('publishes an openapi 3.1 document generated from the route schemas', async () => {
    const doc = await api.call('GET', '/api/openapi.json', { token: null });
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/flows/{id}',
        '/api/v1/runs',
        '/api/v1/syncs/{id}/ledger/retry',
        '/api/v1/forms/{id}/records',
        '/hooks/{flowId}',
      ]),
    );
    expect(doc.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    const login = doc.body.paths['/api/v1/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema).toBeDefined();
    const runsQuery = doc.body.paths['/api/v1/runs'].get.parameters.map((p: { name: string }) => p.name);
    expect(runsQuery).toEqual(expect.arrayContaining(['flowId', 'status', 'limit', 'before']));
  });
});
