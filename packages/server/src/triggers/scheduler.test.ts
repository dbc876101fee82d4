import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../json.ts';
import type { FlowRef } from '../runs/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import type { ScheduledFlow } from './scheduled-flows.ts';
import { createScheduler } from './scheduler.ts';

const T0 = Date.parse('2026-03-02T02:00:30Z');
const MIN = 60_000;
const everyFive: ScheduledFlow = {
  key: 'flow:five',
  ref: 'five',
  cron: '*/5 * * * *',
  timezone: 'Asia/Shanghai',
};

let store: Store;
const enqueued: Array<{ ref: FlowRef; trigger: JsonValue }> = [];
const woken: string[] = [];
const engine = {
  async enqueue(ref: FlowRef, trigger: JsonValue) {
    enqueued.push({ ref, trigger });
    return `run-${enqueued.length}`;
  },
  async wake(runId: string) {
    woken.push(runId);
  },
};

beforeEach(async () => {
  enqueued.length = 0;
  woken.length = 0;
  store = createStore({ file: ':memory:' });
  await store.migrate();
});
afterEach(() => store.close());

function scheduler(now: { t: number }, flows: ScheduledFlow[] = [everyFive]) {
  return createScheduler({ store, engine, clock: { now: () => now.t }, flows: async () => flows });
}

describe('scheduler', () => {
  it('fires the first slot after it was created, once', async () => {
    const clock = { t: T0 };
    const s = scheduler(clock);
    expect(await s.tick()).toEqual([]);
    clock.t = T0 + 4 * MIN + 30_000;
    const fired = await s.tick();
    expect(fired).toEqual([{ key: 'flow:five', slot: Date.parse('2026-03-02T02:05:00Z'), runId: 'run-1' }]);
    expect(await s.tick()).toEqual([]);
    expect(enqueued[0]?.trigger).toMatchObject({ type: 'schedule', scheduledAt: '2026-03-02T02:05:00.000Z' });
    expect(woken).toEqual(['run-1']);
  });

  it('wakes the engine only after the transaction that creates the run commits', async () => {
    const order: string[] = [];
    const logged: Store = {
      ...store,
      transaction: async (work) => {
        const result = await store.transaction(work);
        order.push('commit');
        return result;
      },
    };
    const clock = { t: T0 };
    const s = createScheduler({
      store: logged,
      engine: {
        async enqueue() {
          order.push('enqueue');
          return 'run-x';
        },
        async wake(runId) {
          order.push(`wake ${runId}`);
        },
      },
      clock: { now: () => clock.t },
      flows: async () => [everyFive],
    });
    clock.t = T0 + 5 * MIN;
    expect(await s.tick()).toHaveLength(1);
    expect(order).toEqual(['enqueue', 'commit', 'wake run-x']);
  });

  it('never fires a slot twice across two processes', async () => {
    const clock = { t: T0 };
    const a = scheduler(clock);
    const b = scheduler(clock);
    clock.t = T0 + 5 * MIN;
    const results = await Promise.all([a.tick(), b.tick(), a.tick()]);
    expect(results.flat()).toHaveLength(1);
    expect(enqueued).toHaveLength(1);
  });

  it('fires only the latest missed slot after a restart', async () => {
    await store.schedules.markFired('flow:five', Date.parse('2026-03-02T02:05:00Z'), undefined);
    const clock = { t: Date.parse('2026-03-02T03:17:10Z') };
    const restarted = scheduler(clock);
    const fired = await restarted.tick();
    expect(fired.map((f) => new Date(f.slot).toISOString())).toEqual(['2026-03-02T03:15:00.000Z']);
    expect(await restarted.tick()).toEqual([]);
    expect(await store.schedules.lastFired('flow:five')).toBe(Date.parse('2026-03-02T03:15:00Z'));
  });

  it('reads cron times in the flow timezone', async () => {
    const nineShanghai: ScheduledFlow = {
      key: 'flow:nine',
      ref: 'nine',
      cron: '0 9 * * *',
      timezone: 'Asia/Shanghai',
    };
    const clock = { t: Date.parse('2026-03-02T00:30:00Z') };
    const s = scheduler(clock, [nineShanghai]);
    clock.t = Date.parse('2026-03-02T00:59:59Z');
    expect(await s.tick()).toEqual([]);
    clock.t = Date.parse('2026-03-02T01:00:00Z');
    expect((await s.tick()).map((f) => f.slot)).toEqual([Date.parse('2026-03-02T01:00:00Z')]);
  });

  it('loads scheduled flows from the store when none are given', async () => {
    const def = {
      schemaVersion: 1,
      kind: 'flow',
      id: 'nightly',
      name: 'n',
      trigger: { type: 'schedule', cron: '0 * * * *', timezone: 'UTC' },
      steps: [{ id: 'a', type: 'set', values: {} }],
    };
    await store.documents.put({ kind: 'flow', id: 'nightly', definition: def, now: 1 });
    const clock = { t: Date.parse('2026-03-02T00:30:00Z') };
    const s = createScheduler({ store, engine, clock: { now: () => clock.t } });
    clock.t = Date.parse('2026-03-02T01:00:01Z');
    expect((await s.tick()).map((f) => f.key)).toEqual(['flow:nightly']);
    expect(enqueued[0]?.ref).toEqual({ kind: 'flow', id: 'nightly' });
  });

  it("fires a sync's scheduled backfill with its lookback range, apart from its schedule", async () => {
    const def = {
      schemaVersion: 1,
      kind: 'sync',
      id: 'approvals',
      name: 'a',
      schedule: { cron: '*/5 * * * *', timezone: 'UTC' },
      backfill: { cron: '0 2 * * *', timezone: 'Asia/Shanghai', lookback: '60d' },
    };
    await store.documents.put({ kind: 'sync', id: 'approvals', definition: def, now: 1 });
    const clock = { t: Date.parse('2026-03-01T17:58:00Z') };
    const s = createScheduler({ store, engine, clock: { now: () => clock.t } });
    expect(await s.tick()).toEqual([]);
    // 02:00 in Shanghai is 18:00 UTC: both schedules have a slot then, each fires once.
    clock.t = Date.parse('2026-03-01T18:00:01Z');
    expect((await s.tick()).map((f) => f.key).sort()).toEqual(['sync-backfill:approvals', 'sync:approvals']);
    const slot = Date.parse('2026-03-01T18:00:00Z');
    const backfill = enqueued.find((e) => (e.trigger as { type: string }).type === 'backfill');
    expect(backfill?.trigger).toMatchObject({ from: slot - 60 * 86_400_000, to: slot });
    expect(backfill?.ref).toEqual({ kind: 'sync', id: 'approvals' });
    clock.t += 5 * MIN;
    expect((await s.tick()).map((f) => f.key)).toEqual(['sync:approvals']);
  });

  it('arms a timer that fires the next slot on its own', async () => {
    const fired = new Promise<JsonValue>((resolve) => {
      const s = createScheduler({
        store,
        engine: {
          async enqueue(_ref: FlowRef, trigger: JsonValue) {
            s.stop();
            resolve(trigger);
            return 'run-timer';
          },
          async wake() {},
        },
        flows: async () => [{ key: 'flow:sec', ref: 'sec', cron: '* * * * * *', timezone: 'UTC' }],
      });
      void s.start();
    });
    expect(await fired).toMatchObject({ type: 'schedule' });
    expect(await store.schedules.lastFired('flow:sec')).toBeGreaterThan(0);
  });
});
