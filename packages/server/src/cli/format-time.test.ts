import { describe, expect, it } from 'vitest';
import { formatTime } from './format-time.ts';

const T = Date.UTC(2026, 10, 3, 6, 5, 9, 750);

describe('formatTime', () => {
  it('prints the wall clock of a zone with its utc offset', () => {
    expect(formatTime(T, 'Asia/Shanghai')).toBe('2026-11-03 14:05:09 +08:00');
    expect(formatTime(T, 'UTC')).toBe('2026-11-03 06:05:09 +00:00');
    expect(formatTime(T, 'Asia/Kolkata')).toBe('2026-11-03 11:35:09 +05:30');
    expect(formatTime(T, 'America/New_York')).toBe('2026-11-03 01:05:09 -05:00');
    // Summer time: the offset of that instant, not of the zone's winter.
    expect(formatTime(Date.UTC(2026, 6, 1, 12), 'America/New_York')).toBe('2026-07-01 08:00:00 -04:00');
  });

  it("prints in the machine's zone when given none", () => {
    const local = new Date(T);
    const pad = (n: number) => String(n).padStart(2, '0');
    const offset = -local.getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const expected =
      `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())} ` +
      `${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())} ` +
      `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
    expect(formatTime(T)).toBe(expected);
  });
});
