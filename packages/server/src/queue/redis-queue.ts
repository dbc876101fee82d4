import type { Redis } from 'ioredis';
import type { RunQueue } from './port.ts';

/** Options of `createRedisQueue`. */
export interface RedisQueueOptions {
  /** The command connection used to publish; the queue duplicates it for its own subscriber. */
  redis: Redis;
  /** Channel prefix shared by the processes of one cluster (default `qiao:`). */
  prefix?: string;
  /** Reports a failed publish or a subscriber error; a lost wake-up only costs one engine poll. */
  onError?: (error: unknown) => void;
}

/** The Redis run queue plus a way to wait until this process's subscription is live. */
export type RedisRunQueue = RunQueue & {
  /** Resolves once the subscriber listens (at once when nothing subscribed yet). */
  ready(): Promise<void>;
};

/**
 * The cluster run queue: `notify` publishes the run id on `<prefix>runs`, every subscribed process
 * wakes and claims from the store (the store stays the only truth, so a wake-up may be lost or
 * duplicated at no cost but latency). `notify` never rejects: the run is already committed.
 */
export function createRedisQueue(options: RedisQueueOptions): RedisRunQueue {
  const channel = `${options.prefix ?? 'qiao:'}runs`;
  const onError = options.onError ?? (() => {});
  const listeners = new Set<(runId: string) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let subscriber: Redis | undefined;
  let subscribed: Promise<void> = Promise.resolve();
  let closed = false;

  const publish = async (runId: string) => {
    if (closed) return;
    try {
      await options.redis.publish(channel, runId);
    } catch (error) {
      onError(error);
    }
  };

  const listen = () => {
    subscriber = options.redis.duplicate();
    subscriber.on('error', onError);
    subscriber.on('message', (from: string, runId: string) => {
      if (from !== channel) return;
      for (const listener of listeners) listener(runId);
    });
    subscribed = subscriber.subscribe(channel).then(
      () => undefined,
      (error: unknown) => onError(error),
    );
  };

  return {
    async notify(runId, at) {
      const delay = at === undefined ? 0 : at - Date.now();
      if (delay <= 0) return publish(runId);
      // A delayed wake-up lives in this process; if it dies, the engine's poll finds the run.
      const timer = setTimeout(() => {
        timers.delete(timer);
        void publish(runId);
      }, delay);
      timer.unref();
      timers.add(timer);
    },
    subscribe(listener) {
      if (!subscriber && !closed) listen();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => subscribed,
    async close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      listeners.clear();
      await subscribed;
      await subscriber?.quit().catch(() => subscriber?.disconnect());
    },
  };
}
