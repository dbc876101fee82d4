import type { JsonValue } from '../../../json.ts';
import type { BaseDataRecord, BaseDataTable } from './base-data.ts';
import {
  ENTRY_BY_KEY,
  ENTRY_KEY,
  type FieldDef,
  HEADER_BY_KEY,
  isBaseRef,
  type PayBill,
  type PayBillEntry,
  type StoredValue,
} from './pay-bill-model.ts';

/** One query row of AP_PAYBILL: a bill, and one of its entry rows when entry fields are read. */
export interface BillRow {
  bill: PayBill;
  entry: PayBillEntry | undefined;
}

/** Reads one FieldKeys item from a row; `entryLevel` accessors make the query return one row per entry. */
export interface Accessor<Row> {
  entryLevel: boolean;
  get(row: Row): JsonValue;
}

const BILL_OWN: Record<string, (b: PayBill) => JsonValue> = {
  fid: (b) => b.FID,
  fbillno: (b) => b.FBillNo,
  fdocumentstatus: (b) => b.FDOCUMENTSTATUS,
  fcreatedate: (b) => b.FCreateDate,
  fmodifydate: (b) => b.FModifyDate,
  fapprovedate: (b) => b.FApproveDate,
};

/** Reads a stored value the way ExecuteBillQuery returns it (`.FNumber`/`.FName` dereference base data). */
function readValue(
  def: FieldDef,
  value: StoredValue | undefined,
  sub: string | undefined,
): JsonValue | undefined {
  if (def.kind !== 'ref')
    return sub === undefined ? (isBaseRef(value) ? value.id : (value ?? null)) : undefined;
  const ref = isBaseRef(value) ? value : null;
  if (sub === undefined || sub === 'fid' || sub === 'id') return ref?.id ?? 0;
  if (sub === 'fnumber') return ref?.number ?? null;
  if (sub === 'fname') return ref?.name ?? null;
  return undefined;
}

/** The accessor of an AP_PAYBILL field key, or null when the form has no such field. */
export function payBillAccessor(key: string): Accessor<BillRow> | null {
  const lower = key.trim().toLowerCase();
  const own = BILL_OWN[lower];
  if (own) return { entryLevel: false, get: (r) => own(r.bill) };
  const entryPrefix = `${ENTRY_KEY.toLowerCase()}_`;
  if (lower === `${entryPrefix}fentryid`) return { entryLevel: true, get: (r) => r.entry?.FEntryID ?? 0 };
  if (lower === `${entryPrefix}fseq`) return { entryLevel: true, get: (r) => r.entry?.FSeq ?? 0 };
  const [base = '', sub, extra] = lower.split('.');
  if (extra !== undefined) return null;
  const headerDef = HEADER_BY_KEY.get(base);
  if (headerDef) {
    if (readValue(headerDef, undefined, sub) === undefined) return null;
    return { entryLevel: false, get: (r) => readValue(headerDef, r.bill.values[headerDef.key], sub) ?? null };
  }
  const entryDef = ENTRY_BY_KEY.get(base);
  if (!entryDef || readValue(entryDef, undefined, sub) === undefined) return null;
  return { entryLevel: true, get: (r) => readValue(entryDef, r.entry?.values[entryDef.key], sub) ?? null };
}

/** One query row of a base-data form. */
export interface BaseDataRow {
  table: BaseDataTable;
  record: BaseDataRecord;
}

/** The accessor of a base-data form's field key (id, FNumber, FName and fixed status fields), or null. */
export function baseDataAccessor(table: BaseDataTable, key: string): Accessor<BaseDataRow> | null {
  const lower = key.trim().toLowerCase();
  const fixed = (value: JsonValue): Accessor<BaseDataRow> => ({ entryLevel: false, get: () => value });
  if (lower === 'fid' || lower === table.idKey.toLowerCase() || lower === 'fmasterid')
    return { entryLevel: false, get: (r) => r.record.id };
  if (lower === 'fnumber') return { entryLevel: false, get: (r) => r.record.number };
  if (lower === 'fname') return { entryLevel: false, get: (r) => r.record.name };
  if (lower === 'fdocumentstatus') return fixed('C');
  if (lower === 'fforbidstatus') return fixed('A');
  if (lower === 'fuseorgid' || lower === 'fcreateorgid') return fixed(1);
  return null;
}
