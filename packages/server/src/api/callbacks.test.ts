import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDingtalkSuccessReply, sealDingtalkMessage } from '../connectors/dingtalk/callback-crypto.ts';
import { loadDirectory, type QiaoDocument } from '../definitions/index.ts';
import { builtinConnectorModes } from '../runtime/builtin-connectors.ts';
import { createApi } from './index.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../examples/dingtalk-expense-to-k3cloud',
);
const CALLBACK = { token: 'qiaoCallbackToken', aesKey: 'a'.repeat(43), ownerKey: 'dingqiaoappkey' };

/** The example sync with connections whose callback secrets are literal (the API test runtime has no env). */
async function documents(): Promise<QiaoDocument[]> {
  const load = await loadDirectory(EXAMPLE, { builtinConnectors: builtinConnectorModes() });
  const sync = load.documents.map((d) => d.document).filter((d) => d.kind === 'sync');
  const connection = (id: string, connector: string, secrets: Record<string, string>) =>
    ({
      schemaVersion: 1,
      kind: 'connection',
      id,
      connector,
      environment: 'dev',
      config: { baseUrl: 'http://127.0.0.1:9' },
      secrets,
    }) as QiaoDocument;
  return [
    connection('dingtalk', 'dingtalk', {
      appKey: CALLBACK.ownerKey,
      appSecret: 'secret-0123',
      callbackToken: CALLBACK.token,
      callbackAesKey: CALLBACK.aesKey,
    }),
    connection('k3cloud', 'kingdee-k3cloud', { password: 'pw-0123' }),
    ...sync,
  ];
}

function push(message: object, config = CALLBACK) {
  const sealed = sealDingtalkMessage(config, JSON.stringify(message));
  const query = `msg_signature=${sealed.signature}&timestamp=${sealed.timestamp}&nonce=${sealed.nonce}`;
  return { query, body: { encrypt: sealed.encrypt } };
}

describe('system callbacks (POST /callbacks/{connectionId})', () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await createTestApi();
    await api.runtime.documents.applyAll(await documents());
  });
  afterEach(async () => {
    await api.close();
  });

  it('answers the encrypted success and starts a one-instance run of the sync sourcing from that connection', async () => {
    const enqueued = new Promise<string>((done) =>
      api.runtime.engine.events.once('run:enqueued', ({ runId }) => done(runId)),
    );
    const event = {
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-1',
      type: 'finish',
      result: 'agree',
      eventId: 'e1',
    };
    const { query, body } = push(event);
    const answer = await api.call('POST', `/callbacks/dingtalk?${query}`, { token: null, body });
    expect(answer.status).toBe(200);
    expect(isDingtalkSuccessReply(CALLBACK, answer.body)).toBe(true);
    const run = await api.runtime.store.runs.get(await enqueued);
    expect(run).toMatchObject({ flowKind: 'sync', flowId: 'dingtalkExpenseToK3Paybill' });
    expect(run?.trigger).toMatchObject({
      type: 'callback',
      connection: 'dingtalk',
      event: 'finish',
      items: ['PI-1'],
    });
  });

  it('starts nothing for a re-push of the same event or for an instance that only started', async () => {
    const finish = {
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-2',
      type: 'finish',
      eventId: 'e2',
    };
    const start = {
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-3',
      type: 'start',
      eventId: 'e3',
    };
    const first = new Promise<string>((done) =>
      api.runtime.engine.events.once('run:enqueued', ({ runId }) => done(runId)),
    );
    for (const message of [finish, finish, start]) {
      const { query, body } = push(message);
      expect((await api.call('POST', `/callbacks/dingtalk?${query}`, { token: null, body })).status).toBe(
        200,
      );
    }
    await first;
    // A marker push after the others: its run is enqueued after any run the earlier pushes could have started.
    const marker = new Promise<string>((done) =>
      api.runtime.engine.events.once('run:enqueued', ({ runId }) => done(runId)),
    );
    const { query, body } = push({
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-9',
      type: 'finish',
      eventId: 'e9',
    });
    await api.call('POST', `/callbacks/dingtalk?${query}`, { token: null, body });
    await marker;
    const runs = await api.runtime.store.runs.list({ flowId: 'dingtalkExpenseToK3Paybill' });
    const items = runs.map((r) => (r.trigger as { items: string[] }).items[0]).sort();
    expect(items).toEqual(['PI-2', 'PI-9']);
  });

  it('starts nothing for a re-push after a restart (the run id comes from the event)', async () => {
    const finish = {
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-4',
      type: 'finish',
      eventId: 'e4',
    };
    const enqueued = () =>
      new Promise<string>((done) =>
        api.runtime.engine.events.once('run:enqueued', ({ runId }) => done(runId)),
      );
    const first = enqueued();
    const sent = push(finish);
    await api.call('POST', `/callbacks/dingtalk?${sent.query}`, { token: null, body: sent.body });
    await first;
    // A new API over the same store: the receiver's memory of recent pushes is gone, as after a restart.
    const restarted = createApi(api.runtime, { apiToken: 'unused', env: {} });
    const send = async (message: object) => {
      const { query, body } = push(message);
      const res = await restarted.request(`/callbacks/dingtalk?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    };
    await send(finish);
    const marker = enqueued();
    await send({
      EventType: 'bpms_instance_change',
      processInstanceId: 'PI-10',
      type: 'finish',
      eventId: 'e10',
    });
    await marker;
    const runs = await api.runtime.store.runs.list({ flowId: 'dingtalkExpenseToK3Paybill' });
    const items = runs.map((r) => (r.trigger as { items: string[] }).items[0]).sort();
    expect(items).toEqual(['PI-10', 'PI-4']);
  });

  it('rejects a push signed with another token with 403 CALLBACK_REJECTED', async () => {
    const { query, body } = push(
      { EventType: 'bpms_instance_change', processInstanceId: 'PI-4', type: 'finish' },
      { ...CALLBACK, token: 'forged' },
    );
    const answer = await api.call('POST', `/callbacks/dingtalk?${query}`, { token: null, body });
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('CALLBACK_REJECTED');
  });

  it('answers 404 for a connection that cannot receive callbacks', async () => {
    const { query, body } = push({ EventType: 'check_url' });
    expect((await api.call('POST', `/callbacks/k3cloud?${query}`, { token: null, body })).status).toBe(404);
    expect((await api.call('POST', `/callbacks/nowhere?${query}`, { token: null, body })).body.code).toBe(
      'NOT_FOUND',
    );
  });

  it('rejects a body that is not JSON with 400', async () => {
    const answer = await api.call('POST', '/callbacks/dingtalk?msg_signature=x&timestamp=1&nonce=2', {
      token: null,
      body: 'not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
  });
});
