import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERP_CONNECTION,
  ERP_CONNECTOR,
  ERP_SYNC,
  MANUAL_FLOW,
  VOUCHER_FLOW,
  VOUCHER_FORM,
} from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const yaml = { 'content-type': 'application/yaml' };
const put = (path: string, body: unknown, headers?: Record<string, string>) =>
  api.call('PUT', path, headers === undefined ? { body } : { body, headers });

describe('api yaml definitions without kind, id or schemaVersion', () => {
  it('fills them from the path, like a json body, and keeps the text as sent', async () => {
    const text =
      'name: Test flow\ntrigger: { type: manual }\nsteps:\n  - { id: a, type: set, values: { x: 1 } }\n';
    const created = await put('/api/v1/flows/testFlow', text, yaml);
    expect([created.status, created.body.created]).toEqual([201, true]);
    const got = await api.call('GET', '/api/v1/flows/testFlow');
    expect(got.body.definition).toMatchObject({
      schemaVersion: 1,
      kind: 'flow',
      id: 'testFlow',
      name: 'Test flow',
    });
    expect(got.body.source).toBe(text);
    const plain = await put('/api/v1/flows/testFlow', text.replace('Test flow', 'Renamed'), {
      'content-type': 'text/plain',
    });
    expect([plain.status, plain.body.version]).toEqual([200, 2]);
  });

  it("locates the problems of such a text on the sender's own lines", async () => {
    const text =
      '# a comment first\nname: Bad flow\ntrigger: { type: manual }\nsteps:\n' +
      '  - { id: a, type: set, values: {}, retyr: 1 }\n' +
      "  - { id: b, type: set, values: { x: '{{ $nosuchfn(1) }}' } }\n";
    const refused = await put('/api/v1/flows/badFlow', text, yaml);
    expect([refused.status, refused.body.code]).toEqual([400, 'DEFINITION_INVALID']);
    expect(
      refused.body.details.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line]),
    ).toEqual([
      ['schema.unknown_key', 5],
      ['expr.unknown_function', 6],
    ]);
    expect(JSON.stringify(refused.body)).not.toMatch(/"kind" is required|schemaVersion/);
  });

  it('still refuses a text whose kind or id contradicts the path', async () => {
    const base = 'name: X\ntrigger: { type: manual }\nsteps:\n  - { id: a, type: set, values: {} }\n';
    const kind = await put('/api/v1/flows/other', `kind: sync\n${base}`, yaml);
    expect([kind.status, kind.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect(kind.body.message).toContain('kind must be "flow"');
    const id = await put('/api/v1/flows/other', `id: another\n${base}`, yaml);
    expect([id.status, id.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect(id.body.message).toContain('differs from the path');
    expect((await api.call('GET', '/api/v1/flows/other')).status).toBe(404);
  });
});

describe('api deletes of definitions that others use', () => {
  beforeAll(async () => {
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC, VOUCHER_FORM, VOUCHER_FLOW]) {
      expect((await put(`/api/v1/${doc.kind}s/${doc.id}`, doc)).status).toBe(201);
    }
    const alert = {
      ...MANUAL_FLOW,
      id: 'alertBills',
      trigger: { type: 'runFailed', flows: ['bills'] },
      steps: [{ id: 'a', type: 'set', values: { run: '{{ trigger.run.id }}' } }],
    };
    expect((await put('/api/v1/flows/alertBills', alert)).status).toBe(201);
  });

  it('refuses with 409 naming every user, and deletes with ?force=true', async () => {
    const refused = await api.call('DELETE', '/api/v1/connections/erpTest');
    expect([refused.status, refused.body.code]).toEqual([409, 'CONFLICT']);
    expect(refused.body.message).toContain('集成方案 bills');
    expect(refused.body.message).toContain('connection "erpTest" is in use by sync "bills"');
    expect(refused.body.message).toContain('?force=true');
    expect(refused.body.details).toMatchObject({
      reason: 'inUse',
      usedBy: [{ kind: 'sync', id: 'bills', enabled: true, codes: ['ref.unknown_connection'] }],
      records: false,
    });
    expect((await api.call('GET', '/api/v1/connections/erpTest')).status).toBe(200);

    const connector = await api.call('DELETE', '/api/v1/connectors/erp');
    expect(connector.status).toBe(409);
    expect(
      connector.body.details.usedBy.map((d: { kind: string; id: string }) => `${d.kind}:${d.id}`).sort(),
    ).toEqual(['connection:erpTest', 'sync:bills']);
    const sync = await api.call('DELETE', '/api/v1/syncs/bills');
    expect(sync.body.details.usedBy).toEqual([
      { kind: 'flow', id: 'alertBills', enabled: true, codes: ['ref.unknown_flow'] },
    ]);

    const forced = await api.call('DELETE', '/api/v1/connections/erpTest?force=true');
    expect([forced.status, forced.body.deleted]).toEqual([200, true]);
    expect((await api.call('GET', '/api/v1/connections/erpTest')).status).toBe(404);
  });

  it('refuses to delete a form used by a flow or holding records', async () => {
    const used = await api.call('DELETE', '/api/v1/forms/voucher');
    expect(used.status).toBe(409);
    expect(used.body.details).toMatchObject({ usedBy: [{ kind: 'flow', id: 'onVoucher' }], records: false });
    expect((await api.call('DELETE', '/api/v1/flows/onVoucher')).status).toBe(200);
    const saved = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { date: '2024-06-01', lines: [{ account: '1001' }] } },
    });
    expect(saved.status).toBe(201);
    const withRecords = await api.call('DELETE', '/api/v1/forms/voucher');
    expect(withRecords.status).toBe(409);
    expect(withRecords.body.details).toMatchObject({ usedBy: [], records: true });
    expect(withRecords.body.message).toContain('its stored records');
  });

  it('deletes what nobody uses, and answers 404 for what does not exist', async () => {
    expect((await put('/api/v1/flows/lonely', { ...MANUAL_FLOW, id: 'lonely' })).status).toBe(201);
    expect((await api.call('DELETE', '/api/v1/flows/lonely')).status).toBe(200);
    expect((await api.call('DELETE', '/api/v1/flows/lonely')).status).toBe(404);
  });
});

