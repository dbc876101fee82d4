/**
 * Exact fast paths of the money helpers for plain amount texts (`"1234.50"`, `"1,234.5"`, `"-3"`): they
 * accept only inputs whose result provably equals decimal.js's, and return undefined (fall back to the
 * decimal.js path) for anything else — currency signs, spaces, exponents, rounding, long digit strings.
 */

/** The largest number of significant digits a double holds exactly as an integer (< 2^53). */
const MAX_DIGITS = 15;
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** A scanned plain amount: its digits as a signed integer (no dot) and the counts of its digits. */
interface PlainAmount {
  units: number;
  intDigits: number;
  fraction: number;
}

const scanned: PlainAmount = { units: 0, intDigits: 0, fraction: 0 };

/**
 * Scans `-?digits[.digits]` with `,` allowed anywhere (thousands separators, which the slow path strips)
 * into `scanned`; false when the text has any other character or no integer digit. `units` is exact only
 * when `intDigits + fraction <= 15`.
 */
function scanPlain(text: string): boolean {
  const n = text.length;
  const negative = text.charCodeAt(0) === 45;
  let intDigits = 0;
  let fraction = -1;
  let units = 0;
  for (let i = negative ? 1 : 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      units = units * 10 + (c - 48);
      if (fraction < 0) intDigits++;
      else fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else if (c !== 44) return false;
  }
  if (intDigits === 0) return false;
  scanned.units = negative ? -units : units;
  scanned.intDigits = intDigits;
  scanned.fraction = Math.max(fraction, 0);
  return true;
}

/** Whether the last scan's `units` is exact (at most 15 digits in all). */
function exactUnits(): boolean {
  return scanned.intDigits + scanned.fraction <= MAX_DIGITS;
}

/**
 * `$decimal` of a plain amount text that needs no rounding: the double nearest to the decimal, exactly
 * what decimal.js's `toNumber()` gives — `units / 10^f` (a correctly rounded division of exact doubles)
 * or, past 15 digits, `Number(text)`. Undefined when the fast path does not apply.
 */
export function quickDecimal(value: unknown, places: number | undefined): number | undefined {
  if (typeof value !== 'string' || !scanPlain(value) || scanned.intDigits > MAX_DIGITS) return undefined;
  const fraction = scanned.fraction;
  if (places !== undefined && fraction > places) return undefined;
  if (exactUnits()) return fraction === 0 ? scanned.units : scanned.units / POW10[fraction]!;
  return Number(value.includes(',') ? value.replaceAll(',', '') : value);
}

/**
 * `$decimalSum` of plain amounts (texts as above, safe integers, null/absent/"" skipped) when no rounding
 * is needed: the amounts are added as exact integers of the smallest unit and divided once by 10^f — a
 * correctly rounded division of exact doubles, i.e. the double nearest to the exact sum, which is what
 * decimal.js's `toNumber()` returns. Undefined when the fast path does not apply.
 */
export function quickDecimalSum(list: readonly unknown[], places: number | undefined): number | undefined {
  let fraction = 0;
  for (const item of list) {
    if (typeof item !== 'string' || item === '') continue;
    if (!scanPlain(item) || !exactUnits()) return undefined;
    if (scanned.fraction > fraction) fraction = scanned.fraction;
  }
  if (places !== undefined && fraction > places) return undefined;
  let sum = 0;
  for (const item of list) {
    let units: number;
    let scale = fraction;
    if (item === undefined || item === null || item === '') continue;
    if (typeof item === 'number') {
      if (!Number.isSafeInteger(item) || Math.abs(item) >= 1e15) return undefined;
      units = item;
    } else if (typeof item === 'string' && scanPlain(item)) {
      units = scanned.units;
      scale = fraction - scanned.fraction;
    } else return undefined;
    const scaled = units * POW10[scale]!;
    if (!Number.isSafeInteger(scaled)) return undefined;
    sum += scaled;
    if (!Number.isSafeInteger(sum)) return undefined;
  }
  return fraction === 0 ? sum : sum / POW10[fraction]!;
}
