import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ERP_CONNECTION,
  ERP_CONNECTOR,
  ERP_SYNC,
  HOOK_FLOW,
  MANUAL_FLOW,
  VOUCHER_FLOW,
  VOUCHER_FORM,
} from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

describe('api runs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ start: true });
    await api.call('PUT', '/api/v1/flows/manual', { body: MANUAL_FLOW });
  });
  afterAll(() => api.close());

  it('runs a flow manually and shows the step timeline', async () => {
    const started = await api.call('POST', '/api/v1/flows/manual/run', { body: { input: { n: 21 } } });
    expect(started.status).toBe(202);
    await api.runtime.engine.waitForRun(started.body.runId);
    const detail = await api.call('GET', `/api/v1/runs/${started.body.runId}`);
    expect(detail.body).toMatchObject({
      status: 'succeeded',
      flowId: 'manual',
      trigger: { type: 'manual', input: { n: 21 } },
    });
    expect(detail.body.steps).toEqual([expect.objectContaining({ path: 'double', status: 'succeeded' })]);
    expect(detail.body.checkpoint).toBeUndefined();
  });

  it('hands a form flow run by hand its input as a record, and a webhook flow its input as the body', async () => {
    const formFlow = {
      ...VOUCHER_FLOW,
      steps: [
        {
          id: 'read',
          type: 'set',
          values: { date: '{{ trigger.date }}', rows: '{{ $count(trigger.lines) }}' },
        },
      ],
    };
    for (const doc of [VOUCHER_FORM, formFlow, HOOK_FLOW])
      expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
    const record = { date: '2026-11-23', lines: [{ account: '6602', debit: '10' }] };
    const form = await api.call('POST', '/api/v1/flows/onVoucher/run', { body: { input: record } });
    const formRun = await api.runtime.engine.waitForRun(form.body.runId);
    expect(formRun).toMatchObject({ status: 'succeeded', output: { date: '2026-11-23', rows: 1 } });
    expect(formRun.trigger).toMatchObject({ formId: 'voucher', event: 'created', createdBy: 'api-token' });
    const hook = await api.call('POST', '/api/v1/flows/hook/run', { body: { input: { n: 7 } } });
    const hookRun = await api.runtime.engine.waitForRun(hook.body.runId);
    expect(hookRun.trigger).toMatchObject({ type: 'webhook', body: { n: 7 } });
    expect(hookRun.status).toBe('succeeded');
  });

  it('lists runs with filters and keyset pages', async () => {
    for (let n = 0; n < 3; n += 1) {
      const { body } = await api.call('POST', '/api/v1/flows/manual/run', { body: { input: { n } } });
      await api.runtime.engine.waitForRun(body.runId);
    }
    const all = await api.call('GET', '/api/v1/runs?flowId=manual&status=succeeded,failed&kind=flow');
    expect(all.body.items.length).toBe(4);
    const first = await api.call('GET', '/api/v1/runs?flowId=manual&limit=3');
    expect(first.body.items.length).toBe(3);
    const rest = await api.call('GET', `/api/v1/runs?flowId=manual&limit=3&before=${first.body.next}`);
    expect(rest.body.items.map((r: { id: string }) => r.id)).toEqual([all.body.items[3].id]);
    expect(rest.body.next).toBeNull();
    expect((await api.call('GET', '/api/v1/runs?status=failed')).body.items).toEqual([]);
  });

  it('starts one run per Idempotency-Key: a repeat answers with the first run', async () => {
    const send = (key: string, n = 5) =>
      api.call('POST', '/api/v1/flows/manual/run', {
        body: { input: { n } },
        headers: { 'idempotency-key': key },
      });
    const first = await send('pay-2026-11-22-001');
    expect(first.status).toBe(202);
    await api.runtime.engine.waitForRun(first.body.runId);
    const repeat = await send('pay-2026-11-22-001');
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual({ runId: first.body.runId, status: 'succeeded', duplicate: true });
    // The same key with another input is a client bug: 422, and no run.
    const reused = await send('pay-2026-11-22-001', 6);
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const other = await send('pay-2026-11-22-002');
    expect(other.status).toBe(202);
    expect(other.body.runId).not.toBe(first.body.runId);
    await api.runtime.engine.waitForRun(other.body.runId);
    expect((await send('k'.repeat(256))).status).toBe(400);
  });

  it('retries a run as a new run pointing at the old one', async () => {
    const { body } = await api.call('POST', '/api/v1/flows/manual/run', { body: { input: { n: 1 } } });
    await api.runtime.engine.waitForRun(body.runId);
    const retried = await api.call('POST', `/api/v1/runs/${body.runId}/retry`, {
      body: { fromStep: 'double' },
    });
    expect(retried.status).toBe(202);
    const run = await api.runtime.engine.waitForRun(retried.body.runId);
    expect(run.retryOf).toBe(body.runId);
  });
});

