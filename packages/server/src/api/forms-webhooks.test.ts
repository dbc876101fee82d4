import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './create-api.ts';
import { HOOK_FLOW, VOUCHER_FLOW, VOUCHER_FORM } from './test-fixtures.ts';
import { createTestApi, TEST_API_TOKEN, type TestApi } from './test-harness.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ start: true });
  for (const doc of [VOUCHER_FORM, VOUCHER_FLOW, HOOK_FLOW]) {
    expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
  }
});
afterAll(() => api.close());

describe('api form records', () => {
  it('saves a valid record, fills defaults and fires the form flow', async () => {
    const saved = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { date: '2024-06-01', lines: [{ account: '1001', debit: '10.50' }] } },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.record.data.word).toBe('记');
    expect(saved.body.runIds).toHaveLength(1);
    const run = await api.runtime.engine.waitForRun(saved.body.runIds[0]);
    expect(run.status).toBe('succeeded');
    const detail = await api.call('GET', `/api/v1/forms/voucher/records/${saved.body.record.id}`);
    expect(detail.body.record.id).toBe(saved.body.record.id);
    expect(detail.body.runs.map((r: { id: string }) => r.id)).toEqual(saved.body.runIds);
  });

  it('updates a record and fires the updated event', async () => {
    const saved = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { date: '2024-06-02', lines: [{ account: '1002' }] } },
    });
    await api.runtime.engine.waitForRun(saved.body.runIds[0]);
    const path = `/api/v1/forms/voucher/records/${saved.body.record.id}`;
    const updated = await api.call('PUT', path, {
      body: { data: { date: '2024-06-03', lines: [{ account: '1002' }] } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.record.data.date).toBe('2024-06-03');
    const run = await api.runtime.engine.waitForRun(updated.body.runIds[0]);
    expect(run.trigger).toMatchObject({ event: 'updated' });
    const invalid = await api.call('PUT', path, { body: { data: { date: 'tomorrow' } } });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect((await api.call('GET', path)).body.record.data.date).toBe('2024-06-03');
  });

  it('lists records newest first with a keyset cursor', async () => {
    const all = await api.call('GET', '/api/v1/forms/voucher/records');
    expect(all.body.items.length).toBeGreaterThanOrEqual(2);
    const first = await api.call('GET', '/api/v1/forms/voucher/records?limit=1');
    expect(first.body.items[0].id).toBe(all.body.items[0].id);
    const second = await api.call('GET', `/api/v1/forms/voucher/records?limit=1&before=${first.body.next}`);
    expect(second.body.items[0].id).toBe(all.body.items[1].id);
  });

  it('answers 404 for a record of another form', async () => {
    const saved = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { date: '2024-06-04', lines: [{ account: '1' }] } },
    });
    const other = await api.call('GET', `/api/v1/forms/other/records/${saved.body.record.id}`);
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('api webhooks', () => {
  it('accepts a signed body and answers with the respond step', async () => {
    const raw = JSON.stringify({ n: 5 });
    const signature = createHmac('sha256', 'hook-secret-1').update(raw).digest('hex');
    const response = await api.call('POST', '/hooks/hook', {
      token: null,
      body: raw,
      headers: { 'content-type': 'application/json', 'x-qiao-signature': `sha256=${signature}` },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ got: 5 });
  });

  it('accepts the secret as a query parameter and rejects a bad signature', async () => {
    const ok = await api.call('POST', '/hooks/hook?secret=hook-secret-1', { token: null, body: { n: 2 } });
    expect(ok.body).toEqual({ got: 2 });
    const bad = await api.call('POST', '/hooks/hook', {
      token: null,
      body: { n: 2 },
      headers: { 'x-qiao-signature': 'sha256=00' },
    });
    expect([bad.status, bad.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('rejects a malformed json webhook body', async () => {
    const bad = await api.call('POST', '/hooks/hook?secret=hook-secret-1', {
      token: null,
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'INPUT_INVALID']);
  });
});

describe('api manual runs of form flows', () => {
  it('refuses an input the form would refuse, with the field problems, and starts nothing', async () => {
    const before = await api.runtime.store.runs.list({ flowId: 'onVoucher', limit: 100 });
    const refused = await api.call('POST', '/api/v1/flows/onVoucher/run', {
      body: { input: { date: 'soon', lines: [] } },
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect(
      refused.body.details.problems.map((p: { path: string; code: string }) => `${p.path}:${p.code}`),
    ).toEqual(['date:type', 'lines:min_rows']);
    const empty = await api.call('POST', '/api/v1/flows/onVoucher/run', { body: {} });
    expect(empty.status).toBe(400);
    expect(await api.runtime.store.runs.list({ flowId: 'onVoucher', limit: 100 })).toHaveLength(
      before.length,
    );
  });

  it('runs a valid input as a record of the form, defaults filled and its id kept', async () => {
    const started = await api.call('POST', '/api/v1/flows/onVoucher/run', {
      body: { input: { id: 'r-1', date: '2024-06-05', lines: [{ account: '1001' }] } },
    });
    expect(started.status).toBe(202);
    const run = await api.runtime.engine.waitForRun(started.body.runId);
    expect(run.trigger).toMatchObject({
      id: 'r-1',
      formId: 'voucher',
      word: '记',
      lines: [{ account: '1001' }],
    });
  });
});

describe('api webhook secrets from the environment', () => {
  it('verifies with the variable an env reference names, and refuses every request while it is unset', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${env:NAME}` syntax of definition files
    const secret = '${env:QIAO_TEST_HOOK}';
    const flow = { ...HOOK_FLOW, id: 'envHook', trigger: { type: 'webhook', secret } };
    const saved = await api.call('PUT', '/api/v1/flows/envHook', { body: flow });
    expect(saved.status).toBe(201);
    expect(saved.body.warnings).toEqual([
      expect.objectContaining({ code: 'ref.unset_env', path: 'trigger.secret', severity: 'warning' }),
    ]);
    const unset = await api.call('POST', '/hooks/envHook?secret=', { token: null, body: { n: 1 } });
    expect([unset.status, unset.body.code]).toEqual([401, 'UNAUTHORIZED']);
    const literal = await api.call('POST', `/hooks/envHook?secret=${encodeURIComponent(secret)}`, {
      token: null,
      body: { n: 1 },
    });
    expect(literal.status).toBe(401);
    const withEnv = createApi(api.runtime, {
      apiToken: TEST_API_TOKEN,
      env: { QIAO_TEST_HOOK: 'env-secret-9' },
    });
    const raw = JSON.stringify({ n: 3 });
    const signature = createHmac('sha256', 'env-secret-9').update(raw).digest('hex');
    const response = await withEnv.request('/hooks/envHook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-qiao-signature': signature },
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ got: 3 });
  });
});
