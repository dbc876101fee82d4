import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import {
  type DayText,
  dayText,
  fastLocalMs,
  msOfDay,
  numericValue,
  pictureParts,
  plainDateUtc,
  timeField,
  timeOfDay,
} from './dates-fast.ts';

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991), so plain offset math is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_TEXT =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** The default picture of `$msToDate`. */
export const DATE_FORMAT = 'yyyy-MM-dd';
/** The default picture of `$msToDateTime`. */
export const DATE_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

function dateError(message: string, value: unknown): QiaoError {
  return new QiaoError('EXPRESSION_EVALUATION', message, { details: { value: asJson(value) } });
}

function asJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return value;
  return String(value);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** Parses a date text (`2024-05-06`, `2024-05-06 18:30:00`, ISO with zone) to epoch ms; zone-less means Asia/Shanghai. */
export function dateToMs(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string')
    throw dateError('$dateToMs 需要日期字符串 / $dateToMs expects a date string', value);
  const text = value.trim();
  const numeric = numericValue(text);
  if (numeric !== undefined) return numeric;
  const midnight = plainDateUtc(text);
  if (midnight !== undefined) return midnight - SHANGHAI_OFFSET_MS;
  return parseDateText(text, value);
}

/** The general date-text parser (every form of DATE_TEXT; reports texts and dates that do not exist). */
function parseDateText(text: string, value: string): number {
  const m = DATE_TEXT.exec(text);
  if (!m) throw dateError(`无法识别的日期 "${text}" / unrecognised date "${text}"`, value);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millis);
  const check = new Date(utc);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw dateError(`日期不存在 "${text}" / no such date "${text}"`, value);
  }
  return utc - (m[8] === undefined ? SHANGHAI_OFFSET_MS : zoneOffsetMs(m[8]));
}

/** Turns epoch ms (number or numeric string; a date text is parsed first) into a finite number, or undefined. */
function toMs(value: unknown): number | undefined {
  const ms = dateToMs(value);
  if (ms === undefined) return undefined;
  if (!Number.isFinite(ms)) throw dateError('时间戳无效 / invalid epoch milliseconds', value);
  return ms;
}

/** Formats epoch ms in Asia/Shanghai with a picture of `yyyy MM dd HH mm ss SSS` (other characters are literal). */
export function formatShanghai(ms: number, picture: string): string {
  const local = ms + SHANGHAI_OFFSET_MS;
  if (!fastLocalMs(local)) return formatGeneral(new Date(local), picture);
  const day = dayText(local, renderDay);
  if (picture === DATE_FORMAT) return day.date;
  if (picture === DATE_TIME_FORMAT) return day.date + timeOfDay(msOfDay(local));
  const time = msOfDay(local);
  let out = '';
  for (const part of pictureParts(picture)) {
    if (typeof part === 'string') out += part;
    else if (part.token === 'yyyy' || part.token === 'MM' || part.token === 'dd') out += day[part.token];
    else out += timeField(time, part.token);
  }
  return out;
}

/** The day fields of a local midnight, the general way (cached per day by formatShanghai). */
function renderDay(local: number): DayText {
  const d = new Date(local);
  const yyyy = pad(d.getUTCFullYear(), 4);
  const MM = pad(d.getUTCMonth() + 1, 2);
  const dd = pad(d.getUTCDate(), 2);
  return { yyyy, MM, dd, date: `${yyyy}-${MM}-${dd}` };
}

/** Any time Date can hold, through its getters (the reference for the fast path above). */
function formatGeneral(d: Date, picture: string): string {
  let out = '';
  for (const part of pictureParts(picture)) out += typeof part === 'string' ? part : field(d, part.token);
  return out;
}

function field(d: Date, token: string): string {
  switch (token) {
    case 'yyyy':
      return pad(d.getUTCFullYear(), 4);
    case 'MM':
      return pad(d.getUTCMonth() + 1, 2);
    case 'dd':
      return pad(d.getUTCDate(), 2);
    case 'HH':
      return pad(d.getUTCHours(), 2);
    case 'mm':
      return pad(d.getUTCMinutes(), 2);
    case 'ss':
      return pad(d.getUTCSeconds(), 2);
    default:
      return pad(d.getUTCMilliseconds(), 3);
  }
}

/** `$msToDate(ms, picture?)`: epoch ms → Shanghai date text (default `yyyy-MM-dd`); null/absent stays absent. */
export function msToDate(value: unknown, picture?: unknown): string | undefined {
  const ms = toMs(value);
  return ms === undefined
    ? undefined
    : formatShanghai(ms, typeof picture === 'string' ? picture : DATE_FORMAT);
}

/** `$msToDateTime(ms, picture?)`: epoch ms → Shanghai date-time text (default `yyyy-MM-dd HH:mm:ss`). */
export function msToDateTime(value: unknown, picture?: unknown): string | undefined {
  const ms = toMs(value);
  return ms === undefined
    ? undefined
    : formatShanghai(ms, typeof picture === 'string' ? picture : DATE_TIME_FORMAT);
}
