import { describe, expect, it } from 'vitest';
import { backfillRange, instantOf } from './backfill-range.ts';

const now = Date.parse('2026-11-22T12:00:00Z');
const shanghai = { now, timeZone: 'Asia/Shanghai' };

describe('backfill range', () => {
  it('reads dates as whole days in the time zone', () => {
    expect(instantOf('2026-09-01', 'from', shanghai)).toBe(Date.parse('2026-09-01T00:00:00+08:00'));
    expect(instantOf('2026-09-30', 'to', shanghai)).toBe(Date.parse('2026-10-01T00:00:00+08:00'));
    const berlin = { now, timeZone: 'Europe/Berlin' };
    // Across the daylight-saving change (Berlin: +02:00 in March after the 29th, +01:00 before).
    expect(instantOf('2026-03-29', 'from', berlin)).toBe(Date.parse('2026-03-29T00:00:00+01:00'));
    expect(instantOf('2026-03-30', 'from', berlin)).toBe(Date.parse('2026-03-30T00:00:00+02:00'));
  });

  it('takes epoch ms, ISO date-times and durations back from now', () => {
    expect(instantOf(1_700_000_000_000, 'from', shanghai)).toBe(1_700_000_000_000);
    expect(instantOf('2026-09-01T08:30:00+08:00', 'from', shanghai)).toBe(Date.parse('2026-09-01T00:30:00Z'));
    expect(instantOf('60d', 'from', shanghai)).toBe(now - 60 * 86_400_000);
  });

  it('takes a duration back from now also written with "ago", as `qiao run --help` offers it', () => {
    expect(instantOf('20d ago', 'from', shanghai)).toBe(now - 20 * 86_400_000);
    expect(instantOf('  12h  AGO ', 'from', shanghai)).toBe(now - 12 * 3_600_000);
    expect(instantOf('30m ago', 'to', shanghai)).toBe(now - 30 * 60_000);
    expect(backfillRange({ from: '60d ago', to: '1d ago' }, { now })).toEqual({
      from: now - 60 * 86_400_000,
      to: now - 86_400_000,
    });
    for (const text of ['ago', '20 ago', '20d ago ago', 'd ago', '2026-09-01 ago', '20dago'])
      expect(() => instantOf(text, 'from', shanghai), text).toThrow(/60d ago/);
  });

  it('refuses what is not a time, days that do not exist and empty ranges', () => {
    expect(() => instantOf('yesterday', 'from', shanghai)).toThrow(/INPUT_INVALID|无效/);
    expect(() => instantOf('2026-02-30', 'from', shanghai)).toThrow(/2026-02-30/);
    expect(() => backfillRange({ from: '2026-12-01' }, { now })).toThrow(/empty backfill range/);
    expect(() => backfillRange({ from: '2026-09-02', to: '2026-09-01' }, { now })).toThrow(/empty/);
  });

  it('ends at now by default and never in the future', () => {
    expect(backfillRange({ from: '30d' }, { now })).toEqual({ from: now - 30 * 86_400_000, to: now });
    expect(backfillRange({ from: '2026-11-01', to: '2027-01-01' }, { now }).to).toBe(now);
  });
});

describe('an empty backfill range', () => {
  const message = (given: { from: string | number; to?: string | number }, timeZone?: string) => {
    try {
      backfillRange(given, { now, timeZone });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an empty range');
  };

  it('names the dates as they were given, not as UTC instants', () => {
    expect(message({ from: '2026-10-01', to: '2026-09-01' })).toBe(
      '补数范围为空：开始 2026-10-01 不早于结束 2026-09-01 / empty backfill range: from 2026-10-01 is not before to 2026-09-01',
    );
    expect(message({ from: '2026-09-02T10:00:00+08:00', to: '2026-09-02T09:00:00+08:00' })).toContain(
      'from 2026-09-02T10:00:00+08:00 is not before to 2026-09-02T09:00:00+08:00',
    );
  });

  it('gives epoch ms, durations and now as times in the sync’s zone', () => {
    // now: 2026-11-22 12:00 UTC, 20:00 in Shanghai, 13:00 in Berlin.
    expect(message({ from: '2026-12-01' })).toBe(
      '补数范围为空：开始 2026-12-01 不早于结束 现在（2026-11-22 20:00:00 +08:00） / empty backfill range: from 2026-12-01 is not before to now (2026-11-22 20:00:00 +08:00)',
    );
    expect(message({ from: '1d', to: '2d ago' }, 'Europe/Berlin')).toBe(
      '补数范围为空：开始 1d（2026-11-21 13:00:00 +01:00） 不早于结束 2d ago（2026-11-20 13:00:00 +01:00） / empty backfill range: from 1d (2026-11-21 13:00:00 +01:00) is not before to 2d ago (2026-11-20 13:00:00 +01:00)',
    );
    expect(message({ from: now, to: now - 1000 })).toContain(
      `from ${now} (2026-11-22 20:00:00 +08:00) is not before to ${now - 1000} (2026-11-22 19:59:59 +08:00)`,
    );
    expect(message({ from: now, to: '2027-01-01' }, 'America/New_York')).toContain(
      'to now (2026-11-22 07:00:00 -05:00)',
    );
  });
});
