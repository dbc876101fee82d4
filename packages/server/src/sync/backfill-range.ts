import { bilingual, QiaoError } from '../errors/index.ts';
import { isDuration, parseDuration } from './window.ts';

/** How a backfill bound may be given: epoch ms, an ISO date-time, a date (whole days), or a duration back from now ("60d", "60d ago"). */
export type InstantInput = number | string;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A duration back from now may say so: "60d ago", "12h ago" (any case). */
const AGO = /\s+ago$/i;

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms. */
function zoneOffset(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** Midnight starting the given calendar day in `timeZone`. */
function startOfDay(year: number, month: number, day: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - zoneOffset(guess, timeZone);
  // Once more at the found instant: right across an offset change (daylight saving).
  return guess - zoneOffset(first, timeZone);
}

function invalid(name: string, value: unknown): QiaoError {
  const shown = JSON.stringify(String(value));
  return new QiaoError(
    'INPUT_INVALID',
    bilingual(
      `补数的 ${name} 无效：${shown}，可写毫秒时间戳、ISO 日期（2026-09-01）或时间、或“多久以前”（60d、12h、30m，也可写 60d ago）`,
      `invalid backfill ${name} ${shown}: give epoch ms, an ISO date (2026-09-01) or date-time, or a duration back from now (60d, 12h, 30m, or 60d ago)`,
    ),
    { details: { field: name } },
  );
}

/**
 * One bound of a backfill range as epoch ms. A date counts in `timeZone` (the sync's schedule zone,
 * Asia/Shanghai by default): `from` at the start of that day, `to` at the end of it (the start of the
 * next), so "2026-09-01 to 2026-09-30" is all of September.
 */
export function instantOf(
  value: InstantInput,
  name: 'from' | 'to',
  options: { now: number; timeZone: string },
): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw invalid(name, value);
  }
  const text = value.trim();
  const back = text.replace(AGO, '');
  if (isDuration(back)) return options.now - parseDuration(back);
  const date = DATE_ONLY.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    // A day that does not exist (2026-02-30) would roll over: refused.
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || month > 12)
      throw invalid(name, value);
    return startOfDay(year, month, day + (name === 'to' ? 1 : 0), options.timeZone);
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) throw invalid(name, value);
  return parsed;
}

/** An instant as a wall clock in `timeZone` with its UTC offset: `2026-09-30 20:00:00 +08:00`. */
export function formatInZone(at: number, timeZone: string): string {
  const offset = zoneOffset(at, timeZone);
  const wall = new Date(Math.floor(at / 1000) * 1000 + offset).toISOString().slice(0, 19).replace('T', ' ');
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${wall} ${offset < 0 ? '-' : '+'}${hhmm}`;
}

/**
 * A bound of a range as the user reads it: a date or date-time as it was given (a date means its whole
 * day, as given), anything else — epoch ms, a duration back from now — with its time in the sync's zone.
 */
function boundText(given: InstantInput, at: number, timeZone: string, lang: 'zh' | 'en'): string {
  const text = String(given).trim();
  if (typeof given === 'string' && !isDuration(text.replace(AGO, ''))) return text;
  const time = formatInZone(at, timeZone);
  return lang === 'zh' ? `${text}（${time}）` : `${text} (${time})`;
}

/** A backfill range: `from` required, `to` now by default; `to` after `from`, and neither in the future. */
export function backfillRange(
  given: { from: InstantInput; to?: InstantInput | undefined },
  options: { now: number; timeZone?: string | undefined },
): { from: number; to: number } {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const context = { now: options.now, timeZone };
  const from = instantOf(given.from, 'from', context);
  const until = given.to === undefined ? options.now : instantOf(given.to, 'to', context);
  const to = Math.min(options.now, until);
  if (!(from < to)) {
    // The bounds as the user gave them (a date is not shifted to UTC); `to` past now is now.
    const now = formatInZone(options.now, timeZone);
    const past = given.to === undefined || until > options.now;
    const [fromText, toText] = [given.from, given.to ?? options.now];
    const bound = (lang: 'zh' | 'en') => ({
      from: boundText(fromText, from, timeZone, lang),
      to: past ? (lang === 'zh' ? `现在（${now}）` : `now (${now})`) : boundText(toText, to, timeZone, lang),
    });
    const [zh, en] = [bound('zh'), bound('en')];
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(
        `补数范围为空：开始 ${zh.from} 不早于结束 ${zh.to}`,
        `empty backfill range: from ${en.from} is not before to ${en.to}`,
      ),
      { details: { from, to } },
    );
  }
  return { from, to };
}
