import { EventEmitter } from 'node:events';

/** One push attempt as the inspection API reports it. */
export interface DeliveryAttempt {
  at: number;
  durationMs: number;
  status: number | null;
  ok: boolean;
  error?: string;
}

/** What every delivery carries: the event, its attempts and where it stands. */
export interface DeliveryRecord {
  event: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

/** Reply deadline of a push and the delays before each re-push of an unanswered event. */
export interface PushSchedule {
  timeoutMs: number;
  retryDelaysMs: number[];
}

/** Sends one payload to a target once; `reply` (the parsed answer) is kept out of the delivery record. */
export type PushSender<T> = (
  target: T,
  payload: Record<string, unknown>,
  timeoutMs: number,
) => Promise<DeliveryAttempt & { reply?: unknown }>;

/** How a system's pusher sends and names its deliveries. */
export interface CallbackPusherOptions<T, D extends DeliveryRecord> {
  schedule: PushSchedule;
  send: PushSender<T>;
  /** Builds the delivery record of a new event (adds the system's id field, e.g. `eventId`, `uuid`). */
  deliveryOf(event: Record<string, unknown>): D;
  /** Whether `reset()` also forgets the registered target (default false). */
  resetForgetsTarget?: boolean;
}

/**
 * Pushes events to the registered target and re-pushes an unanswered one after each delay of the
 * schedule, then marks it failed. Emits `attempt` (delivery, attempt), `delivered` and `failed` (delivery).
 */
export class CallbackPusher<T, D extends DeliveryRecord> extends EventEmitter {
  target: T | null = null;
  readonly deliveries: D[] = [];
  schedule: PushSchedule;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: CallbackPusherOptions<T, D>) {
    super();
    this.schedule = options.schedule;
  }

  /** Queues `event` for delivery; null when no target is registered. */
  push(event: Record<string, unknown>): D | null {
    if (!this.target) return null;
    const delivery = this.options.deliveryOf(event);
    this.deliveries.push(delivery);
    void this.attempt(delivery, this.target, 0);
    return delivery;
  }

  /** Sends one payload once (verification handshakes use this); resolves with the attempt and the reply. */
  sendOnce(target: T, payload: Record<string, unknown>): Promise<DeliveryAttempt & { reply?: unknown }> {
    return this.options.send(target, payload, this.schedule.timeoutMs);
  }

  /** Deliveries not yet delivered or failed. */
  pendingCount(): number {
    return this.deliveries.filter((d) => d.state === 'pending').length;
  }

  /** Cancels re-pushes and forgets deliveries (and the target when so configured). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.deliveries.length = 0;
    if (this.options.resetForgetsTarget) this.target = null;
  }

  private async attempt(delivery: D, target: T, retry: number): Promise<void> {
    const { reply: _reply, ...result } = await this.sendOnce(target, delivery.event);
    // A reset while the push was in flight forgot this delivery: do not record or re-push it.
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

/** Creates a callback pusher for one system (see CallbackPusher). */
export function createCallbackPusher<T, D extends DeliveryRecord>(
  options: CallbackPusherOptions<T, D>,
): CallbackPusher<T, D> {
  return new CallbackPusher(options);
}

/** Outcome of one timed POST: the status and body text, or the error that stopped it. */
export type TimedPostResult =
  | { status: number; text: string; durationMs: number }
  | { error: unknown; durationMs: number };

/** POSTs `body` with a reply deadline; never throws (a timeout or network error comes back as `error`). */
export async function timedPost(
  url: string | URL,
  init: { headers: Record<string, string>; body: string },
  timeoutMs: number,
  clock: () => number = Date.now,
): Promise<TimedPostResult> {
  const started = clock();
  try {
    const response = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, text, durationMs: clock() - started };
  } catch (error) {
    return { error, durationMs: clock() - started };
  }
}
