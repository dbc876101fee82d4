import type { JsonObject, JsonValue } from '../../../json.ts';
import { type BaseRef, ENTRY_KEY, isBaseRef, type PayBill, type StoredValue } from './pay-bill-model.ts';

/** A base-data object as View returns it: id, number and multi-language name. */
function viewRef(ref: BaseRef): JsonObject {
  return { Id: ref.id, Number: ref.number, Name: [{ Key: 2052, Value: ref.name }], FNumber: ref.number };
}

function viewValue(value: StoredValue | undefined): JsonValue {
  if (value === undefined) return null;
  return isBaseRef(value) ? viewRef(value) : value;
}

/** Rendered views by bill: stored bills are never changed in place (a change stores a new object). */
const views = new WeakMap<PayBill, JsonObject>();

/** The full bill as View returns it (field keys, nested base data, entry rows); rendered once per bill object. */
export function viewObject(bill: PayBill): JsonObject {
  const cached = views.get(bill);
  if (cached) return cached;
  const view = renderView(bill);
  views.set(bill, view);
  return view;
}

function renderView(bill: PayBill): JsonObject {
  const header: JsonObject = {
    Id: bill.FID,
    BillNo: bill.FBillNo,
    DocumentStatus: bill.FDOCUMENTSTATUS,
    FID: bill.FID,
    FBillNo: bill.FBillNo,
    FDOCUMENTSTATUS: bill.FDOCUMENTSTATUS,
    FCreateDate: bill.FCreateDate,
    FModifyDate: bill.FModifyDate,
    FApproveDate: bill.FApproveDate,
  };
  for (const [key, value] of Object.entries(bill.values)) header[key] = viewValue(value);
  header[ENTRY_KEY] = bill.entries.map((entry) => {
    const row: JsonObject = {
      Id: entry.FEntryID,
      Seq: entry.FSeq,
      FEntryID: entry.FEntryID,
      FSeq: entry.FSeq,
    };
    for (const [key, value] of Object.entries(entry.values)) row[key] = viewValue(value);
    return row;
  });
  return header;
}

/** The NeedReturnData item of one saved bill: the requested header keys (base data as `{FNumber}`). */
export function needReturnData(bill: PayBill, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  // Nothing asked (the usual BatchSave): no view is rendered.
  if (keys.length === 0) return out;
  const view = viewObject(bill);
  const lower = new Map(Object.keys(view).map((k) => [k.toLowerCase(), k]));
  for (const key of keys) {
    const actual = lower.get(key.toLowerCase());
    const value = actual === undefined ? null : (view[actual] ?? null);
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && 'Number' in value
        ? { FNumber: value.Number ?? null }
        : value;
  }
  return out;
}
