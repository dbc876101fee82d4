import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isDingtalkSuccessReply, sealDingtalkMessage } from '../callback-crypto.ts';

/** Where and how events are pushed: the receiver's URL, its token, aes_key and the ownerKey (default: appKey). */
export interface CallbackTarget {
  url: string;
  token: string;
  aesKey: string;
  ownerKey: string;
}

/** One push attempt as the inspection API reports it. */
export interface DeliveryAttempt {
  at: number;
  durationMs: number;
  status: number | null;
  ok: boolean;
  error?: string;
}

/** One event and its push attempts. */
export interface Delivery {
  eventId: string;
  event: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

/** Timing of pushes: the reply deadline and the delays before each re-push. */
export interface PushSchedule {
  timeoutMs: number;
  retryDelaysMs: number[];
}

/**
 * Pushes encrypted events to the registered URL as DingTalk's HTTP mode does (reference §7.1):
 * `POST url?msg_signature&timestamp&nonce` with `{"encrypt"}`; a delivery succeeds only when the
 * receiver answers the signed, encrypted "success" within `timeoutMs`, else it is re-pushed after
 * each of `retryDelaysMs`, then marked failed. Emits `attempt`, `delivered` and `failed`.
 */
export class CallbackPusher extends EventEmitter {
  target: CallbackTarget | null = null;
  readonly deliveries: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    public schedule: PushSchedule,
    private readonly now: () => number,
  ) {
    super();
  }

  /** Queues `event` for delivery (null when no URL is registered). */
  push(event: Record<string, unknown>): Delivery | null {
    if (!this.target) return null;
    const delivery: Delivery = {
      eventId: String(event.eventId ?? randomUUID()),
      event,
      attempts: [],
      state: 'pending',
    };
    this.deliveries.push(delivery);
    void this.attempt(delivery, this.target, 0);
    return delivery;
  }

  /** Sends one message once and says whether the receiver answered the encrypted success (used for check_url). */
  async sendOnce(target: CallbackTarget, message: string): Promise<DeliveryAttempt> {
    const sealed = sealDingtalkMessage(target, message, {
      timestamp: String(this.now()),
      nonce: randomBytes(6).toString('hex'),
    });
    const url = new URL(target.url);
    url.searchParams.set('msg_signature', sealed.signature);
    url.searchParams.set('timestamp', sealed.timestamp);
    url.searchParams.set('nonce', sealed.nonce);
    const started = Date.now();
    const at = this.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ encrypt: sealed.encrypt }),
        signal: AbortSignal.timeout(this.schedule.timeoutMs),
      });
      const text = await response.text();
      const ok = response.status === 200 && isDingtalkSuccessReply(target, parseJson(text));
      const attempt: DeliveryAttempt = { at, durationMs: Date.now() - started, status: response.status, ok };
      if (!ok) attempt.error = `reply is not the encrypted "success": ${text.slice(0, 120)}`;
      return attempt;
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no reply within ${this.schedule.timeoutMs} ms`
          : String(error);
      return { at, durationMs: Date.now() - started, status: null, ok: false, error: reason };
    }
  }

  /** Deliveries not yet delivered or failed. */
  pendingCount(): number {
    return this.deliveries.filter((d) => d.state === 'pending').length;
  }

  /** Cancels re-pushes and forgets deliveries (the target stays registered). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.deliveries.length = 0;
  }

  private async attempt(delivery: Delivery, target: CallbackTarget, retry: number): Promise<void> {
    const result = await this.sendOnce(target, JSON.stringify(delivery.event));
    if (!this.deliveries.includes(delivery)) return;
    delivery.attempts.push(result);
    this.emit('attempt', delivery, result);
    if (result.ok) {
      delivery.state = 'delivered';
      this.emit('delivered', delivery);
      return;
    }
    const delay = this.schedule.retryDelaysMs[retry];
    if (delay === undefined) {
      delivery.state = 'failed';
      this.emit('failed', delivery);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, target, retry + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
