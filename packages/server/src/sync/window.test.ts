import { describe, expect, it } from 'vitest';
import {
  advanceWatermark,
  nextWindow,
  openWindow,
  parseDuration,
  progressState,
  toEpochMs,
} from './window.ts';

const DAY = 86_400_000;
const base = { field: 'updatedAt', fromParam: 'start_time', overlap: '10m' as string | number };

describe('window', () => {
  it('parses durations', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('120d')).toBe(120 * DAY);
    expect(parseDuration(42)).toBe(42);
    expect(() => parseDuration('ten minutes')).toThrow(/invalid duration/);
  });

  it('starts the first window at initial and later ones at watermark minus overlap', () => {
    const now = 1_000 * DAY;
    expect(nextWindow({ ...base, initial: '30d' }, null, now)).toEqual({
      from: now - 30 * DAY,
      to: now,
      capped: false,
    });
    expect(nextWindow({ ...base, initial: 5 }, null, now).from).toBe(5);
    expect(nextWindow(base, now - DAY, now)).toEqual({ from: now - DAY - 600_000, to: now, capped: false });
  });

  it('caps a window at maxWindow (the dingtalk 120-day limit)', () => {
    const now = 1_000 * DAY;
    const window = nextWindow({ ...base, initial: 0, maxWindow: '120d' }, null, now);
    expect(window).toEqual({ from: 0, to: 120 * DAY, capped: true });
    expect(() => nextWindow({ ...base, maxWindow: '5m' }, 0, now)).toThrow(/maxWindow/);
  });

  it('advances the watermark to the latest record, or the window end, never backwards', () => {
    expect(advanceWatermark(100, { from: 0, to: 500, capped: false }, 300)).toBe(300);
    expect(advanceWatermark(100, { from: 0, to: 500, capped: false }, null)).toBe(500);
    expect(advanceWatermark(400, { from: 0, to: 500, capped: false }, 300)).toBe(400);
    expect(advanceWatermark(null, { from: 0, to: 500, capped: true }, 300)).toBe(500);
  });

  it('round-trips an open window through the stored sync state', () => {
    const window = { from: 10, to: 20, capped: true };
    const progress = { next: 'c2', pages: 2, maxSeen: 15 };
    const state = progressState('s', 5, window, progress, 99);
    expect(openWindow(state)).toEqual({ window, progress });
    expect(openWindow({ ...state, windowFrom: null })).toBeUndefined();
  });

  it('reads record times as epoch ms', () => {
    expect(toEpochMs(1700000000000)).toBe(1700000000000);
    expect(toEpochMs('1700000000000')).toBe(1700000000000);
    expect(toEpochMs('2024-01-01T00:00:00Z')).toBe(Date.UTC(2024, 0, 1));
    expect(toEpochMs('soon')).toBeNull();
    expect(toEpochMs(null)).toBeNull();
  });
});