describe('api ledger and queued runs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC, MANUAL_FLOW]) {
      const put = await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc });
      expect(put.status).toBe(201);
    }
    const { ledger } = api.runtime.store;
    const entries = ['a', 'b', 'c'].map((key) => ({
      sourceKey: key,
      source: { id: key },
      sourceTime: null,
      runId: 'r0',
    }));
    await ledger.addPending('bills', entries, 1);
    await ledger.update('bills', ['b'], {
      status: 'failed',
      lastError: { code: 'CONNECTOR_REJECTED', kind: 'user', message: 'bad', retryable: false },
    });
    await ledger.update('bills', ['c'], { status: 'written', targetId: 't-c', writeBack: 'failed' });
  });
  afterAll(() => api.close());

  it('pages ledger entries by source key and filters by status', async () => {
    const page = await api.call('GET', '/api/v1/syncs/bills/ledger?limit=2');
    expect(page.body.items.map((e: { sourceKey: string }) => e.sourceKey)).toEqual(['a', 'b']);
    const next = await api.call('GET', `/api/v1/syncs/bills/ledger?limit=2&after=${page.body.next}`);
    expect(next.body.items.map((e: { sourceKey: string }) => e.sourceKey)).toEqual(['c']);
    const failed = await api.call('GET', '/api/v1/syncs/bills/ledger?status=failed');
    expect(failed.body.items).toEqual([expect.objectContaining({ sourceKey: 'b', status: 'failed' })]);
    const found = await api.call('GET', '/api/v1/syncs/bills/ledger?q=C');
    expect(found.body.items.map((e: { sourceKey: string }) => e.sourceKey)).toEqual(['c']);
  });

  it('summarises the ledger by status and write-back', async () => {
    const summary = await api.call('GET', '/api/v1/syncs/bills/ledger/summary');
    expect(summary.body).toMatchObject({
      total: 3,
      counts: { pending: 1, failed: 1, written: 1 },
      writeBack: { none: 2, failed: 1, done: 0 },
    });
  });

  it('retries failed entries with a queued sync run', async () => {
    const woken: string[] = [];
    api.runtime.engine.events.on('run:enqueued', ({ runId }) => woken.push(runId));
    const retried = await api.call('POST', '/api/v1/syncs/bills/ledger/retry', { body: { keys: ['b'] } });
    // The engine is woken for the committed run (not left to its poll).
    expect(woken).toEqual([retried.body.runId]);
    expect(retried.status).toBe(202);
    expect(retried.body.reset).toBe(1);
    expect((await api.runtime.store.ledger.get('bills', 'b'))?.status).toBe('pending');
    expect(await api.runtime.store.runs.get(retried.body.runId)).toMatchObject({
      flowKind: 'sync',
      flowId: 'bills',
      status: 'queued',
    });
  });

  it('names the given keys it cannot retry, and starts no run when none can be', async () => {
    const runs = async () => (await api.runtime.store.runs.list({ limit: 100, flowId: 'bills' })).length;
    const before = await runs();
    const unknown = await api.call('POST', '/api/v1/syncs/bills/ledger/retry', { body: { keys: ['nope'] } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.message).toBe('台账中没有这些主键：nope / not in the ledger: nope');
    // 'a' is pending (not failed), 'nope' unknown: nothing to retry.
    const none = await api.call('POST', '/api/v1/syncs/bills/ledger/retry', {
      body: { keys: ['a', 'nope'] },
    });
    expect([none.status, none.body.code]).toEqual([409, 'CONFLICT']);
    expect(none.body.message).toContain('这些记录没有失败：a；台账中没有这些主键：nope');
    expect(none.body.message).toContain(
      'nothing to retry: these records did not fail: a; not in the ledger: nope',
    );
    expect(none.body.details).toMatchObject({ unknownKeys: ['nope'], notFailedKeys: ['a'] });
    expect(await runs()).toBe(before);
    // 'c' was written with a failed write-back: retried; the others are named in the answer.
    const some = await api.call('POST', '/api/v1/syncs/bills/ledger/retry', {
      body: { keys: ['c', 'a', 'nope'] },
    });
    expect(some.status).toBe(202);
    expect(some.body).toMatchObject({
      reset: 0,
      writeBacksReset: 1,
      unknownKeys: ['nope'],
      notFailedKeys: ['a'],
      runId: expect.any(String),
    });
    expect(await runs()).toBe(before + 1);
  });

  it('starts a sync run and cancels a queued run', async () => {
    const sync = await api.call('POST', '/api/v1/syncs/bills/run', { body: {} });
    expect(sync.status).toBe(202);
    const cancelled = await api.call('POST', `/api/v1/runs/${sync.body.runId}/cancel`);
    expect(cancelled.body).toEqual({ cancelled: true });
    expect((await api.call('GET', `/api/v1/runs/${sync.body.runId}`)).body.status).toBe('cancelled');
  });

  it('serves health and prometheus metrics', async () => {
    expect((await api.call('GET', '/healthz', { token: null })).body).toMatchObject({
      status: 'ok',
      store: 'sqlite',
    });
    const metrics = await api.call('GET', '/metrics', { token: null });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('qiao_runs{status="cancelled"} 1');
    expect(metrics.text).toContain('qiao_definitions{kind="sync"} 1');
    expect(metrics.text).toMatch(/qiao_ledger_entries\{sync="bills",status="written"\} 1/);
  });
});

