import type { Dayjs } from 'dayjs';

/** The body of `POST /syncs/{id}/backfill`: ISO date-times with the browser's offset; no `to` = until now. */
export interface BackfillBody {
  from: string;
  to?: string;
}

/** The server's answer: the run it started and the window it reads (epoch ms). */
export interface BackfillStarted {
  runId: string;
  from: number;
  to: number;
}

/** The quick ranges offered, in days back from today. */
export const BACKFILL_PRESETS = [30, 60, 90] as const;

/** ISO 8601 with milliseconds and the local offset, e.g. `2026-09-01T00:00:00.000+08:00`. */
const ISO = 'YYYY-MM-DDTHH:mm:ss.SSSZ';

/** The last `days` days: from the start of the day `days` days before `now` to the end of today. */
export function presetRange(days: number, now: Dayjs): [Dayjs, Dayjs] {
  return [now.subtract(days, 'day').startOf('day'), now.endOf('day')];
}

/**
 * The request body for a picked range of days: `from` = start of the first day, `to` = end of the last day,
 * sent as the start of the next day (as the server reads a date-only `to`). A `to` after `now` is left out:
 * the server then reads until its own now (nothing later can exist yet).
 */
export function backfillBody(range: [Dayjs, Dayjs], now: Dayjs): BackfillBody {
  const from = range[0].startOf('day').format(ISO);
  const end = range[1].add(1, 'day').startOf('day');
  return end.isAfter(now) ? { from } : { from, to: end.format(ISO) };
}

/**
 * Whether a sync definition can be backfilled: the server reads a past range by the source's time field,
 * so a sync without `source.watermark` is refused (400) — the console says why instead of offering it.
 */
export function canBackfill(definition: unknown): boolean {
  if (typeof definition !== 'object' || definition === null) return false;
  const source = (definition as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return false;
  const watermark = (source as { watermark?: unknown }).watermark;
  return typeof watermark === 'object' && watermark !== null;
}
