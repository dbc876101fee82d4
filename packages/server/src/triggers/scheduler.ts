import { Cron } from 'croner';
import type { Clock, Engine } from '../runs/index.ts';
import type { Store } from '../store/port.ts';
import { loadScheduledFlows, type ScheduledFlow } from './scheduled-flows.ts';

/** Options of the cron scheduler. */
export interface SchedulerOptions {
  store: Store;
  /** `enqueue` creates the run inside the fire-mark transaction; `wake` announces it after the commit. */
  engine: Pick<Engine, 'enqueue' | 'wake'>;
  clock?: Clock;
  /** Where the schedules come from (default: enabled flows and syncs in the store). */
  flows?: () => Promise<ScheduledFlow[]>;
  /** Told about a failed timer tick (the next tick tries again). */
  onError?: (error: unknown) => void;
}

/** A slot that fired: the flow, the slot time and the run it enqueued. */
export interface FiredSlot {
  key: string;
  slot: number;
  runId: string;
}

/** The cron scheduler. */
export interface Scheduler {
  /** Fires every due slot at `now` (default: the clock) and returns what fired. */
  tick(now?: number): Promise<FiredSlot[]>;
  /** Arms a timer for the next slot (re-armed after every tick). */
  start(): Promise<void>;
  stop(): void;
}

/**
 * Creates the scheduler. A slot fires only if this process wins `markFired(key, slot, last)`, and
 * in the same transaction as the run it creates: two processes, or a restart, never fire a slot
 * twice. Catch-up policy: after downtime only the latest missed slot fires (once); a flow never
 * fired before starts with the first slot after the scheduler was created.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const clock = options.clock ?? { now: () => Date.now() };
  const flows = options.flows ?? (() => loadScheduledFlows(options.store));
  const since = clock.now();
  const crons = new CronCache();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const tick = async (now = clock.now()) => {
    const fired: FiredSlot[] = [];
    for (const flow of await flows()) {
      const result = await fireSlot(options, crons.of(flow), flow, now, since);
      if (result) fired.push(result);
    }
    return fired;
  };
  const arm = async () => {
    if (!running) return;
    const now = clock.now();
    let next = now + 60_000;
    for (const flow of await flows())
      next = Math.min(next, crons.of(flow).nextRun(new Date(now))?.getTime() ?? next);
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        tick()
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => void arm().catch((error: unknown) => options.onError?.(error)));
      },
      Math.max(0, next - now),
    );
    timer.unref();
  };
  return {
    tick,
    async start() {
      running = true;
      await tick();
      await arm();
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}

/** Parsed cron patterns by pattern and timezone. */
class CronCache {
  readonly #crons = new Map<string, Cron>();

  of(flow: ScheduledFlow): Cron {
    const key = `${flow.cron}|${flow.timezone}`;
    let cron = this.#crons.get(key);
    if (!cron) {
      cron = new Cron(flow.cron, { timezone: flow.timezone, paused: true });
      this.#crons.set(key, cron);
    }
    return cron;
  }
}

/** Fires the latest slot at or before `now` if it is newer than the last firing and this process wins it. */
async function fireSlot(
  options: SchedulerOptions,
  cron: Cron,
  flow: ScheduledFlow,
  now: number,
  since: number,
): Promise<FiredSlot | null> {
  const slot = cron.previousRuns(1, new Date(now + 1))[0]?.getTime();
  if (slot === undefined || slot > now) return null;
  const last = await options.store.schedules.lastFired(flow.key);
  if ((last ?? since) >= slot) return null;
  const fired = await options.store.transaction(async (tx) => {
    if (!(await tx.schedules.markFired(flow.key, slot, last))) return null;
    const when = { slot, scheduledAt: new Date(slot).toISOString(), firedAt: now };
    const trigger =
      flow.lookbackMs === undefined
        ? { type: 'schedule', ...when }
        : { type: 'backfill', from: slot - flow.lookbackMs, to: slot, ...when };
    const runId = await options.engine.enqueue(flow.ref, trigger, { store: tx });
    return { key: flow.key, slot, runId };
  });
  // Only a committed run can be claimed: announce it now (a crash before this leaves it to the poll).
  if (fired) await options.engine.wake(fired.runId);
  return fired;
}