describe('api waiting runs', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC])
      expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
  });
  afterAll(() => api.close());

  it('shows when a run has been waiting for its sync slot, and no wait once it is cancelled', async () => {
    const { body } = await api.call('POST', '/api/v1/syncs/bills/run', { body: {} });
    const id: string = body.runId;
    // A worker took the run, but the sync's slot is held by another run (src/runs worker-pool.ts).
    const lease = { status: 'running', leaseOwner: 'w1', leaseUntil: Date.now() + 60_000 } as const;
    await api.runtime.store.runs.update(id, { ...lease, waitingSince: 1_700_000_000_000 });
    const listed = await api.call('GET', '/api/v1/runs?flowId=bills&status=running');
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id, status: 'running', startedAt: null, waitingSince: 1_700_000_000_000 }),
    ]);
    expect((await api.call('GET', `/api/v1/runs/${id}`)).body).toMatchObject({
      waitingSince: 1_700_000_000_000,
    });
    await api.call('POST', `/api/v1/runs/${id}/cancel`);
    expect((await api.call('GET', `/api/v1/runs/${id}`)).body).toMatchObject({
      status: 'cancelled',
      waitingSince: null,
    });
  });
});

describe('api ledger newest first', () => {
  let api: TestApi;
  /** First seen in this order (two reads), so neither key order nor its reverse. */
  const seen = ['m', 'c', 'x', 'a', 'q', 'f', 'z'];
  const newest = [...seen].reverse();
  const keysOf = (body: { items: Array<{ sourceKey: string }> }) => body.items.map((e) => e.sourceKey);
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC]) {
      expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
    }
    const { ledger } = api.runtime.store;
    const entry = (key: string) => ({ sourceKey: key, source: { id: key }, sourceTime: null, runId: 'r0' });
    await ledger.addPending('bills', seen.slice(0, 4).map(entry), 1);
    await ledger.addPending('bills', seen.slice(4).map(entry), 2);
    // A status change later does not move a record: 'm' was seen first and stays last.
    await ledger.update('bills', ['m', 'x', 'f'], { status: 'failed', updatedAt: 9 });
    await ledger.update('bills', ['a'], { status: 'written', targetNumber: 'FKD-A', updatedAt: 9 });
  });
  afterAll(() => api.close());

  /** Every page of a ledger query, following `next`. */
  async function pages(path: string): Promise<string[][]> {
    const out: string[][] = [];
    let after = '';
    for (let n = 0; n < 10; n++) {
      const page = await api.call('GET', `${path}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
      expect(page.status).toBe(200);
      out.push(keysOf(page.body));
      if (page.body.next === null) return out;
      after = page.body.next;
    }
    throw new Error('the cursor never ended');
  }

  it('lists by source key unless asked for newest first', async () => {
    const byKey = [...seen].sort();
    expect(keysOf((await api.call('GET', '/api/v1/syncs/bills/ledger')).body)).toEqual(byKey);
    expect((await pages('/api/v1/syncs/bills/ledger?order=key&limit=3')).flat()).toEqual(byKey);
  });

  it('pages newest first by the cursor it hands, each record once', async () => {
    const paged = await pages('/api/v1/syncs/bills/ledger?order=newest&limit=2');
    expect(paged).toEqual([newest.slice(0, 2), newest.slice(2, 4), newest.slice(4, 6), newest.slice(6)]);
    const first = await api.call('GET', '/api/v1/syncs/bills/ledger?order=newest&limit=1');
    expect(first.body.items[0]).toMatchObject({ sourceKey: 'z', status: 'pending', source: { id: 'z' } });
    expect(first.body.next).toEqual(expect.any(String));
  });

  it('pages newest first within statuses and a search', async () => {
    expect((await pages('/api/v1/syncs/bills/ledger?order=newest&status=failed&limit=1')).flat()).toEqual([
      'f',
      'x',
      'm',
    ]);
    expect(
      (await pages('/api/v1/syncs/bills/ledger?order=newest&status=written,pending&limit=2')).flat(),
    ).toEqual(['z', 'q', 'a', 'c']);
    expect((await pages('/api/v1/syncs/bills/ledger?order=newest&q=fkd')).flat()).toEqual(['a']);
    expect((await pages('/api/v1/syncs/bills/ledger?order=newest&status=failed&q=X')).flat()).toEqual(['x']);
  });

  it('refuses an unknown order and a cursor that is not one of newest order', async () => {
    const order = await api.call('GET', '/api/v1/syncs/bills/ledger?order=oldest');
    expect([order.status, order.body.code]).toEqual([400, 'INPUT_INVALID']);
    const cursor = await api.call('GET', '/api/v1/syncs/bills/ledger?order=newest&after=m');
    expect([cursor.status, cursor.body.code]).toEqual([400, 'INPUT_INVALID']);
  });

  it('describes the order and the cursor in the openapi document', async () => {
    const doc = await api.call('GET', '/api/openapi.json', { token: null });
    const parameters: Array<{ name: string; schema: { enum?: string[] }; description?: string }> =
      doc.body.paths['/api/v1/syncs/{id}/ledger'].get.parameters;
    const order = parameters.find((p) => p.name === 'order');
    expect(order?.schema.enum).toEqual(['key', 'newest']);
    expect(order?.description).toMatch(/first seen last/);
    expect(parameters.find((p) => p.name === 'after')?.description).toMatch(/opaque cursor/);
  });
});
