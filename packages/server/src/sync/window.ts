import { durationToMs, isDuration } from '../definitions/duration.ts';
import type { SyncDefinition } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { SyncState } from '../store/port.ts';

/** The time window one pass over the source reads (epoch ms, inclusive bounds handed to the source). */
export interface SyncWindow {
  from: number;
  to: number;
  /** True when `to` was cut short by maxWindow (another window follows in the same run). */
  capped: boolean;
}

/** Resumable progress inside a window, stored in `SyncState.cursor`. */
export interface WindowProgress {
  /** The cursor of the next page to read (null: the first page). */
  next: JsonValue;
  /** Pages already read in this window. */
  pages: number;
  /** The latest record time seen so far in this window. */
  maxSeen: number | null;
}

type Watermark = NonNullable<SyncDefinition['source']['watermark']>;

export { isDuration };

/** Parses a duration (`500ms`, `10m`, `120d`, or a number of ms) into milliseconds. */
export function parseDuration(value: number | string): number {
  const ms = durationToMs(value);
  if (ms === undefined) throw new QiaoError('DEFINITION_INVALID', `无效的时长 / invalid duration "${value}"`);
  return ms;
}

/** The start of the very first window: `initial` as epoch ms, an ISO date, or a duration back from now. */
export function initialFrom(watermark: Watermark, now: number): number {
  const initial = watermark.initial;
  if (initial === undefined) return 0;
  if (typeof initial === 'number') return initial;
  if (isDuration(initial)) return now - parseDuration(initial);
  const parsed = Date.parse(initial);
  if (Number.isNaN(parsed))
    throw new QiaoError('DEFINITION_INVALID', `无效的初始时间 / invalid watermark.initial "${initial}"`);
  return parsed;
}

/** Computes the next window: from = watermark − overlap (or `initial`), to = now capped by maxWindow. */
export function nextWindow(watermark: Watermark, stored: number | null, now: number): SyncWindow {
  const overlap = parseDuration(watermark.overlap);
  const from = stored === null ? initialFrom(watermark, now) : Math.max(0, stored - overlap);
  if (watermark.maxWindow === undefined) return { from, to: Math.max(from, now), capped: false };
  const max = parseDuration(watermark.maxWindow);
  if (max <= overlap) {
    throw new QiaoError('DEFINITION_INVALID', `maxWindow 必须大于 overlap / maxWindow must exceed overlap`);
  }
  const to = Math.min(now, from + max);
  return { from, to: Math.max(from, to), capped: to < now };
}

/**
 * The watermark after a window completed: the window's end when it was capped (everything up to it
 * was read), else the latest record time seen (or `to` when the window had none); never backwards.
 */
export function advanceWatermark(
  previous: number | null,
  window: SyncWindow,
  maxSeen: number | null,
): number {
  const candidate = window.capped ? window.to : (maxSeen ?? window.to);
  return previous === null ? candidate : Math.max(previous, candidate);
}

/** Reads the in-progress window and page progress out of a stored sync state, if a window is open. */
export function openWindow(
  state: SyncState | undefined,
): { window: SyncWindow; progress: WindowProgress } | undefined {
  if (!state || state.windowFrom === null || state.windowTo === null) return undefined;
  const cursor = state.cursor as (Partial<WindowProgress> & { capped?: boolean }) | null;
  return {
    window: { from: state.windowFrom, to: state.windowTo, capped: cursor?.capped === true },
    progress: { next: cursor?.next ?? null, pages: cursor?.pages ?? 0, maxSeen: cursor?.maxSeen ?? null },
  };
}

/** Builds the state stored after a page: the open window and where to resume. */
export function progressState(
  syncId: string,
  watermark: number | null,
  window: SyncWindow,
  progress: WindowProgress,
  now: number,
): SyncState {
  return {
    syncId,
    watermark,
    cursor: { next: progress.next, pages: progress.pages, maxSeen: progress.maxSeen, capped: window.capped },
    windowFrom: window.from,
    windowTo: window.to,
    updatedAt: now,
  };
}

/** Converts a record time (epoch ms number, numeric string or date string) to epoch ms. */
export function toEpochMs(value: JsonValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return asNumber;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}
