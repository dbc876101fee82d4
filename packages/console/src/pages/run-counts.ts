import type { MessageKey } from '../i18n/messages.ts';

/** One counter of a sync run as the run page shows it. */
export interface RunCount {
  key: string;
  label: MessageKey;
  value: number;
}

const ORDER: Array<[key: string, label: MessageKey]> = [
  ['read', 'runCounts.read'],
  ['new', 'runCounts.new'],
  ['known', 'runCounts.known'],
  ['skipped', 'runCounts.skipped'],
  ['written', 'runCounts.written'],
  // Of `written`: records the target already held, adopted (`target.onDuplicate: adopt`); only when counted.
  ['adopted', 'runCounts.adopted'],
  ['failed', 'runCounts.failed'],
  ['writtenBack', 'runCounts.writtenBack'],
];

/**
 * A sync run's counters in reading order, with "already in the ledger" worked out (`read − new`: records
 * read again — a window's overlap, a backfill — that the ledger kept from being written twice). Empty
 * when the stats are not a sync's. `adopted` (records adopted from the target, among `written`) is listed
 * only when the stats hold it.
 */
export function syncRunCounts(stats: unknown): RunCount[] {
  if (typeof stats !== 'object' || stats === null) return [];
  const s = stats as Record<string, unknown>;
  if (typeof s.read !== 'number') return [];
  const values: Record<string, number> = {};
  for (const [key] of ORDER) if (typeof s[key] === 'number') values[key] = s[key] as number;
  if (typeof s.new === 'number') values.known = Math.max(0, s.read - s.new);
  return ORDER.filter(([key]) => values[key] !== undefined).map(([key, label]) => ({
    key,
    label,
    value: values[key] ?? 0,
  }));
}
