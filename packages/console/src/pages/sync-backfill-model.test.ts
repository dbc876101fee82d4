import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { BACKFILL_PRESETS, backfillBody, canBackfill, presetRange } from './sync-backfill-model.ts';

const now = dayjs(new Date(2026, 9, 15, 14, 30, 5, 123)); // 2026-10-15 14:30:05.123 local time
const offset = now.format('Z');

describe('backfill model', () => {
  it('sends the start of the first day and the end of the last day (next midnight) with the local offset', () => {
    const body = backfillBody([dayjs(new Date(2026, 8, 1, 9, 12)), dayjs(new Date(2026, 8, 30, 8))], now);
    expect(body).toEqual({
      from: `2026-09-01T00:00:00.000${offset}`,
      to: `2026-10-01T00:00:00.000${offset}`,
    });
    expect(Date.parse(body.from)).toBe(new Date(2026, 8, 1).getTime());
    expect(Date.parse(body.to ?? '')).toBe(new Date(2026, 9, 1).getTime());
  });
  it('leaves `to` out when the range reaches today (the server reads until now)', () => {
    expect(backfillBody([dayjs(new Date(2026, 9, 1)), now], now)).toEqual({
      from: `2026-10-01T00:00:00.000${offset}`,
    });
    expect(backfillBody([dayjs(new Date(2026, 9, 1)), now.add(3, 'day')], now).to).toBeUndefined();
    expect(backfillBody([dayjs(new Date(2026, 9, 1)), now.subtract(1, 'day')], now).to).toBe(
      `2026-10-15T00:00:00.000${offset}`,
    );
  });
  it('keeps a one-day range whole', () => {
    const day = dayjs(new Date(2026, 9, 14, 16));
    const body = backfillBody([day, day], now);
    expect(Date.parse(body.to ?? '') - Date.parse(body.from)).toBe(24 * 3600_000);
  });
  it('turns a preset into whole days ending today', () => {
    expect(BACKFILL_PRESETS).toEqual([30, 60, 90]);
    const [from, to] = presetRange(30, now);
    expect(from.format('YYYY-MM-DD HH:mm:ss.SSS')).toBe('2026-09-15 00:00:00.000');
    expect(to.format('YYYY-MM-DD HH:mm:ss.SSS')).toBe('2026-10-15 23:59:59.999');
    expect(backfillBody(presetRange(90, now), now)).toEqual({ from: `2026-07-17T00:00:00.000${offset}` });
  });
  it('offers a backfill only for a sync whose source has a watermark', () => {
    expect(canBackfill({ source: { watermark: { field: 'createTimeMs' } } })).toBe(true);
    expect(canBackfill({ source: { operation: 'list' } })).toBe(false);
    expect(canBackfill({ source: { watermark: null } })).toBe(false);
    expect(canBackfill({})).toBe(false);
    expect(canBackfill(undefined)).toBe(false);
  });
});