describe('api built-in connectors by id', () => {
  it('describes a built-in connector with its operations and their schemas', async () => {
    const got = await api.call('GET', '/api/v1/connectors/dingtalk');
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      kind: 'connector',
      id: 'dingtalk',
      builtIn: true,
      origin: 'builtIn',
      enabled: true,
    });
    const listed = (await api.call('GET', '/api/v1/connectors')).body.items.find(
      (c: { id: string }) => c.id === 'dingtalk',
    );
    expect(got.body.operations).toEqual(listed.operations);
    expect(got.body.operations.map((o: { id: string }) => o.id)).toContain('getInstance');
    expect((await api.call('GET', '/api/v1/connectors/http')).body.builtIn).toBe(true);
    expect((await api.call('GET', '/api/v1/connectors/dingtalk?version=7')).status).toBe(404);
    expect((await api.call('GET', '/api/v1/connectors/nosuch')).status).toBe(404);
  });
});

describe('api validation of mistakes that would only fail at run time', () => {
  it('suggests the operation an unknown one misspells, and refuses unknown functions and connector roots', async () => {
    await put('/api/v1/connections/jdy', {
      schemaVersion: 1,
      kind: 'connection',
      id: 'jdy',
      connector: 'kingdee-jdy',
    });
    const flow = {
      ...MANUAL_FLOW,
      id: 'typos',
      trigger: { type: 'webhook' },
      steps: [
        { id: 't', type: 'call', connection: 'jdy', operation: 'getAccesToken' },
        { id: 'x', type: 'set', values: { a: '{{ $nosuchfn(trigger.amount) }}' } },
      ],
    };
    const result = await api.call('POST', '/api/v1/validate', { body: { document: flow } });
    expect(result.body.valid).toBe(false);
    const byCode = Object.fromEntries(
      result.body.diagnostics.map((d: { code: string; message: string; severity: string }) => [d.code, d]),
    );
    expect(byCode['ref.unknown_operation'].message).toContain('did you mean "getAccessToken"?');
    expect(byCode['expr.unknown_function'].severity).toBe('error');
    expect(byCode['ref.unknown_trigger_field']).toMatchObject({ severity: 'warning' });
    const connector = {
      schemaVersion: 1,
      kind: 'connector',
      id: 'rooted',
      name: 'R',
      operations: { get: { method: 'GET', path: '/', query: { id: '{{ connection.config.clientId }}' } } },
    };
    const refused = await put('/api/v1/connectors/rooted', connector);
    expect(refused.body.details.diagnostics).toEqual([
      expect.objectContaining({ code: 'expr.unknown_root', path: 'operations.get.query.id' }),
    ]);
  });
});
