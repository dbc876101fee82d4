import { randomBytes } from 'node:crypto';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Legacy time string: `yyyy-MM-dd HH:mm:ss` in Beijing local time, no zone marker. */
export function legacyTime(ms: number): string {
  const t = Math.trunc(ms + BEIJING_OFFSET_MS);
  const day = Math.floor(t / DAY_MS);
  const date = dateOfDay(day);
  if (date === undefined) return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
  const s = Math.floor((t - day * DAY_MS) / 1000);
  return `${date} ${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}`;
}

/** v1.0 time string: `yyyy-MM-ddTHH:mmZ` whose wall clock is Beijing time despite the `Z` (reference §4.2). */
export function v1Time(ms: number): string {
  const t = Math.trunc(ms + BEIJING_OFFSET_MS);
  const day = Math.floor(t / DAY_MS);
  const date = dateOfDay(day);
  if (date === undefined) return `${new Date(t).toISOString().slice(0, 16)}Z`;
  const m = Math.floor((t - day * DAY_MS) / 60_000);
  return `${date}T${TWO[Math.floor(m / 60)]}:${TWO[m % 60]}Z`;
}

/** Beijing calendar date `yyyy-MM-dd`. */
export function beijingDate(ms: number): string {
  const t = Math.trunc(ms + BEIJING_OFFSET_MS);
  return dateOfDay(Math.floor(t / DAY_MS)) ?? new Date(t).toISOString().slice(0, 10);
}

/** Beijing `yyyyMMddHHmm` (the prefix of a business id). */
export function beijingCompact(ms: number): string {
  const t = Math.trunc(ms + BEIJING_OFFSET_MS);
  const day = Math.floor(t / DAY_MS);
  const date = dateOfDay(day);
  if (date === undefined) return new Date(t).toISOString().slice(0, 16).replace(/[-T:]/g, '');
  const m = Math.floor((t - day * DAY_MS) / 60_000);
  return `${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}${TWO[Math.floor(m / 60)]}${TWO[m % 60]}`;
}

const DAY_MS = 86_400_000;
/** "00" … "99". */
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
/** `yyyy-MM-dd` by day number (days since 1970-01-01): simulators format the same few hundred days over and over. */
const DATES = new Map<number, string>();

/**
 * The ISO calendar date of a day number, as `Date#toISOString` writes it, without a Date (civil-from-days,
 * H. Hinnant); undefined outside years 0000–9999, where the caller falls back to Date.
 */
function dateOfDay(day: number): string | undefined {
  const known = DATES.get(day);
  if (known !== undefined) return known;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return undefined;
  const text = `${String(y).padStart(4, '0')}-${TWO[m]}-${TWO[d]}`;
  if (DATES.size >= 4096) DATES.clear();
  DATES.set(day, text);
  return text;
}

/** Integer cents → `"1234.50"`. */
export function centsToAmount(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

const REQUEST_ID_PREFIX = randomBytes(4).toString('hex');
let requestSeq = 0;

/** A request id like DingTalk's (opaque, unique; a counter because random bytes per response cost real throughput). */
export function requestId(): string {
  requestSeq = (requestSeq + 1) % 0x1_0000_0000;
  return `${REQUEST_ID_PREFIX}${requestSeq.toString(16).padStart(12, '0')}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿'];

/** Integer cents → Chinese capital amount (大写), e.g. 123450 → `壹仟贰佰叁拾肆元伍角`. */
export function amountInCapitals(cents: number): string {
  const yuan = Math.floor(cents / 100);
  const jiao = Math.floor(cents / 10) % 10;
  const fen = cents % 10;
  let text = yuan > 0 ? `${integerInCapitals(yuan)}元` : '';
  if (jiao === 0 && fen === 0) return `${text || '零元'}整`;
  if (jiao > 0) text += `${DIGITS[jiao]}角`;
  else if (yuan > 0) text += '零';
  if (fen > 0) text += `${DIGITS[fen]}分`;
  return text;
}

function integerInCapitals(value: number): string {
  const groups: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 10_000)) groups.push(v % 10_000);
  let out = '';
  let zeroPending = false;
  for (let g = groups.length - 1; g >= 0; g--) {
    const group = groups[g] ?? 0;
    if (group === 0) {
      zeroPending = out !== '';
      continue;
    }
    if (zeroPending || (out !== '' && group < 1000)) out += '零';
    out += groupInCapitals(group) + (BIG_UNITS[g] ?? '');
    zeroPending = false;
  }
  return out;
}

function groupInCapitals(group: number): string {
  let out = '';
  let zero = false;
  for (let pos = 3; pos >= 0; pos--) {
    const digit = Math.floor(group / 10 ** pos) % 10;
    if (digit === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    out += `${DIGITS[digit]}${SMALL_UNITS[pos]}`;
    zero = false;
  }
  return out;
}
