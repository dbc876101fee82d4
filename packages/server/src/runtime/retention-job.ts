import type { RetentionPolicy, Store } from '../store/port.ts';

const DAY_MS = 86_400_000;

/** Run-history retention of a server: by age and by count per flow (env QIAO_RETENTION_DAYS, QIAO_RETENTION_KEEP). */
export interface RetentionSettings {
  /** Finished runs older than this many days are deleted (default 30; 0 keeps them by age). */
  days: number;
  /** At most this many finished runs are kept per flow (default 1000; 0 keeps them by count). */
  keepLast: number;
  /** How often pruning runs (default hourly). */
  everyMs: number;
}

/** Reads retention settings from the environment; bad values are a clear error. */
export function retentionFromEnv(env: Readonly<Record<string, string | undefined>>): RetentionSettings {
  const number = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0, got "${text}"`);
    return value;
  };
  return {
    days: number('QIAO_RETENTION_DAYS', 30),
    keepLast: Math.floor(number('QIAO_RETENTION_KEEP', 1000)),
    everyMs: number('QIAO_RETENTION_EVERY_MINUTES', 60) * 60_000,
  };
}

/** The store's retention policy for these settings at `now`. */
export function retentionPolicy(settings: RetentionSettings, now: number): RetentionPolicy {
  const policy: RetentionPolicy = { now };
  if (settings.days > 0) policy.olderThan = now - settings.days * DAY_MS;
  if (settings.keepLast > 0) policy.keepLast = settings.keepLast;
  return policy;
}

/** Prunes run history now and then every `everyMs`; `stop()` cancels the timer. */
export function startRetentionJob(
  store: Store,
  settings: RetentionSettings,
  onError: (error: unknown) => void,
): { stop(): void; runOnce(): Promise<{ runsDeleted: number; stepsDeleted: number }> } {
  const runOnce = () => store.pruneRuns(retentionPolicy(settings, Date.now()));
  const tick = () => {
    runOnce().catch(onError);
  };
  const timer = settings.everyMs > 0 ? setInterval(tick, settings.everyMs) : undefined;
  timer?.unref();
  tick();
  return {
    stop: () => clearInterval(timer),
    runOnce,
  };
}
