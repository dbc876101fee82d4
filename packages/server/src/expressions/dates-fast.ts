/**
 * Allocation-light fast paths of the date helpers; each applies only where its result provably equals the
 * general code in dates.ts (which stays the reference and handles everything else).
 */

const DAY_MS = 86_400_000;
/** Exact powers of ten (parsed from text, so no pow rounding can creep in). */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * The value of a text matching `-?\d+(\.\d+)?` (the NUMERIC pattern of dates.ts), or undefined for any
 * other text. Up to 15 digits it is computed exactly (digits as an integer, one correctly rounded
 * division by 10^f: the double nearest the decimal, as `Number(text)` gives); longer texts use Number.
 */
export function numericValue(text: string): number | undefined {
  const n = text.length;
  const negative = text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const intStart = i;
  let units = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) break;
    units = units * 10 + (c - 48);
  }
  if (i === intStart) return undefined;
  let fraction = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46 || i === n - 1) return undefined;
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i);
      if (!isDigit(c)) return undefined;
      units = units * 10 + (c - 48);
      fraction++;
    }
  }
  if (n - intStart - (fraction > 0 ? 1 : 0) > 15) return Number(text);
  const value = fraction === 0 ? units : units / POW10[fraction]!;
  return negative ? -value : value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isSeparator(c: number): boolean {
  return c === 45 || c === 47;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * UTC midnight (epoch ms) of an existing calendar date written `yyyy-MM-dd` (or with `/`), years
 * 1000–9999; undefined for any other text, including dates that do not exist (the general parser
 * reports those).
 */
export function plainDateUtc(text: string): number | undefined {
  if (text.length !== 10 || !isSeparator(text.charCodeAt(4)) || !isSeparator(text.charCodeAt(7)))
    return undefined;
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (hi < 10 || lo < 0 || month < 1 || month > 12 || day < 1) return undefined;
  const year = hi * 100 + lo;
  const leap = isLeap(year);
  const monthDays =
    month === 2 ? (leap ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day > monthDays) return undefined;
  const yearsBefore = year - 1;
  const days =
    365 * (year - 1970) +
    (Math.floor(yearsBefore / 4) - Math.floor(yearsBefore / 100) + Math.floor(yearsBefore / 400) - 477) +
    CUMULATIVE_DAYS[month - 1]! +
    (leap && month > 2 ? 1 : 0) +
    day -
    1;
  return days * DAY_MS;
}

/** The largest local time (ms) whose calendar date the fast formatter handles: before year 10000. */
const MAX_LOCAL_MS = 253_402_300_800_000;
/** The smallest: year 1000 onwards (four-digit years, no sign). */
const MIN_LOCAL_MS = -30_610_224_000_000;

/** Whether a local (offset-applied) time is an integer in the years 1000–9999. */
export function fastLocalMs(localMs: number): boolean {
  return Number.isInteger(localMs) && localMs >= MIN_LOCAL_MS && localMs < MAX_LOCAL_MS;
}

/** The calendar fields of one day, as text (`yyyy`, `MM`, `dd` and `yyyy-MM-dd`). */
export interface DayText {
  yyyy: string;
  MM: string;
  dd: string;
  date: string;
}

const DAY_CACHE_SIZE = 4_096;
const dayCache = new Map<number, DayText>();

/** The day fields of a local time (see fastLocalMs), built once per day by `render` and cached. */
export function dayText(localMs: number, render: (localMidnightMs: number) => DayText): DayText {
  const day = Math.floor(localMs / DAY_MS);
  let text = dayCache.get(day);
  if (text === undefined) {
    if (dayCache.size >= DAY_CACHE_SIZE) dayCache.clear();
    text = render(day * DAY_MS);
    dayCache.set(day, text);
  }
  return text;
}

const PAD2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

function pad2(n: number): string {
  return PAD2[n]!;
}

/** Milliseconds since local midnight of a local time (see fastLocalMs). */
export function msOfDay(localMs: number): number {
  return localMs - Math.floor(localMs / DAY_MS) * DAY_MS;
}

/** ` HH:mm:ss` of a time of day in ms. */
export function timeOfDay(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return ` ${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/** One time field (`HH`, `mm`, `ss`, `SSS`) of a time of day in ms. */
export function timeField(ms: number, token: string): string {
  switch (token) {
    case 'HH':
      return pad2(Math.floor(ms / 3_600_000));
    case 'mm':
      return pad2(Math.floor(ms / 60_000) % 60);
    case 'ss':
      return pad2(Math.floor(ms / 1000) % 60);
    default: {
      const milli = ms % 1000;
      return milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : `${milli}`;
    }
  }
}

/** A picture split into literal text and date tokens, exactly as `/yyyy|MM|dd|HH|mm|ss|SSS/g` matches it. */
export type PicturePart = string | { token: string };

const TOKENS = ['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss', 'SSS'];
const PICTURE_CACHE_SIZE = 256;
const pictures = new Map<string, readonly PicturePart[]>();

function tokenAt(picture: string, at: number): string | undefined {
  for (const token of TOKENS) if (picture.startsWith(token, at)) return token;
  return undefined;
}

/** The parts of a picture (cached; a handful of pictures are used over and over). */
export function pictureParts(picture: string): readonly PicturePart[] {
  const hit = pictures.get(picture);
  if (hit !== undefined) return hit;
  const parts: PicturePart[] = [];
  let literal = '';
  for (let at = 0; at < picture.length; ) {
    const token = tokenAt(picture, at);
    if (token === undefined) {
      literal += picture[at];
      at++;
      continue;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push({ token });
    at += token.length;
  }
  if (literal !== '') parts.push(literal);
  if (pictures.size >= PICTURE_CACHE_SIZE) pictures.clear();
  pictures.set(picture, parts);
  return parts;
}
