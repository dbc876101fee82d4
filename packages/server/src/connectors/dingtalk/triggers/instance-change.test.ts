import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { QiaoError } from '../../../errors/index.ts';
import type { JsonValue } from '../../../json.ts';
import { type LocalServer, startLocalServer } from '../../kit/local-server.ts';
import { sealDingtalkMessage } from '../callback-crypto.ts';
import type { Delivery } from '../simulator/callback-pusher.ts';
import { createDingtalkSimulator } from '../simulator/create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from '../simulator/defaults.ts';
import {
  callbackCredentialsOf,
  callbackReply,
  type DingtalkCallbackCredentials,
  type DingtalkCallbackEvent,
  verifyAndDecryptCallback,
} from './instance-change.ts';

const credentials: DingtalkCallbackCredentials = {
  callbackToken: DINGTALK_SIM_DEFAULTS.callbackToken,
  callbackAesKey: DINGTALK_SIM_DEFAULTS.callbackAesKey,
  appKey: DINGTALK_SIM_DEFAULTS.appKey,
};

let receiver: LocalServer | undefined;
let closeSim: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeSim?.();
  await receiver?.close();
  closeSim = undefined;
  receiver = undefined;
});

/** A receiver wired as the README says: verify + decrypt, reply "success" at once, then hand the event on. */
async function startReceiver(creds: DingtalkCallbackCredentials, events: DingtalkCallbackEvent[]) {
  return startLocalServer((req) => {
    try {
      const query = Object.fromEntries(req.query.entries());
      const event = verifyAndDecryptCallback({ query, body: JSON.parse(req.body) as JsonValue }, creds);
      events.push(event);
      return { json: callbackReply(creds) };
    } catch (error) {
      return { status: 403, json: { error: error instanceof QiaoError ? error.message : String(error) } };
    }
  });
}

async function startSim() {
  const sim = createDingtalkSimulator({ instances: 5, callbackRetryDelaysMs: [] });
  const server = await sim.start();
  closeSim = () => server.close();
  return sim;
}

describe('dingtalk instance-change callback', () => {
  it('answers check_url and acknowledges start and finish pushes from the simulator', async () => {
    const events: DingtalkCallbackEvent[] = [];
    receiver = await startReceiver(credentials, events);
    const sim = await startSim();
    expect(await sim.registerCallback({ url: `${receiver.url}/callbacks/dingtalk` })).toBe(true);
    expect(events[0]).toMatchObject({ kind: 'check_url', eventType: 'check_url' });
    const started = once(sim.state.pusher, 'delivered');
    const instance = sim.startInstance();
    const [startDelivery] = (await started) as [Delivery];
    const finished = once(sim.state.pusher, 'delivered');
    sim.endInstance(instance.id, 'agree');
    const [finishDelivery] = (await finished) as [Delivery];
    expect([startDelivery.state, finishDelivery.state]).toEqual(['delivered', 'delivered']);
    expect(events.slice(1).map((e) => [e.kind, e.processInstanceId, e.type, e.result ?? null])).toEqual([
      ['instanceChange', instance.id, 'start', null],
      ['instanceChange', instance.id, 'finish', 'agree'],
    ]);
    const eventId = String(finishDelivery.event.eventId);
    expect(events[2]?.dedupeKey).toBe(`${instance.id}:finish:${eventId}`);
  });

  it('is not acknowledged when the receiver holds the wrong aes key', async () => {
    const events: DingtalkCallbackEvent[] = [];
    const wrong = { ...credentials, callbackAesKey: 'x'.repeat(43) };
    receiver = await startReceiver(wrong, events);
    const sim = await startSim();
    await sim.registerCallback({ url: receiver.url }, false);
    const failed = once(sim.state.pusher, 'failed');
    sim.startInstance();
    const [delivery] = (await failed) as [Delivery];
    expect(delivery.state).toBe('failed');
    expect(events).toHaveLength(0);
  });

  it('rejects a bad signature, a foreign ownerKey and a missing field with CALLBACK_REJECTED', () => {
    const config = { token: credentials.callbackToken, aesKey: credentials.callbackAesKey };
    const sealed = sealDingtalkMessage({ ...config, ownerKey: 'someone-else' }, '{"EventType":"check_url"}');
    const query = { signature: sealed.signature, timestamp: sealed.timestamp, nonce: sealed.nonce };
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
        return null;
      } catch (error) {
        return error instanceof QiaoError ? [error.code, error.system?.errcode] : String(error);
      }
    };
    expect(
      codeOf(() => verifyAndDecryptCallback({ query, body: { encrypt: sealed.encrypt } }, credentials)),
    ).toEqual(['CALLBACK_REJECTED', 900010]);
    expect(
      codeOf(() =>
        verifyAndDecryptCallback(
          { query: { ...query, signature: 'f'.repeat(40) }, body: { encrypt: sealed.encrypt } },
          credentials,
        ),
      ),
    ).toEqual(['CALLBACK_REJECTED', 900005]);
    expect(codeOf(() => verifyAndDecryptCallback({ query: {}, body: {} }, credentials))).toEqual([
      'CALLBACK_REJECTED',
      900003,
    ]);
    // The old `signature` name is accepted, and a corpId owner matches when configured.
    const ok = verifyAndDecryptCallback(
      { query, body: { encrypt: sealed.encrypt } },
      { ...credentials, corpId: 'someone-else' },
    );
    expect(ok.kind).toBe('check_url');
  });

  it('reads callback credentials from connection secrets', () => {
    expect(
      callbackCredentialsOf({ callbackToken: 't', callbackAesKey: 'k', appKey: 'a', appSecret: 's' }),
    ).toEqual({
      callbackToken: 't',
      callbackAesKey: 'k',
      appKey: 'a',
    });
    expect(() => callbackCredentialsOf({ appKey: 'a' })).toThrow(QiaoError);
  });
});
