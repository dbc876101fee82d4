import { randomBytes } from 'node:crypto';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Legacy time string: `yyyy-MM-dd HH:mm:ss` in Beijing local time, no zone marker. */
export function legacyTime(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** v1.0 time string: `yyyy-MM-ddTHH:mmZ` whose wall clock is Beijing time despite the `Z` (reference §4.2). */
export function v1Time(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16)}Z`;
}

/** Beijing calendar date `yyyy-MM-dd`. */
export function beijingDate(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Beijing `yyyyMMddHHmm` (the prefix of a business id). */
export function beijingCompact(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace(/[-T:]/g, '');
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
