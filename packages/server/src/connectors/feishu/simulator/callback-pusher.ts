import { randomBytes } from 'node:crypto';
import {
  type CallbackPusher,
  createCallbackPusher,
  type DeliveryAttempt,
  type DeliveryRecord,
  type PushSchedule,
  timedPost,
} from '../../simulator-kit/index.ts';
import { sealFeishuEvent } from '../callback-crypto.ts';

export type { DeliveryAttempt, PushSchedule } from '../../simulator-kit/index.ts';

/** The receiver of events: URL, Verification Token and Encrypt Key ('' = plaintext, unsigned). */
export interface CallbackTarget {
  url: string;
  verificationToken: string;
  encryptKey: string;
}

/** One event and its attempts. */
export interface Delivery extends DeliveryRecord {
  uuid: string;
}

/** The Feishu pusher (the kit's re-push engine with Feishu's sealing). */
export type FeishuPusher = CallbackPusher<CallbackTarget, Delivery>;

/**
 * Posts events as Feishu's HTTP subscription does (reference §3): the JSON body, encrypted as
 * `{"encrypt"}` and signed with `X-Lark-*` headers when an Encrypt Key is set. A delivery succeeds
 * on HTTP 200 within the deadline; otherwise it is re-pushed (same `uuid`) after each delay, then
 * failed; `reset()` also forgets the receiver. Emits `attempt`, `delivered`, `failed` with the delivery.
 */
export function createFeishuPusher(schedule: PushSchedule, now: () => number): FeishuPusher {
  return createCallbackPusher({
    schedule,
    send: (target, payload, timeoutMs) => sendEvent(target, payload, timeoutMs, now),
    deliveryOf: (event) => ({ uuid: String(event.uuid), event, attempts: [], state: 'pending' }),
    resetForgetsTarget: true,
  });
}

/** Sends one payload once; resolves with the status and the parsed reply body. */
async function sendEvent(
  target: CallbackTarget,
  payload: Record<string, unknown>,
  timeoutMs: number,
  now: () => number,
): Promise<DeliveryAttempt & { reply?: unknown }> {
  const plaintext = JSON.stringify(payload);
  const started = now();
  const timestamp = String(Math.floor(started / 1000));
  const sealed = target.encryptKey
    ? sealFeishuEvent(target.encryptKey, plaintext, timestamp, randomBytes(8).toString('hex'))
    : { body: plaintext, headers: {} };
  const headers = { 'content-type': 'application/json; charset=utf-8', ...sealed.headers };
  const result = await timedPost(target.url, { headers, body: sealed.body }, timeoutMs, now);
  if ('error' in result) {
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    return { at: started, durationMs: result.durationMs, status: null, ok: false, error: message };
  }
  let reply: unknown;
  try {
    reply = JSON.parse(result.text);
  } catch {
    reply = result.text;
  }
  const ok = result.status === 200;
  return { at: started, durationMs: result.durationMs, status: result.status, ok, reply };
}
