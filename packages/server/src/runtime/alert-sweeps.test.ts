import { afterEach, expect, it, vi } from 'vitest';
import { createLogger } from '../observability/logger.ts';
import { EngineEmitter } from '../runs/index.ts';
import { startAlertSweeps } from './alert-sweeps.ts';

afterEach(() => {
  vi.useRealTimers();
});

it('sweeps at once and then every interval, never two sweeps at a time, and reports errors', async () => {
  vi.useFakeTimers();
  let calls = 0;
  let finish: (n: number) => void = () => {};
  const runtime = {
    engine: { events: new EngineEmitter() },
    alerts: {
      sweep: () => {
        calls++;
        return new Promise<number>((resolve) => {
          finish = resolve;
        });
      },
    },
  };
  const errors: unknown[] = [];
  runtime.engine.events.on('engine:error', ({ error }) => errors.push(error));
  const sweeps = startAlertSweeps(runtime as never, createLogger({ level: 'silent' }), 1000);
  expect(calls).toBe(1);
  await vi.advanceTimersByTimeAsync(1000); // the first sweep is still under way: no second one
  expect(calls).toBe(1);
  finish(0);
  await vi.advanceTimersByTimeAsync(1000);
  expect(calls).toBe(2);
  runtime.alerts.sweep = () => {
    calls++;
    return Promise.reject(new Error('store closed'));
  };
  finish(1);
  await vi.advanceTimersByTimeAsync(1000);
  expect(calls).toBe(3);
  expect(errors).toEqual([new Error('store closed')]);
  sweeps.stop();
  await vi.advanceTimersByTimeAsync(5000);
  expect(calls).toBe(3);
});
