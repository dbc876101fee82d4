import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CallbackPusher,
  createCallbackPusher,
  type DeliveryAttempt,
  type DeliveryRecord,
  type PushSchedule,
  timedPost,
} from '../../simulator-kit/index.ts';
import { isDingtalkSuccessReply, sealDingtalkMessage } from '../callback-crypto.ts';

export type { DeliveryAttempt, PushSchedule } from '../../simulator-kit/index.ts';

/** Where and how events are pushed: the receiver's URL, its token, aes_key and the ownerKey (default: appKey). */
export interface CallbackTarget {
  url: string;
  token: string;
  aesKey: string;
  ownerKey: string;
}

/** One event and its push attempts. */
export interface Delivery extends DeliveryRecord {
  eventId: string;
}

/** The DingTalk pusher (the kit's re-push engine with DingTalk's sealing). */
export type DingtalkPusher = CallbackPusher<CallbackTarget, Delivery>;

/**
 * Pushes encrypted events to the registered URL as DingTalk's HTTP mode does (reference §7.1):
 * `POST url?msg_signature&timestamp&nonce` with `{"encrypt"}`; a delivery succeeds only when the
 * receiver answers the signed, encrypted "success" within the deadline, else it is re-pushed after
 * each of `retryDelaysMs`, then marked failed. Emits `attempt`, `delivered` and `failed`.
 */
export function createDingtalkPusher(schedule: PushSchedule, now: () => number): DingtalkPusher {
  return createCallbackPusher({
    schedule,
    send: (target, payload, timeoutMs) => sendSealed(target, JSON.stringify(payload), timeoutMs, now),
    deliveryOf: (event) => ({
      eventId: String(event.eventId ?? randomUUID()),
      event,
      attempts: [],
      state: 'pending',
    }),
  });
}

/** Sends one message once and says whether the receiver answered the encrypted success. */
async function sendSealed(
  target: CallbackTarget,
  message: string,
  timeoutMs: number,
  now: () => number,
): Promise<DeliveryAttempt> {
  const sealed = sealDingtalkMessage(target, message, {
    timestamp: String(now()),
    nonce: randomBytes(6).toString('hex'),
  });
  const url = new URL(target.url);
  url.searchParams.set('msg_signature', sealed.signature);
  url.searchParams.set('timestamp', sealed.timestamp);
  url.searchParams.set('nonce', sealed.nonce);
  const at = now();
  const headers = { 'content-type': 'application/json' };
  const result = await timedPost(
    url,
    { headers, body: JSON.stringify({ encrypt: sealed.encrypt }) },
    timeoutMs,
  );
  if ('error' in result) {
    const name = result.error instanceof Error ? result.error.name : '';
    const reason =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no reply within ${timeoutMs} ms`
        : String(result.error);
    return { at, durationMs: result.durationMs, status: null, ok: false, error: reason };
  }
  const ok = result.status === 200 && isDingtalkSuccessReply(target, parseJson(result.text));
  const attempt: DeliveryAttempt = { at, durationMs: result.durationMs, status: result.status, ok };
  if (!ok) attempt.error = `reply is not the encrypted "success": ${result.text.slice(0, 120)}`;
  return attempt;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
