import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dingtalkSuccessReply, openDingtalkMessage } from '../callback-crypto.ts';
import type { Delivery } from './callback-pusher.ts';
import { DINGTALK_SIM_DEFAULTS } from './defaults.ts';
import { jsonOf, type SimulatorHarness, startSimulatorHarness } from './testing.ts';

const config = {
  token: DINGTALK_SIM_DEFAULTS.callbackToken,
  aesKey: DINGTALK_SIM_DEFAULTS.callbackAesKey,
  ownerKey: DINGTALK_SIM_DEFAULTS.appKey,
};

/** A receiver that decrypts each push and answers per `behaviour(n)`: reply success, reply junk, or hang. */
async function receiver(behaviour: (n: number) => 'success' | 'junk' | 'hang') {
  const received: Record<string, unknown>[] = [];
  const hung: (() => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://x');
    const sealed = {
      signature: url.searchParams.get('msg_signature') ?? '',
      timestamp: url.searchParams.get('timestamp') ?? '',
      nonce: url.searchParams.get('nonce') ?? '',
      encrypt: JSON.parse(body).encrypt,
    };
    received.push(JSON.parse(openDingtalkMessage(config, sealed)));
    const mode = behaviour(received.length);
    if (mode === 'hang') {
      hung.push(() => res.end());
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(mode === 'success' ? JSON.stringify(dingtalkSuccessReply(config)) : '{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dingtalk/callback`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((done) => {
        for (const h of hung) h();
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

let h: SimulatorHarness | undefined;
let rx: Awaited<ReturnType<typeof receiver>> | undefined;
afterEach(async () => {
  await h?.server.close();
  await rx?.close();
});

const settled = (h: SimulatorHarness, kind: 'delivered' | 'failed') =>
  once(h.sim.state.pusher, kind).then(([d]) => d as Delivery);

describe('dingtalk simulator callbacks', () => {
  it('verifies the url with check_url, then pushes encrypted start and finish events', async () => {
    rx = await receiver(() => 'success');
    h = await startSimulatorHarness({ callbackRetryDelaysMs: [] });
    const reg = await fetch(`${h.url}/__sim/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: rx.url }),
    });
    expect(await reg.json()).toEqual({ registered: true });
    expect(rx.received[0]).toEqual({ EventType: 'check_url' });
    const startDelivered = settled(h, 'delivered');
    const created = await fetch(`${h.url}/__sim/instances`, { method: 'POST' }).then(jsonOf);
    await startDelivered;
    const finishDelivered = settled(h, 'delivered');
    await fetch(`${h.url}/__sim/instances/${created.processInstanceId}/end`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"outcome":"agree"}',
    });
    await finishDelivered;
    const [start, finish] = rx.received.slice(1);
    expect(start).toMatchObject({
      EventType: 'bpms_instance_change',
      type: 'start',
      processInstanceId: created.processInstanceId,
      processCode: h.sim.options.processCode,
      corpId: h.sim.options.corpId,
      bizCategoryId: '',
    });
    expect(start?.result).toBeUndefined();
    expect(finish).toMatchObject({
      type: 'finish',
      result: 'agree',
      staffId: start?.staffId,
      title: start?.title,
    });
    expect(typeof finish?.createTime).toBe('number');
    expect(finish?.finishTime as number).toBeGreaterThanOrEqual(finish?.createTime as number);
  });

  it('refuses to register a url that does not answer the encrypted success', async () => {
    rx = await receiver(() => 'junk');
    h = await startSimulatorHarness();
    const reg = await fetch(`${h.url}/__sim/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: rx.url }),
    });
    expect(reg.status).toBe(400);
    expect(h.sim.state.pusher.target).toBeNull();
  });

  it('re-pushes the same event when the receiver is too slow or answers wrongly', async () => {
    rx = await receiver((n) => (n === 1 ? 'hang' : n === 2 ? 'junk' : 'success'));
    h = await startSimulatorHarness({ callbackTimeoutMs: 150, callbackRetryDelaysMs: [10, 10, 10] });
    await h.sim.registerCallback({ url: rx.url }, false);
    const delivered = settled(h, 'delivered');
    const instance = h.sim.startInstance();
    const delivery = await delivered;
    expect(delivery.attempts.map((a) => a.ok)).toEqual([false, false, true]);
    expect(delivery.attempts[0]?.error).toMatch(/no reply within 150 ms/);
    expect(rx.received.map((e) => e.eventId)).toEqual([delivery.eventId, delivery.eventId, delivery.eventId]);
    expect(rx.received.every((e) => e.processInstanceId === instance.id)).toBe(true);
  });

  it('marks a delivery failed after the last retry and serves it from get_call_back_failed_result', async () => {
    rx = await receiver(() => 'junk');
    h = await startSimulatorHarness({ callbackRetryDelaysMs: [5] });
    await h.sim.registerCallback({ url: rx.url }, false);
    const failed = settled(h, 'failed');
    const instance = h.sim.startInstance();
    expect((await failed).attempts.length).toBe(2);
    const token = await h.legacyToken();
    const r = await fetch(`${h.url}/call_back/get_call_back_failed_result?access_token=${token}`).then(
      jsonOf,
    );
    expect(r.errcode).toBe(0);
    expect(r.failed_list[0].bpms_instance_change.processInstanceId).toBe(instance.id);
  });

  it('generates live instances that fire start and finish events', async () => {
    rx = await receiver(() => 'success');
    h = await startSimulatorHarness({ finishAfterMs: 5 });
    await h.sim.registerCallback({ url: rx.url }, false);
    const ended = new Promise<void>((resolve) => {
      h?.sim.state.pusher.on('delivered', (d: Delivery) => d.event.type !== 'start' && resolve());
    });
    h.sim.generator.start(200);
    await ended;
    h.sim.generator.stop();
    expect(h.sim.state.store.liveCount()).toBeGreaterThan(0);
    expect(rx.received.some((e) => e.type === 'finish' || e.type === 'terminate')).toBe(true);
  });
});
