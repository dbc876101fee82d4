import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { dateToMs, msToDate, msToDateTime } from './dates.ts';
import { chunk, fnumber, type HelperContext, lookup, valueMap } from './field-helpers.ts';
import { decimal, decimalSum, decimalText } from './money.ts';

const scope = (vars: Record<string, unknown>): HelperContext => ({
  environment: { lookup: (name) => vars[name] },
});

describe('money helpers', () => {
  it('sums 0.1 and 0.2 exactly', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(decimalSum(['0.1', '0.2'])).toBe(0.3);
    expect(decimalSum([0.1, 0.2, null, ''])).toBe(0.3);
  });
  it('parses thousands separators and currency signs', () => {
    expect(decimal('1,234.50')).toBe(1234.5);
    expect(decimal('¥ 12,000')).toBe(12000);
    expect(decimalText('1,234.5', 2)).toBe('1234.50');
  });
  it('rounds half up to the scale without float drift', () => {
    expect(decimal('2.345', 2)).toBe(2.35);
    expect(decimal(1.005, 2)).toBe(1.01);
    expect(decimalSum(['10.005', '0.001'], 2)).toBe(10.01);
  });
  it('keeps absent amounts absent and rejects text that is not a number', () => {
    expect(decimal(null)).toBeUndefined();
    expect(decimal('')).toBeUndefined();
    expect(() => decimal('abc')).toThrow(QiaoError);
    expect(() => decimal('1', 2.5)).toThrow(/小数位数/);
  });
});

describe('date helpers', () => {
  it('formats epoch ms in shanghai across utc midnight', () => {
    const ms = Date.UTC(2024, 0, 1, 16, 30, 0);
    expect(msToDate(ms)).toBe('2024-01-02');
    expect(msToDateTime(String(ms))).toBe('2024-01-02 00:30:00');
    expect(msToDateTime(ms, 'yyyy-MM-ddTHH:mm:ss')).toBe('2024-01-02T00:30:00');
    expect(msToDate(Date.UTC(2024, 0, 1, 15, 59, 59))).toBe('2024-01-01');
  });
  it('reads zone-less text as shanghai time and honours explicit zones', () => {
    expect(dateToMs('2024-01-02 00:30:00')).toBe(Date.UTC(2024, 0, 1, 16, 30));
    expect(dateToMs('2024-01-02')).toBe(Date.UTC(2024, 0, 1, 16, 0));
    expect(dateToMs('2024-01-02T00:30:00Z')).toBe(Date.UTC(2024, 0, 2, 0, 30));
    expect(dateToMs('2024-01-02T00:30:00+09:00')).toBe(Date.UTC(2024, 0, 1, 15, 30));
    expect(dateToMs('1704126600000')).toBe(1704126600000);
  });
  it('round-trips and rejects impossible dates', () => {
    expect(msToDateTime(dateToMs('2024-02-29 23:59:59'))).toBe('2024-02-29 23:59:59');
    expect(() => dateToMs('2023-02-29')).toThrow(QiaoError);
    expect(() => dateToMs('yesterday')).toThrow(/无法识别/);
    expect(msToDate(undefined)).toBeUndefined();
  });
});

describe('field helpers', () => {
  it('wraps kingdee base data codes', () => {
    expect(fnumber('PRE001')).toEqual({ FNumber: 'PRE001' });
    expect(fnumber(100)).toEqual({ FNumber: '100' });
    expect(fnumber(null)).toBeNull();
    expect(fnumber(undefined)).toBeUndefined();
  });
  it('maps values with a default and fails on an unmapped value without one', () => {
    const map = { 差旅费: 'FYXM01' };
    expect(valueMap('差旅费', map)).toBe('FYXM01');
    expect(valueMap('其他', map, 'FYXM99')).toBe('FYXM99');
    expect(() => valueMap('其他', map)).toThrow(/值映射中没有/);
  });
  it('looks keys up in named caller tables and in objects', () => {
    const ctx = scope({ tables: { employees: { u1: 'E001' } } });
    expect(lookup.call(ctx, 'employees', 'u1')).toBe('E001');
    expect(lookup.call(ctx, 'employees', 'u2', 'E000')).toBe('E000');
    expect(lookup.call(ctx, { a: 1 }, 'a')).toBe(1);
    expect(() => lookup.call(ctx, 'nope', 'u1')).toThrow(/查找表/);
  });
  it('splits arrays into chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk(7, 3)).toEqual([[7]]);
    expect(() => chunk([1], 0)).toThrow(QiaoError);
  });
});
