import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createEngine, type Engine } from '../runs/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createFormTriggers } from './form-events.ts';
import { createWebhookHandler } from './webhook.ts';

const noGateway: ConnectorGateway = {
  describe: async () => undefined,
  call: async () => {
    throw new QiaoError('CONNECTOR_UNKNOWN_OPERATION', 'none');
  },
  listPage: async () => ({ items: [], next: null }),
  writeBatch: async () => [],
};

let store: Store;
let engine: Engine;

async function putFlow(id: string, trigger: JsonObject, steps: JsonObject[]) {
  const definition = {
    schemaVersion: 1,
    kind: 'flow',
    id,
    name: id,
    enabled: true,
    concurrency: 4,
    trigger,
    steps,
  };
  await store.documents.put({ kind: 'flow', id, definition, now: 1 });
}

beforeEach(async () => {
  store = createStore({ file: ':memory:' });
  await store.migrate();
  engine = createEngine({ store, gateway: noGateway, pollMs: 50 });
  engine.start();
  await putFlow('echo', { type: 'webhook', secret: 's3cret' }, [
    { id: 'sum', type: 'map', mapping: { total: '{{ $sum(trigger.body.items) }}' } },
    {
      id: 'reply',
      type: 'respond',
      status: 201,
      body: { total: '{{ steps.sum.output.total }}', who: '{{ trigger.query.who }}' },
    },
    { id: 'after', type: 'set', values: { done: true } },
  ]);
  await putFlow('fire', { type: 'webhook' }, [
    { id: 'a', type: 'set', values: { got: '{{ trigger.body.x }}' } },
  ]);
  await putFlow('onSave', { type: 'form', form: 'expense', event: 'saved' }, [
    { id: 'a', type: 'set', values: { id: '{{ trigger.id }}' } },
  ]);
  await putFlow('onCreate', { type: 'form', form: 'expense', event: 'created' }, [
    { id: 'a', type: 'set', values: {} },
  ]);
});
afterEach(async () => {
  await engine.stop();
  await store.close();
});

