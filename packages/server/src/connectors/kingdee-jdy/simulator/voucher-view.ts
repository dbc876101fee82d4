import Decimal from 'decimal.js';
import type { JsonObject } from '../../../json.ts';
import type { ChartOfAccounts } from './accounts.ts';
import { periodText, VOUCHER_GROUPS, type Voucher } from './voucher-model.ts';

/** Base-currency amount in cents; exact for 2-decimal amounts (decimal.js only for foreign rates). */
function baseCents(amount: string, rate: number): number {
  if (rate === 1) return Math.round(Number(amount) * 100);
  return new Decimal(amount).mul(rate).toDecimalPlaces(2).mul(100).toNumber();
}

function totals(v: Voucher): { debit: string; credit: string } {
  let debit = 0;
  let credit = 0;
  for (const e of v.entries) {
    if (e.dc === 1) debit += baseCents(e.amount, e.rate);
    else credit += baseCents(e.amount, e.rate);
  }
  return { debit: (debit / 100).toFixed(2), credit: (credit / 100).toFixed(2) };
}

/** Rendered views by voucher: vouchers are never changed once built or stored, and a book keeps one chart. */
const ACCT_VIEWS = new WeakMap<Voucher, JsonObject>();
const V2_DETAILS = new WeakMap<Voucher, JsonObject>();

function cached(cache: WeakMap<Voucher, JsonObject>, v: Voucher, render: () => JsonObject): JsonObject {
  let view = cache.get(v);
  if (view === undefined) {
    view = render();
    cache.set(v, view);
  }
  return view;
}

/** Family-A (`voucherlist` item) view of a voucher; field names follow the save schema (best guess). */
export function acctVoucherView(v: Voucher, accounts: ChartOfAccounts): JsonObject {
  return cached(ACCT_VIEWS, v, () => renderAcctView(v, accounts));
}

function renderAcctView(v: Voucher, accounts: ChartOfAccounts): JsonObject {
  const t = totals(v);
  return {
    vchId: v.vchId,
    linkId: v.linkId,
    groupName: v.groupName,
    vchNumber: v.vchNumber,
    date: v.date,
    yearPeriod: v.yearPeriod,
    status: v.status,
    userName: v.userName,
    debitTotal: Number(t.debit),
    creditTotal: Number(t.credit),
    entries: v.entries.map((e) => ({
      seq: e.seq,
      exp: e.exp,
      acctNo: e.acctNo,
      acctName: accounts.find(e.acctNo)?.fullName ?? '',
      dc: e.dc,
      amount: Number(e.amount),
      currency: e.currency,
      rate: e.rate,
      ...e.aux,
    })),
  };
}

function groupId(v: Voucher): string {
  return String((VOUCHER_GROUPS as readonly string[]).indexOf(v.groupName) + 1);
}

/** Family-B list row (`/jdy/v2/fi/voucher` `rows[]`). */
export function v2VoucherRow(v: Voucher): JsonObject {
  const t = totals(v);
  return {
    id: v.vchId,
    date: v.date,
    period: periodText(v.yearPeriod),
    number: v.vchNumber,
    voucher_no: `${v.groupName}-${v.vchNumber}`,
    bill_status: v.status,
    group_id: groupId(v),
    group_number: v.groupName,
    group_name: v.groupName,
    debit_total: Number(t.debit),
    credit_total: Number(t.credit),
    remark: v.remark,
    source_bill_no: v.sourceBillNo || v.linkId,
    creator_name: v.userName,
    create_time: v.createdAt,
  };
}

/** Family-B detail (`/jdy/v2/fi/voucher_detail` `data`). */
export function v2VoucherDetail(v: Voucher, accounts: ChartOfAccounts): JsonObject {
  return cached(V2_DETAILS, v, () => renderV2Detail(v, accounts));
}

function renderV2Detail(v: Voucher, accounts: ChartOfAccounts): JsonObject {
  return {
    ...v2VoucherRow(v),
    source_bill_type: v.origin === 'v2' ? 'open_api' : '',
    source_bill_id: v.linkId,
    have_reverse: false,
    is_reverse: false,
    entry_list: v.entries.map((e) => {
      const account = accounts.find(e.acctNo);
      const base = baseCents(e.amount, e.rate) / 100;
      return {
        id: `${v.vchId}${String(e.seq).padStart(3, '0')}`,
        seq: e.seq,
        explanation: e.exp,
        account_id: account?.id ?? '',
        account_number: e.acctNo,
        account_name: account?.fullName ?? '',
        currency_id: '1',
        currency_number: e.currency,
        currency_name: e.currency === 'RMB' ? '人民币' : e.currency,
        dc: e.dc,
        debit_amount: e.dc === 1 ? base : 0,
        credit_amount: e.dc === -1 ? base : 0,
        amount_for: Number(e.amount),
        rate: e.rate,
        assist: Object.entries(e.aux)
          .filter(([k]) => k.endsWith('No') && k !== 'itemNo')
          .map(([k, value]) => ({ type: ASSIST_TYPES[k] ?? k, number: String(value) })),
      };
    }),
  };
}

/** Family-A auxiliary field → v2 assist type (best guess beyond `bd_customer`). */
export const ASSIST_TYPES: Record<string, string> = {
  custNo: 'bd_customer',
  suppNo: 'bd_supplier',
  deptNo: 'bd_department',
  empNo: 'bd_employee',
  inventoryNo: 'bd_material',
  projectNo: 'bd_project',
};
