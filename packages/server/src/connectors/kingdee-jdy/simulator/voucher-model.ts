/** One voucher line (分录) as stored; amounts are exact 2-decimal strings. */
export interface VoucherEntry {
  seq: number;
  exp: string;
  acctNo: string;
  /** 1 = debit (借), -1 = credit (贷). */
  dc: 1 | -1;
  /** Amount in the line's currency, e.g. `"1280.50"` (may be negative: 红字). */
  amount: string;
  currency: string;
  rate: number;
  /** Auxiliary accounting codes and quantity fields, passed through as sent. */
  aux: Record<string, string | number>;
}

/** Where a voucher came from. */
export type VoucherOrigin = 'seed' | 'acct' | 'v2';

/** One voucher (凭证) of the simulated account book. */
export interface Voucher {
  vchId: string;
  /** External id (family A); unique when not empty. */
  linkId: string;
  /** 凭证字: 记/收/付/转. */
  groupName: string;
  vchNumber: number;
  /** `yyyy-MM-dd`. */
  date: string;
  /** `yyyyMM`. */
  yearPeriod: number;
  /** 0 = unaudited, 1 = audited. */
  status: 0 | 1;
  userName: string;
  entries: VoucherEntry[];
  origin: VoucherOrigin;
  /** Epoch ms (seeded vouchers: midday of their date). */
  createdAt: number;
  remark: string;
  sourceBillNo: string;
}

/** The voucher words (凭证字) of the book; v2 `group_id` is the index + 1. */
export const VOUCHER_GROUPS = ['记', '收', '付', '转'] as const;

/** First id of generated vouchers; seeded vouchers take `VCH_ID_BASE + index`. */
export const VCH_ID_BASE = 100_001;

/** `yyyyMM` → months since year 0. */
export function periodIndex(period: number): number {
  return Math.floor(period / 100) * 12 + ((period % 100) - 1);
}

/** Months since year 0 → `yyyyMM`. */
export function periodFromIndex(index: number): number {
  return Math.floor(index / 12) * 100 + (index % 12) + 1;
}

/** `yyyyMM` of a `yyyy-MM-dd` date. */
export function periodOfDate(date: string): number {
  return Number(date.slice(0, 4)) * 100 + Number(date.slice(5, 7));
}

/** `yyyyMM` of an epoch-ms time in Beijing time. */
export function periodOfTime(ms: number): number {
  const d = new Date(ms + 8 * 3_600_000);
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1;
}

/** Parses `yyyyMM`, `yyyy-MM` or the number 202603 into a period; null when malformed. */
export function parsePeriod(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d{4})-?(\d{2})$/.exec(text);
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? Number(m[1]) * 100 + month : null;
}

/** `yyyyMM` → `yyyy-MM` (v2 style). */
export function periodText(period: number): string {
  return `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}`;
}

/** True when `date` is a real calendar date in `yyyy-MM-dd`. */
export function isValidDate(date: unknown): date is string {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
