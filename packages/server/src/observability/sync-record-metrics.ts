import { Counter, type Registry } from 'prom-client';
import type { SyncCounter } from '../sync/context.ts';
import type { SyncMetrics } from '../sync/sync-metrics.ts';

/** Each sync counter: the run-stats field it follows, its metric name and what it counts. */
const RECORD_COUNTERS: ReadonlyArray<[SyncCounter, string, string]> = [
  ['read', 'qiao_sync_records_read_total', 'Source records read (listed or named by the trigger), by sync.'],
  [
    'new',
    'qiao_sync_records_new_total',
    'Records that entered the ledger as pending (new keys, or skipped ones that now pass the filter), by sync.',
  ],
  [
    'skipped',
    'qiao_sync_records_skipped_total',
    'Records the filter left out (ledger status skipped), by sync.',
  ],
  ['written', 'qiao_sync_records_written_total', 'Records written to the target, by sync.'],
  [
    'failed',
    'qiao_sync_records_failed_total',
    'Records that ended failed (their mapping failed or the target refused them), by sync.',
  ],
  [
    'writtenBack',
    'qiao_sync_records_written_back_total',
    'Records whose result was written back to the source system, by sync.',
  ],
];

/** The sync record counters in `registry` (label `sync`: the sync's id, a definition). */
export function createSyncRecordMetrics(registry: Registry): SyncMetrics {
  const counters = RECORD_COUNTERS.map(
    ([field, name, help]) =>
      [field, new Counter({ name, help, labelNames: ['sync'], registers: [registry] })] as const,
  );
  const labels = new Map<string, { sync: string }>();
  return {
    count(syncId, delta) {
      let sync = labels.get(syncId);
      if (sync === undefined) {
        sync = { sync: syncId };
        labels.set(syncId, sync);
      }
      for (const [field, counter] of counters) if (delta[field] > 0) counter.inc(sync, delta[field]);
    },
  };
}
