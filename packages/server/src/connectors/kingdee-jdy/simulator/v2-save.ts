import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import type { ChartOfAccounts } from './accounts.ts';
import { VOUCHER_GROUPS } from './voucher-model.ts';
import { ASSIST_TYPES } from './voucher-view.ts';

const AUX_BY_TYPE = Object.fromEntries(Object.entries(ASSIST_TYPES).map(([field, type]) => [type, field]));

function groupOf(item: JsonObject): string {
  if (item.group_id !== undefined && item.group_id !== '') {
    return VOUCHER_GROUPS[Number(item.group_id) - 1] ?? `group_id:${String(item.group_id)}`;
  }
  const name = item.group_number ?? item.group_name;
  return typeof name === 'string' && name ? name : '记';
}

function amountOf(value: JsonValue | undefined): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : 0;
  return Number.isFinite(n) ? n : 0;
}

function lineOf(line: JsonValue, accounts: ChartOfAccounts, errors: string[], seq: number): JsonObject {
  if (!isJsonObject(line)) return {};
  const debit = amountOf(line.debit_amount);
  const credit = amountOf(line.credit_amount);
  if (debit !== 0 && credit !== 0)
    errors.push(`第${seq}行分录：借方金额debit_amount和贷方金额credit_amount只能填一个`);
  const byId = line.account_id !== undefined ? accounts.findById(String(line.account_id)) : undefined;
  const acctNo =
    line.account_number ??
    byId?.number ??
    (line.account_id !== undefined ? `id:${String(line.account_id)}` : '');
  const out: JsonObject = {
    exp: line.explanation ?? '',
    acctNo,
    dc: debit !== 0 ? 1 : -1,
    amount: debit !== 0 ? debit : credit,
    currency: line.currency_number ?? 'RMB',
  };
  if (line.rate !== undefined) out.rate = line.rate;
  for (const a of Array.isArray(line.assist) ? line.assist : []) {
    if (!isJsonObject(a) || typeof a.type !== 'string') continue;
    const field = AUX_BY_TYPE[a.type];
    if (field && (typeof a.number === 'string' || typeof a.number === 'number')) out[field] = a.number;
  }
  return out;
}

/** Translates one v2 `VoucherSaveRequest` item into the family-A voucher shape (plus v2-only errors). */
export function v2ItemToVoucher(
  item: JsonValue,
  accounts: ChartOfAccounts,
): { raw: JsonValue; errors: string[] } {
  if (!isJsonObject(item)) return { raw: item, errors: [] };
  const errors: string[] = [];
  if (item.id !== undefined && item.id !== '' && item.id !== null)
    errors.push('模拟器不支持修改已有凭证（id）');
  const lines = Array.isArray(item.entry_list) ? item.entry_list : [];
  return {
    errors,
    raw: {
      date: item.date ?? null,
      groupName: groupOf(item),
      vchNumber: item.number ?? 0,
      remark: item.remark ?? '',
      sourceBillNo: item.source_bill_no ?? '',
      entries: lines.map((line, i) => lineOf(line, accounts, errors, i + 1)),
    },
  };
}
