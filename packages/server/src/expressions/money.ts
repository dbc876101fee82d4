import Decimal from 'decimal.js';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { quickDecimal, quickDecimalSum } from './money-fast.ts';

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Thousands separators, spaces and currency signs that finance users type around amounts. */
// biome-ignore lint/complexity/useRegexLiterals: a non-ASCII regex literal would make its bundle chunk a two-byte string (bin/build.mjs)
const NOISE = new RegExp('[,，\\s¥￥]', 'g');

function moneyError(message: string, value: unknown): QiaoError {
  const shown: JsonValue = typeof value === 'string' || typeof value === 'number' ? value : String(value);
  return new QiaoError('EXPRESSION_EVALUATION', message, { details: { value: shown } });
}

/** Parses an amount ("1,234.50", "¥12", 3.5) exactly; null, undefined and "" give undefined. */
export function parseDecimal(value: unknown): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw moneyError('数值无效 / not a finite number', value);
    return new Decimal(value);
  }
  if (typeof value !== 'string')
    throw moneyError('金额必须是数字或数字字符串 / an amount must be a number or numeric text', value);
  const text = value.replace(NOISE, '');
  if (text === '') return undefined;
  if (!DECIMAL_TEXT.test(text))
    throw moneyError(`无法解析的金额 "${value}" / "${value}" is not a number`, value);
  return new Decimal(text);
}

/** Whether `scale` is absent or a valid scale (an invalid one is reported by the decimal.js path). */
function validScale(scale: unknown): scale is number | null | undefined {
  return (
    scale === undefined ||
    scale === null ||
    (Number.isInteger(scale) && (scale as number) >= 0 && (scale as number) <= 20)
  );
}

function scaleOf(scale: unknown): number | undefined {
  if (scale === undefined || scale === null) return undefined;
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > 20) {
    throw moneyError('小数位数必须是 0–20 的整数 / scale must be an integer 0–20', scale);
  }
  return scale;
}

/** `$decimal(x, scale?)`: an exact number from an amount, rounded half-up (四舍五入) to `scale` places. */
export function decimal(value: unknown, scale?: unknown): number | undefined {
  const quick = quickDecimal(value, scaleOf(scale));
  if (quick !== undefined) return quick;
  const d = parseDecimal(value);
  if (d === undefined) return undefined;
  const places = scaleOf(scale);
  return (places === undefined ? d : d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)).toNumber();
}

/** `$decimalText(x, scale?)`: the amount as exact text, with exactly `scale` places when given ("1234.50"). */
export function decimalText(value: unknown, scale?: unknown): string | undefined {
  const d = parseDecimal(value);
  if (d === undefined) return undefined;
  const places = scaleOf(scale);
  return places === undefined ? d.toFixed() : d.toFixed(places, Decimal.ROUND_HALF_UP);
}

/** `$decimalSum(array, scale?)`: the exact sum of amounts (absent items skipped); `0.1 + 0.2` is `0.3`. */
export function decimalSum(values: unknown, scale?: unknown): number {
  const list = values === undefined || values === null ? [] : Array.isArray(values) ? values : [values];
  const quick = validScale(scale) ? quickDecimalSum(list, scale ?? undefined) : undefined;
  if (quick !== undefined) return quick;
  let total = new Decimal(0);
  for (const item of list) {
    const d = parseDecimal(item);
    if (d !== undefined) total = total.plus(d);
  }
  const places = scaleOf(scale);
  return (places === undefined ? total : total.toDecimalPlaces(places, Decimal.ROUND_HALF_UP)).toNumber();
}
