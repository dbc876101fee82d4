import type { Logger } from '../observability/logger.ts';
import type { Runtime } from './create-runtime.ts';

/** How often a server looks for failures without their alert (a `qiao run` killed between the two, say). */
export const ALERT_SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Sweeps up missed alerts (`runtime.alerts.sweep`: failures of the last 24 h whose alert run does not
 * exist) now and then every `everyMs` — other processes on the same store (`qiao run` from cron, a
 * cluster worker) may die between a failure and its alert while this server keeps running. A sweep
 * still under way is not started twice; errors go to the engine's error event. `stop()` ends it.
 */
export function startAlertSweeps(
  runtime: Pick<Runtime, 'alerts' | 'engine'>,
  logger: Logger,
  everyMs = ALERT_SWEEP_EVERY_MS,
): { stop(): void } {
  let busy = false;
  const sweep = () => {
    if (busy) return;
    busy = true;
    void runtime.alerts
      .sweep()
      .then(
        (alerts) => {
          if (alerts > 0) logger.info({ alerts }, 'queued alerts missed earlier');
        },
        (error: unknown) => {
          runtime.engine.events.emit('engine:error', { error });
        },
      )
      .finally(() => {
        busy = false;
      });
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
