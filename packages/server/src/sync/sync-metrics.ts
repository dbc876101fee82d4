import { emptyStats, type SyncCounter, type SyncStats } from './context.ts';

/** Where sync runs report their record counts, for metrics (src/observability implements it). */
export interface SyncMetrics {
  /** Records counted by one sync since its last report (`delta`: what the run's stats grew by). */
  count(syncId: string, delta: SyncStats): void;
}

/** Reports what a run's stats grew by since the last report; `flush` is cheap when nothing changed. */
export interface StatsMeter {
  flush(): void;
}

const FIELDS = Object.keys(emptyStats()) as SyncCounter[];

/**
 * Follows a run's stats object (updated in place by the sync) from the values it holds now — counts
 * carried over from an earlier attempt were reported by that attempt — and reports each growth.
 */
export function meterStats(metrics: SyncMetrics, syncId: string, stats: SyncStats): StatsMeter {
  const reported = { ...stats };
  return {
    flush() {
      let delta: SyncStats | undefined;
      for (const field of FIELDS) {
        const grown = stats[field] - reported[field];
        if (grown <= 0) continue;
        delta ??= emptyStats();
        delta[field] = grown;
        reported[field] = stats[field];
      }
      if (delta) metrics.count(syncId, delta);
    },
  };
}
