import type { RunQueue } from './port.ts';

/** The embedded queue: announcements go to this process's listeners on the next microtask. */
export function createInProcessQueue(): RunQueue {
  const listeners = new Set<(runId: string) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const deliver = (runId: string) => {
    for (const listener of listeners) listener(runId);
  };
  return {
    async notify(runId, at) {
      const delay = at === undefined ? 0 : at - Date.now();
      if (delay <= 0) {
        queueMicrotask(() => deliver(runId));
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        deliver(runId);
      }, delay);
      timer.unref();
      timers.add(timer);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      listeners.clear();
    },
  };
}