describe('webhook', () => {
  it('reads an env reference in the secret at each request, and refuses every request while it is unset or empty', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${env:NAME}` syntax of definition files
    const reference = '${env:QIAO_TEST_HOOK_SECRET}';
    await putFlow('envHook', { type: 'webhook', secret: reference }, [
      { id: 'a', type: 'set', values: { got: '{{ trigger.body.x }}' } },
    ]);
    const env: Record<string, string | undefined> = { QIAO_TEST_HOOK_SECRET: 'from-env-1' };
    const handle = createWebhookHandler({ store, engine, env });
    const send = (secret: string) =>
      handle({ flowId: 'envHook', body: { x: 1 }, headers: {}, query: { secret } });
    expect((await send('from-env-1')).status).toBe(202);
    await expect(send(reference)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    env.QIAO_TEST_HOOK_SECRET = 'rotated-2';
    await expect(send('from-env-1')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const rawBody = JSON.stringify({ x: 2 });
    const signature = createHmac('sha256', 'rotated-2').update(rawBody).digest('hex');
    const signed = await handle({
      flowId: 'envHook',
      body: { x: 2 },
      rawBody,
      headers: { 'x-qiao-signature': signature },
      query: {},
    });
    expect(signed.status).toBe(202);
    for (const value of [undefined, '']) {
      env.QIAO_TEST_HOOK_SECRET = value;
      // Nothing opens the flow: not the empty secret, not the reference's own text.
      for (const secret of ['', reference])
        await expect(send(secret)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(
        handle({ flowId: 'envHook', body: {}, rawBody: '{}', headers: {}, query: {} }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('answers with the respond step when the signature matches', async () => {
    const handle = createWebhookHandler({ store, engine });
    const rawBody = JSON.stringify({ items: [1, 2, 3] });
    const signature = `sha256=${createHmac('sha256', 's3cret').update(rawBody).digest('hex')}`;
    const response = await handle({
      flowId: 'echo',
      body: JSON.parse(rawBody),
      rawBody,
      headers: { 'x-qiao-signature': signature, 'content-type': 'application/json' },
      query: { who: '张三' },
    });
    expect(response).toEqual({ status: 201, body: { total: 6, who: '张三' } });
  });

  it('accepts the secret as a query parameter and rejects a bad one', async () => {
    const handle = createWebhookHandler({ store, engine });
    const ok = await handle({
      flowId: 'echo',
      body: { items: [5] },
      headers: {},
      query: { secret: 's3cret' },
    });
    expect(ok.body).toMatchObject({ total: 5 });
    await expect(
      handle({ flowId: 'echo', body: {}, headers: { 'x-qiao-signature': 'abc' }, query: {} }),
    ).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('answers 202 with the run id when the flow does not respond', async () => {
    const handle = createWebhookHandler({ store, engine });
    const response = await handle({
      flowId: 'fire',
      body: { x: 9 },
      headers: {
        authorization: 'Bearer t',
        'x-api-key': 'k-123',
        'X-Auth-Token': 't-9',
        'x-request-id': 'req-1',
        'idempotency-key': 'order-7',
      },
      query: { access_token: 'a-1', page: '2' },
    });
    expect(response.status).toBe(202);
    const runId = (response.body as JsonObject).runId as string;
    const run = await engine.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    // Credentials by their name are stored masked: the flow sees they were sent, the record holds no key.
    expect(run.trigger).toEqual({
      type: 'webhook',
      body: { x: 9 },
      query: { access_token: '***', page: '2' },
      headers: {
        'x-api-key': '***',
        'x-auth-token': '***',
        'x-request-id': 'req-1',
        'idempotency-key': 'order-7',
      },
    });
  });

  it('starts one run per Idempotency-Key, answering a repeat with the first run', async () => {
    const handle = createWebhookHandler({ store, engine });
    const send = (key: string | undefined, x: number) =>
      handle({ flowId: 'fire', body: { x }, headers: key ? { 'idempotency-key': key } : {}, query: {} });
    const first = await send('order-42', 1);
    expect(first.status).toBe(202);
    const runId = (first.body as JsonObject).runId as string;
    await engine.waitForRun(runId);
    const repeat = await send('order-42', 1);
    expect(repeat).toEqual({ status: 200, body: { runId, status: 'succeeded', duplicate: true } });
    // The same key for a different body is refused, not answered with the first run.
    await expect(send('order-42', 2)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Another key, or no key, starts a run of its own.
    const other = await send('order-43', 3);
    const plain = await send(undefined, 4);
    expect(new Set([runId, (other.body as JsonObject).runId, (plain.body as JsonObject).runId]).size).toBe(3);
    const runs = await store.runs.list({ flowId: 'fire' });
    expect(runs).toHaveLength(3);
    expect(runs.find((r) => r.id === runId)?.trigger).toMatchObject({ body: { x: 1 } });
    // The same key on another flow is another event.
    await putFlow('fire2', { type: 'webhook' }, [{ id: 'a', type: 'set', values: {} }]);
    const elsewhere = await handle({
      flowId: 'fire2',
      body: {},
      headers: { 'idempotency-key': 'order-42' },
      query: {},
    });
    expect(elsewhere.status).toBe(202);
    await expect(send('k'.repeat(256), 5)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });

  it('refuses a flow without a webhook trigger', async () => {
    const handle = createWebhookHandler({ store, engine });
    await expect(handle({ flowId: 'onSave', body: {}, headers: {}, query: {} })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('form events', () => {
  it('enqueues the flows whose form trigger matches the event', async () => {
    const forms = createFormTriggers({ store, engine });
    const record = {
      id: 'rec1',
      formId: 'expense',
      formVersion: 1,
      data: { amount: 1 },
      createdAt: 1,
      updatedAt: 1,
      createdBy: null,
    };
    const created = await forms.onFormRecord('expense', 'created', record);
    const updated = await forms.onFormRecord('expense', 'updated', record);
    expect(created).toHaveLength(2);
    expect(updated).toHaveLength(1);
    const run = await engine.waitForRun(updated[0]!);
    expect(run).toMatchObject({ flowId: 'onSave', status: 'succeeded', output: { id: 'rec1' } });
    // One flat shape: the record's fields at the top plus the meta the definition checker accepts.
    expect(run.trigger).toEqual({
      amount: 1,
      id: 'rec1',
      formId: 'expense',
      event: 'updated',
      createdAt: 1,
      updatedAt: 1,
      createdBy: null,
    });
    expect(await forms.onFormRecord('other', 'created', record)).toEqual([]);
  });
});
