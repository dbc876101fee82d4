import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { seededRandom } from '../mapping/fixtures/seed-001-mapping.ts';
import { dateToMs, formatShanghai } from './dates.ts';
import { decimal, decimalSum, parseDecimal } from './money.ts';

const SHANGHAI = 8 * 3_600_000;

/** A random amount text: plain, with separators, signs, long fractions, noise or junk. */
function amountText(random: () => number): string {
  const digits = Math.floor(random() * 19) + 1;
  let int = '';
  for (let i = 0; i < digits; i++) int += String(Math.floor(random() * 10));
  const places = Math.floor(random() * 7);
  let frac = '';
  for (let i = 0; i < places; i++) frac += String(Math.floor(random() * 10));
  let text = places > 0 || random() < 0.1 ? `${int}.${frac}` : int;
  if (random() < 0.3) text = text.replace(/^(\d+)(\d{3})/, '$1,$2');
  if (random() < 0.2) text = `-${text}`;
  const roll = random();
  if (roll < 0.03) return `¥${text}`;
  if (roll < 0.05) return `${text}e2`;
  if (roll < 0.06) return '';
  if (roll < 0.07) return 'abc';
  return text;
}

/** The decimal.js reference of `$decimal` (the path before the fast one existed). */
function referenceDecimal(value: unknown, scale: number | undefined): number | undefined {
  const d = parseDecimal(value);
  if (d === undefined) return undefined;
  return (scale === undefined ? d : d.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP)).toNumber();
}

function outcome(run: () => unknown): unknown {
  try {
    return { value: run() };
  } catch (error) {
    return { error: error instanceof QiaoError ? error.code : String(error) };
  }
}

/** The original formatter: Date getters and a regex over the picture. */
function referenceFormat(ms: number, picture: string): string {
  const d = new Date(ms + SHANGHAI);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return picture.replace(/yyyy|MM|dd|HH|mm|ss|SSS/g, (t) => {
    if (t === 'yyyy') return pad(d.getUTCFullYear(), 4);
    if (t === 'MM') return pad(d.getUTCMonth() + 1, 2);
    if (t === 'dd') return pad(d.getUTCDate(), 2);
    if (t === 'HH') return pad(d.getUTCHours(), 2);
    if (t === 'mm') return pad(d.getUTCMinutes(), 2);
    if (t === 'ss') return pad(d.getUTCSeconds(), 2);
    return pad(d.getUTCMilliseconds(), 3);
  });
}

describe('fast paths of the field helpers', () => {
  it('$decimal equals the decimal.js result on random amount texts', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 4_000; i++) {
      const text = amountText(random);
      const scale = random() < 0.3 ? undefined : Math.floor(random() * 5);
      const fast = outcome(() => decimal(text, scale));
      const slow = outcome(() => referenceDecimal(text, scale));
      expect(fast, `${text} @ ${scale}`).toEqual(slow);
      if (typeof (fast as { value?: unknown }).value === 'number') {
        expect(Object.is((fast as { value: number }).value, (slow as { value: number }).value)).toBe(true);
      }
    }
  });

  it('$decimalSum equals the decimal.js sum on random lists', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 2_000; i++) {
      const list: unknown[] = Array.from({ length: Math.floor(random() * 6) }, () => {
        const roll = random();
        if (roll < 0.05) return null;
        if (roll < 0.1) return Math.floor(random() * 1e6) - 5e5;
        if (roll < 0.12) return random() * 100;
        return amountText(random);
      });
      const scale = random() < 0.3 ? undefined : Math.floor(random() * 5);
      const slow = outcome(() => {
        let total = new Decimal(0);
        for (const item of list) {
          const d = parseDecimal(item);
          if (d !== undefined) total = total.plus(d);
        }
        return (scale === undefined ? total : total.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP)).toNumber();
      });
      expect(
        outcome(() => decimalSum(list, scale)),
        JSON.stringify([list, scale]),
      ).toEqual(slow);
    }
  });

  it('$dateToMs of yyyy-MM-dd texts equals Date.UTC and rejects dates that do not exist', () => {
    const random = seededRandom(13);
    for (let i = 0; i < 5_000; i++) {
      const y = 900 + Math.floor(random() * 9_099);
      const m = Math.floor(random() * 14);
      const d = Math.floor(random() * 33);
      const sep = random() < 0.5 ? '-' : '/';
      const text = `${String(y).padStart(4, '0')}${sep}${String(m).padStart(2, '0')}${sep}${String(d).padStart(2, '0')}`;
      const utc = Date.UTC(y, m - 1, d);
      const exists = new Date(utc).getUTCMonth() === m - 1 && new Date(utc).getUTCDate() === d;
      if (exists && y >= 1000) expect(dateToMs(text), text).toBe(utc - SHANGHAI);
      if (!exists) expect(() => dateToMs(text), text).toThrow(QiaoError);
    }
  });

  it('$dateToMs of numeric texts equals Number()', () => {
    const random = seededRandom(17);
    for (let i = 0; i < 5_000; i++) {
      const int = String(Math.floor(random() * 10 ** Math.floor(random() * 19)));
      const frac = random() < 0.3 ? `.${Math.floor(random() * 10 ** Math.floor(1 + random() * 6))}` : '';
      const text = `${random() < 0.2 ? '-' : ''}${int}${frac}`;
      expect(Object.is(dateToMs(text), Number(text)), text).toBe(true);
    }
  });

  it('formats every kind of time and picture exactly like Date getters do', () => {
    const random = seededRandom(19);
    const pictures = [
      'yyyy-MM-dd',
      'yyyy-MM-dd HH:mm:ss',
      'yyyy-MM-ddTHH:mm:ss',
      'SSS dd/MM/yyyy',
      'yyyyy MMM',
    ];
    for (let i = 0; i < 5_000; i++) {
      const roll = random();
      const ms =
        roll < 0.7
          ? Math.floor((random() - 0.2) * 4e12)
          : roll < 0.8
            ? (random() - 0.5) * 1e10
            : Math.floor((random() - 0.5) * 1.6e16);
      const picture = pictures[Math.floor(random() * pictures.length)] as string;
      expect(formatShanghai(ms, picture), `${ms} ${picture}`).toBe(referenceFormat(ms, picture));
    }
  });
});
