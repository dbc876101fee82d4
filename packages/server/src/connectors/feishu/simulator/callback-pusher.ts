import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sealFeishuEvent } from '../callback-crypto.ts';

/** The receiver of events: URL, Verification Token and Encrypt Key ('' = plaintext, unsigned). */
export interface CallbackTarget {
  url: string;
  verificationToken: string;
  encryptKey: string;
}

/** One push attempt as the inspection API shows it. */
export interface DeliveryAttempt {
  at: number;
  durationMs: number;
  status: number | null;
  ok: boolean;
  error?: string;
}

/** One event and its attempts. */
export interface Delivery {
  uuid: string;
  event: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

/** Reply deadline and the delays before each re-push of an unanswered event. */
export interface PushSchedule {
  timeoutMs: number;
  retryDelaysMs: number[];
}

/**
 * Posts events as Feishu's HTTP subscription does (reference §3): the JSON body, encrypted as
 * `{"encrypt"}` and signed with `X-Lark-*` headers when an Encrypt Key is set. A delivery succeeds
 * on HTTP 200 within `timeoutMs`; otherwise it is re-pushed (same `uuid`) after each delay, then
 * failed. Emits `attempt`, `delivered`, `failed` with the delivery.
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

  /** Queues `event` (its `uuid` is the dedupe key) for delivery; null when no receiver is registered. */
  push(event: Record<string, unknown>): Delivery | null {
    if (!this.target) return null;
    const delivery: Delivery = { uuid: String(event.uuid), event, attempts: [], state: 'pending' };
    this.deliveries.push(delivery);
    void this.attempt(delivery, this.target, 0);
    return delivery;
  }

  /** Sends one payload once; resolves with the status and the parsed reply body. */
  async sendOnce(
    target: CallbackTarget,
    payload: Record<string, unknown>,
  ): Promise<DeliveryAttempt & { reply?: unknown }> {
    const plaintext = JSON.stringify(payload);
    const started = this.now();
    const timestamp = String(Math.floor(started / 1000));
    const sealed = target.encryptKey
      ? sealFeishuEvent(target.encryptKey, plaintext, timestamp, randomBytes(8).toString('hex'))
      : { body: plaintext, headers: {} };
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...sealed.headers },
        body: sealed.body,
        signal: AbortSignal.timeout(this.schedule.timeoutMs),
      });
      const text = await response.text();
      let reply: unknown;
      try {
        reply = JSON.parse(text);
      } catch {
        reply = text;
      }
      const ok = response.status === 200;
      return { at: started, durationMs: this.now() - started, status: response.status, ok, reply };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { at: started, durationMs: this.now() - started, status: null, ok: false, error: message };
    }
  }

  /** Cancels pending re-pushes and forgets deliveries. */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.deliveries.length = 0;
    this.target = null;
  }

  private async attempt(delivery: Delivery, target: CallbackTarget, retry: number): Promise<void> {
    const { reply: _reply, ...attempt } = await this.sendOnce(target, delivery.event);
    delivery.attempts.push(attempt);
    this.emit('attempt', delivery);
    if (attempt.ok) {
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
