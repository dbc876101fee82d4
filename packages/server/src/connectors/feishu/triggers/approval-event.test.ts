import { afterEach, describe, expect, it } from 'vitest';
import { QiaoError } from '../../../errors/index.ts';
import { type LocalServer, startLocalServer } from '../../kit/local-server.ts';
import { sealFeishuEvent } from '../callback-crypto.ts';
import { createFeishuSimulator } from '../simulator/create-feishu-simulator.ts';
import { FEISHU_SIM_DEFAULTS } from '../simulator/defaults.ts';
import {
  type FeishuCallbackEvent,
  urlVerificationReply,
  verifyAndDecryptCallback,
} from './approval-event.ts';

const credentials = {
  verificationToken: FEISHU_SIM_DEFAULTS.verificationToken,
  encryptKey: FEISHU_SIM_DEFAULTS.encryptKey,
};
let receiver: LocalServer | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A receiver wired like the product's callback route: verify, answer the challenge, collect events. */
async function startReceiver(events: FeishuCallbackEvent[], onEvent?: () => void) {
  return startLocalServer((seen) => {
    const headers = Object.fromEntries(Object.entries(seen.headers).map(([k, v]) => [k, String(v)]));
    try {
      const event = verifyAndDecryptCallback({ headers, rawBody: seen.body }, credentials);
      if (event.kind === 'url_verification') return { json: urlVerificationReply(event) };
      events.push(event);
      onEvent?.();
      return { json: {} };
    } catch (error) {
      return { status: 403, json: { error: error instanceof QiaoError ? error.message : 'bad' } };
    }
  });
}

describe('feishu approval callbacks', () => {
  it('answers the encrypted url_verification and receives signed instance events', async () => {
    const events: FeishuCallbackEvent[] = [];
    let arrived: () => void = () => {};
    const twoEvents = new Promise<void>((resolve) => {
      arrived = () => events.length === 2 && resolve();
    });
    receiver = await startReceiver(events, () => arrived());
    const sim = createFeishuSimulator({ instances: 5, subscribed: true });
    expect(await sim.registerCallback({ url: receiver.url })).toBe(true);
    expect(receiver.requests[0]?.headers['x-lark-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(receiver.requests[0]?.body ?? '{}')).toHaveProperty('encrypt');
    const instance = sim.startInstance('E0003');
    sim.endInstance(instance.code, 'APPROVED');
    await twoEvents;
    expect(events.map((e) => [e.kind, e.instanceCode, e.status])).toEqual([
      ['approvalInstance', instance.code, 'PENDING'],
      ['approvalInstance', instance.code, 'APPROVED'],
    ]);
    expect(events[0]?.dedupeKey).toMatch(/^[0-9a-f]{32}$/);
    expect(events[0]?.approvalCode).toBe(sim.options.approvalCode);
  });

  it('does not register a receiver that fails the challenge', async () => {
    receiver = await startLocalServer(() => ({ json: { challenge: 'wrong' } }));
    const sim = createFeishuSimulator({ instances: 5 });
    expect(await sim.registerCallback({ url: receiver.url })).toBe(false);
    expect(sim.state.pusher.target).toBeNull();
  });

  it('rejects a bad signature, a wrong token and a plaintext body when a key is set', () => {
    const plain = JSON.stringify({
      uuid: 'u1',
      token: credentials.verificationToken,
      type: 'event_callback',
      event: { type: 'approval_instance' },
    });
    const sealed = sealFeishuEvent(credentials.encryptKey, plain, '1700000000', 'n');
    expect(
      verifyAndDecryptCallback({ headers: sealed.headers, rawBody: sealed.body }, credentials).dedupeKey,
    ).toBe('u1');
    const tampered = { ...sealed.headers, 'x-lark-signature': '0'.repeat(64) };
    expect(() => verifyAndDecryptCallback({ headers: tampered, rawBody: sealed.body }, credentials)).toThrow(
      /签名/,
    );
    expect(() => verifyAndDecryptCallback({ headers: {}, rawBody: sealed.body }, credentials)).toThrow(
      /签名/,
    );
    const other = sealFeishuEvent(
      credentials.encryptKey,
      plain.replace(credentials.verificationToken, 'other'),
      '1',
      'n',
    );
    expect(() =>
      verifyAndDecryptCallback({ headers: other.headers, rawBody: other.body }, credentials),
    ).toThrow(/Token/);
    expect(() => verifyAndDecryptCallback({ headers: {}, rawBody: plain }, credentials)).toThrow(QiaoError);
    const noKey = { verificationToken: credentials.verificationToken };
    expect(verifyAndDecryptCallback({ headers: {}, rawBody: plain }, noKey).kind).toBe('approvalInstance');
  });
});
