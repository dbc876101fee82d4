import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERP_CONNECTION, ERP_CONNECTOR, ERP_SYNC } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

/** The `bills` sync as an editor sends it: YAML without kind, id or schemaVersion (filled from the path). */
const SYNC_YAML = [
  'name: 单据同步',
  'source: { connection: erpTest, operation: list, key: id }',
  "mapping: { no: '{{ id }}' }",
  'target: { connection: erpTest, operation: save }',
  '',
].join('\n');

describe('api sync preview body', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC])
      expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
  });
  afterAll(() => api.close());

  const preview = (body: string, contentType: string) =>
    api.call('POST', '/api/v1/syncs/bills/preview?key=a', { body, headers: { 'content-type': contentType } });

  it('reads a text/plain body as yaml, like a definition put', async () => {
    for (const type of ['application/yaml', 'text/yaml', 'text/plain', 'text/plain; charset=utf-8']) {
      const answered = await preview(SYNC_YAML, type);
      expect([type, answered.status]).toEqual([type, 200]);
      expect(answered.body).toMatchObject({ syncId: 'bills', records: [], unknownKeys: ['a'] });
    }
  });

  it('locates the problems of a text/plain definition by line', async () => {
    const broken = SYNC_YAML.replace('operation: save', 'operation: save, bogus: 1');
    const refused = await preview(broken, 'text/plain');
    expect([refused.status, refused.body.code]).toEqual([400, 'DEFINITION_INVALID']);
    expect(refused.body.details.diagnostics).toEqual([expect.objectContaining({ line: 4 })]);
  });

  it('still refuses a content type a definition put refuses', async () => {
    const refused = await preview(SYNC_YAML, 'text/html');
    expect([refused.status, refused.body.code]).toEqual([415, 'INPUT_INVALID']);
    const put = await api.call('PUT', '/api/v1/syncs/bills', {
      body: SYNC_YAML,
      headers: { 'content-type': 'text/html' },
    });
    expect(put.status).toBe(415);
  });
});
