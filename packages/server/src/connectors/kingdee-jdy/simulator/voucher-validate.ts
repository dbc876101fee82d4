import Decimal from 'decimal.js';
import { isJsonObject, type JsonObject } from '../../../json.ts';
import type { ChartOfAccounts } from './accounts.ts';
import { isValidDate, periodOfDate, VOUCHER_GROUPS, type VoucherEntry } from './voucher-model.ts';
import type { VoucherDraft, VoucherStore } from './voucher-store.ts';

/** Result of validating one voucher: a draft to store, or the Chinese error texts. */
export type VoucherCheck = { ok: true; draft: VoucherDraft } | { ok: false; errors: string[] };

/** What validation looks things up in. */
export interface ValidationScope {
  accounts: ChartOfAccounts;
  store: VoucherStore;
  now: number;
  userName: string;
  origin: VoucherDraft['origin'];
}

const AUX_FIELDS = [
  'custNo',
  'suppNo',
  'deptNo',
  'empNo',
  'inventoryNo',
  'projectNo',
  'itemClsName',
  'itemNo',
  'qty',
  'unit',
  'price',
] as const;

function decimalOf(value: unknown): Decimal | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  if (typeof value === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return null;
  try {
    const d = new Decimal(typeof value === 'number' ? String(value) : value.trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

function entryOf(raw: unknown, seq: number, scope: ValidationScope, errors: string[]): VoucherEntry | null {
  const at = `第${seq}行分录：`;
  if (!isJsonObject(raw)) {
    errors.push(`${at}格式错误，应为JSON对象`);
    return null;
  }
  const acctNo = typeof raw.acctNo === 'number' ? String(raw.acctNo) : raw.acctNo;
  const account = typeof acctNo === 'string' ? scope.accounts.find(acctNo.trim()) : undefined;
  if (typeof acctNo !== 'string' || acctNo.trim() === '') errors.push(`${at}科目编码acctNo不能为空`);
  else if (!account) errors.push(`${at}科目[${acctNo}]不存在`);
  else if (!account.isLeaf) {
    const leaves = scope.accounts.leaves(`${account.number}.`).slice(0, 3);
    const hint = leaves.map((a) => `${a.number} ${a.name}`).join('、');
    errors.push(`${at}科目[${account.number} ${account.name}]不是末级科目，请使用明细科目（如 ${hint}）`);
  }
  const dc = Number(raw.dc);
  if (dc !== 1 && dc !== -1) errors.push(`${at}借贷方向dc必须为1(借)或-1(贷)`);
  const amount = decimalOf(raw.amount);
  if (!amount || amount.isZero() || amount.decimalPlaces() > 2)
    errors.push(`${at}金额amount必须为非零数字，最多两位小数`);
  const rate = raw.rate === undefined || raw.rate === null ? new Decimal(1) : decimalOf(raw.rate);
  if (!rate || rate.lte(0)) errors.push(`${at}汇率rate必须为正数`);
  const exp = typeof raw.exp === 'string' ? raw.exp.trim() : '';
  if (seq === 1 && exp === '') errors.push(`${at}摘要exp不能为空`);
  const aux: Record<string, string | number> = {};
  for (const field of AUX_FIELDS) {
    const v = raw[field];
    if (typeof v === 'string' || typeof v === 'number') aux[field] = v;
  }
  if (!account || (dc !== 1 && dc !== -1) || !amount || !rate) return null;
  return {
    seq,
    exp,
    acctNo: account.number,
    dc,
    amount: amount.toFixed(2),
    currency: typeof raw.currency === 'string' && raw.currency ? raw.currency : 'RMB',
    rate: rate.toNumber(),
    aux,
  };
}

function balanceError(entries: VoucherEntry[]): string | null {
  let debit = new Decimal(0);
  let credit = new Decimal(0);
  for (const e of entries) {
    const base = new Decimal(e.amount).mul(e.rate).toDecimalPlaces(2);
    if (e.dc === 1) debit = debit.plus(base);
    else credit = credit.plus(base);
  }
  return debit.eq(credit) ? null : `借贷不平衡：借方合计${debit.toFixed(2)}，贷方合计${credit.toFixed(2)}`;
}

function headerErrors(raw: JsonObject, errors: string[]): { period: number; group: string; number: number } {
  const date = raw.date;
  if (!isValidDate(date)) errors.push('凭证日期date缺失或格式错误，应为yyyy-MM-dd');
  const datePeriod = isValidDate(date) ? periodOfDate(date) : 0;
  let period = datePeriod;
  if (raw.yearPeriod !== undefined && raw.yearPeriod !== null && raw.yearPeriod !== '') {
    const given = Number(raw.yearPeriod);
    if (!/^\d{6}$/.test(String(raw.yearPeriod)) || given % 100 < 1 || given % 100 > 12)
      errors.push('会计期间yearPeriod格式错误，应为yyyyMM');
    else if (datePeriod && given !== datePeriod)
      errors.push(`会计期间yearPeriod[${given}]与凭证日期[${String(date)}]不一致`);
    else period = given;
  }
  const group = raw.groupName === undefined || raw.groupName === '' ? '记' : String(raw.groupName);
  if (!(VOUCHER_GROUPS as readonly string[]).includes(group))
    errors.push(`凭证字[${group}]不存在，可用：${VOUCHER_GROUPS.join('、')}`);
  const number = raw.vchNumber === undefined || raw.vchNumber === null ? 0 : Number(raw.vchNumber);
  if (!Number.isInteger(number) || number < 0) errors.push('凭证号vchNumber必须为非负整数（0表示自动编号）');
  return { period, group, number: Number.isInteger(number) && number > 0 ? number : 0 };
}

/** Validates one family-A voucher (balance, leaf accounts, linkId, number, period) against the book. */
export function validateVoucher(raw: unknown, scope: ValidationScope): VoucherCheck {
  if (!isJsonObject(raw)) return { ok: false, errors: ['凭证格式错误，应为JSON对象'] };
  const errors: string[] = [];
  const { period, group, number } = headerErrors(raw, errors);
  const linkId =
    typeof raw.linkId === 'number' ? String(raw.linkId) : typeof raw.linkId === 'string' ? raw.linkId : '';
  const existing = scope.store.findByLinkId(linkId);
  if (existing)
    errors.push(
      `linkId[${linkId}]已存在（凭证 ${existing.groupName}-${existing.vchNumber}，vchId ${existing.vchId}），不能重复保存`,
    );
  if (number > 0 && period && scope.store.numberTaken(period, group, number))
    errors.push(`凭证号[${group}-${number}]在期间${period}已存在`);
  const rawEntries = Array.isArray(raw.entries) ? raw.entries : [];
  if (rawEntries.length === 0) errors.push('凭证分录entries不能为空');
  const entries = rawEntries
    .map((e, i) => entryOf(e, i + 1, scope, errors))
    .filter((e): e is VoucherEntry => e !== null);
  if (errors.length === 0) {
    const unbalanced = balanceError(entries);
    if (unbalanced) errors.push(unbalanced);
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    draft: {
      linkId,
      groupName: group,
      vchNumber: number,
      date: String(raw.date),
      yearPeriod: period,
      status: 0,
      userName: scope.userName,
      entries,
      origin: scope.origin,
      createdAt: scope.now,
      remark: typeof raw.remark === 'string' ? raw.remark : '',
      sourceBillNo: typeof raw.sourceBillNo === 'string' ? raw.sourceBillNo : '',
    },
  };
}
