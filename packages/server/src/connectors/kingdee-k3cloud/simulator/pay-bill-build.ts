import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { type BaseDataTable, CONTACT_UNIT_TYPES } from './base-data.ts';
import {
  type BaseRef,
  baseRefOf,
  ENTRY_BY_KEY,
  ENTRY_FIELDS,
  ENTRY_KEY,
  ENTRY_LABEL,
  type FieldDef,
  HEADER_BY_KEY,
  HEADER_FIELDS,
  isBaseRef,
  normaliseDate,
  type PayBill,
  type PayBillEntry,
  type StoredValue,
} from './pay-bill-model.ts';

/** One validation error as the server reports it (DIndex is added by the caller). */
export interface K3Error {
  FieldName: string | null;
  Message: string;
  MsgCode: number;
}

/** Save parameters that change how a model is read. */
export interface BuildOptions {
  baseData: ReadonlyMap<string, BaseDataTable>;
  /** IsVerifyBaseDataField: unknown references are reported (MsgCode 9) instead of silently emptied. */
  verifyBaseData: boolean;
  /** NeedUpDateFields (lower-case); empty = every field sent is written. */
  needUpdateFields: ReadonlySet<string>;
  /** IsDeleteEntry: on update, entry rows not sent are deleted. */
  isDeleteEntry: boolean;
  /** Today's date as "yyyy-MM-ddT00:00:00" (FDATE default). */
  today: string;
}

/** The bill content read from a model: values and entries, plus the errors found. */
export interface BuiltBill {
  values: Record<string, StoredValue>;
  entries: PayBillEntry[];
  errors: K3Error[];
  /** FBillNo given in the model (trimmed), or null. */
  billNo: string | null;
}

/** Where a value is read: the header, or entry row `seq`. */
type Place = { seq: number | null };

function where(place: Place, text: string): string {
  return place.seq === null ? text : `单据体实体【${ENTRY_LABEL}】第【${place.seq}】行分录，${text}`;
}

/** Reads the number (FNumber, case-insensitive), name or id of a reference value. */
function refKey(value: JsonValue): { by: 'number' | 'name' | 'id'; text: string } | null {
  if (typeof value === 'string' || typeof value === 'number')
    return String(value) === '' ? null : { by: 'number', text: String(value) };
  if (!isJsonObject(value)) return null;
  for (const k in value) {
    const v = value[k];
    if (v === undefined || v === null || v === '' || typeof v === 'object') continue;
    const key = lowerKey(k);
    if (key === 'fnumber') return { by: 'number', text: String(v) };
    if (key === 'fname') return { by: 'name', text: String(v) };
    if (key === 'fid' || key === 'id' || key === 'fuserid') return { by: 'id', text: String(v) };
  }
  return null;
}

/** Resolves a reference against its table; unknown values are an error only when verifying. */
function readRef(
  def: FieldDef,
  value: JsonValue,
  table: BaseDataTable | undefined,
  place: Place,
  opts: BuildOptions,
  errors: K3Error[],
): BaseRef | null {
  const key = refKey(value);
  if (!key || !table) return null;
  const found =
    key.by === 'number'
      ? table.byNumber.get(key.text)
      : key.by === 'id'
        ? table.byId.get(Number(key.text))
        : table.records.find((r) => r.name === key.text);
  if (found) return baseRefOf(table.formId, found);
  if (opts.verifyBaseData) {
    errors.push({
      FieldName: def.key,
      Message: where(place, `字段“${def.label}”的值“${key.text}”在基础资料【${table.label}】中不存在`),
      MsgCode: 9,
    });
  }
  return null;
}

/** Reads a scalar field value (text, number, date, bool, unit type). */
function readScalar(def: FieldDef, value: JsonValue, place: Place, errors: K3Error[]): StoredValue {
  if (value === null || value === '') return null;
  switch (def.kind) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      return Number.isFinite(n) && typeof value !== 'object'
        ? n
        : badValue(def, value, place, errors, '不是有效的数字');
    }
    case 'date':
      return (
        (typeof value === 'string' && normaliseDate(value)) ||
        badValue(def, value, place, errors, '不是有效的日期')
      );
    case 'bool':
      return value === true || String(value).toLowerCase() === 'true';
    case 'unitType':
      return (CONTACT_UNIT_TYPES as readonly string[]).includes(String(value))
        ? String(value)
        : badValue(def, value, place, errors, '不是有效的往来单位类型');
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Records that a scalar value cannot be read as its field's kind (MsgCode 11); the stored value is null. */
function badValue(def: FieldDef, value: JsonValue, place: Place, errors: K3Error[], what: string): null {
  errors.push({
    FieldName: def.key,
    Message: where(place, `字段“${def.label}”的值“${String(value)}”${what}`),
    MsgCode: 11,
  });
  return null;
}

/** Every field may be written (no `NeedUpDateFields`): one shared predicate instead of a closure per package. */
function everyField(_key: string): boolean {
  return true;
}

/**
 * Applies the model's fields of one level (header or entry row) onto `target`; adds the keys given to
 * `given` when one is passed (the header's defaults need them; entry rows do not).
 */
function applyFields(
  source: JsonObject,
  defs: ReadonlyMap<string, FieldDef>,
  target: Record<string, StoredValue>,
  place: Place,
  opts: BuildOptions,
  errors: K3Error[],
  allowed: (key: string) => boolean,
  given: Set<string> | null,
): void {
  // Reference fields and their values, alternating (no pair array per field).
  const refs: (FieldDef | JsonValue)[] = [];
  for (const rawKey in source) {
    const value = source[rawKey] as JsonValue;
    const def = defs.get(lowerKey(rawKey));
    if (!def || !allowed(def.key)) continue;
    given?.add(def.key);
    if (def.kind === 'ref') refs.push(def, value);
    else target[def.key] = readScalar(def, value, place, errors);
  }
  // references last: FCONTACTUNIT's table is the (possibly just written) FCONTACTUNITTYPE
  for (let i = 0; i < refs.length; i += 2) {
    const def = refs[i] as FieldDef;
    const formId = def.table?.startsWith('@') ? String(target[def.table.slice(1)] ?? '') : (def.table ?? '');
    target[def.key] = readRef(def, refs[i + 1] as JsonValue, opts.baseData.get(formId), place, opts, errors);
  }
}

/** Looks up a key case-insensitively in a model object. */
export function pick(source: JsonObject, key: string): JsonValue | undefined {
  const lower = lowerKey(key);
  for (const k in source) if (lowerKey(k) === lower) return source[k];
  return undefined;
}

/** Lower-cased model keys: clients send the same few dozen keys in every package, so each is lowered once. */
const LOWER_KEYS = new Map<string, string>();

/** `key.toLowerCase()`, remembered. */
function lowerKey(key: string): string {
  let lower = LOWER_KEYS.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    if (LOWER_KEYS.size >= 4096) LOWER_KEYS.clear();
    LOWER_KEYS.set(key, lower);
  }
  return lower;
}

/** Reference to a seeded record, for defaults. */
function seededRef(opts: BuildOptions, formId: string, number: string): BaseRef | null {
  const record = opts.baseData.get(formId)?.byNumber.get(number);
  return record ? baseRefOf(formId, record) : null;
}

/** Fills the header defaults the real form's value-update rules would fill. */
function applyHeaderDefaults(
  values: Record<string, StoredValue>,
  given: Set<string>,
  opts: BuildOptions,
): void {
  const fill = (key: string, value: StoredValue) => {
    if (values[key] === undefined && !given.has(key)) values[key] = value;
  };
  fill('FBillTypeID', seededRef(opts, 'BOS_BillType', 'FKDLX01_SYS'));
  fill('FDATE', opts.today);
  fill('FCURRENCYID', seededRef(opts, 'BD_Currency', 'PRE001'));
  fill('FSETTLECUR', values.FCURRENCYID ?? null);
  fill('FSETTLEMAINBOOKID', seededRef(opts, 'BD_Currency', 'PRE001'));
  fill('FEXCHANGERATE', 1);
  fill('FSETTLERATE', 1);
  fill('FCancelStatus', 'A');
  fill('FRECTUNITTYPE', values.FCONTACTUNITTYPE ?? null);
  if (values.FRECTUNITTYPE === values.FCONTACTUNITTYPE) fill('FRECTUNIT', values.FCONTACTUNIT ?? null);
}

/** Reads the entry rows of the model, merged with the existing rows on update. */
function buildEntries(
  model: JsonObject,
  existing: PayBill | undefined,
  opts: BuildOptions,
  errors: K3Error[],
): PayBillEntry[] {
  const old = existing?.entries.map((e) => ({ ...e, values: { ...e.values } })) ?? [];
  const rows = pick(model, ENTRY_KEY);
  const allowedEntity =
    opts.needUpdateFields.size === 0 || opts.needUpdateFields.has(ENTRY_KEY.toLowerCase());
  if (!Array.isArray(rows) || !allowedEntity) return old;
  // allowedEntity holds here, so every entry field may be written.
  const result: PayBillEntry[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as JsonValue;
    if (!isJsonObject(row)) continue;
    const entryId = Number(pick(row, 'FEntryID') ?? 0) || 0;
    const base = entryId ? old.find((e) => e.FEntryID === entryId) : undefined;
    const entry: PayBillEntry = base ?? { FEntryID: 0, FSeq: i + 1, values: {} };
    applyFields(row, ENTRY_BY_KEY, entry.values, { seq: i + 1 }, opts, errors, everyField, null);
    result.push(entry);
  }
  const entries = opts.isDeleteEntry ? result : [...old.filter((e) => !result.includes(e)), ...result];
  // Every row here is this call's own object (new, or a copy of an old one): renumbered in place.
  for (let i = 0; i < entries.length; i++) (entries[i] as PayBillEntry).FSeq = i + 1;
  return entries;
}

/** Entry defaults, required fields and the bank-settlement rule. */
function checkEntries(entries: PayBillEntry[], opts: BuildOptions, errors: K3Error[]): void {
  const bankTypes = opts.baseData.get('BD_SETTLETYPE')?.byNumber;
  if (entries.length === 0) {
    errors.push({
      FieldName: ENTRY_KEY,
      Message: `单据体【${ENTRY_LABEL}】至少需要录入一行分录`,
      MsgCode: 11,
    });
  }
  for (const entry of entries) {
    const v = entry.values;
    for (const key of ['FPAYAMOUNTFOR_E', 'FSETTLEPAYAMOUNTFOR', 'FREALPAYAMOUNTFOR_D']) {
      if (v[key] === undefined || v[key] === null) v[key] = v.FPAYTOTALAMOUNTFOR ?? null;
    }
    for (const def of ENTRY_FIELDS) {
      if (def.required && (v[def.key] === undefined || v[def.key] === null)) {
        errors.push({
          FieldName: def.key,
          Message: where({ seq: entry.FSeq }, `【${def.label}】字段必录`),
          MsgCode: 11,
        });
      }
    }
    const settle = v.FSETTLETYPEID;
    if (isBaseRef(settle) && bankTypes?.get(settle.number)?.isBank && !isBaseRef(v.FACCOUNTID)) {
      errors.push({
        FieldName: 'FACCOUNTID',
        Message: `第${entry.FSeq}行分录，银行业务的结算方式，我方银行相关信息必录！`,
        MsgCode: 11,
      });
    }
  }
}

/** Sums an entry amount, rounded to cents. */
function total(entries: PayBillEntry[], key: string): number {
  const sum = entries.reduce(
    (acc, e) => acc + (typeof e.values[key] === 'number' ? (e.values[key] as number) : 0),
    0,
  );
  return Math.round(sum * 100) / 100;
}

/** Reads a Save model into bill content, merged with `existing` on update, and validates it. */
export function buildPayBill(
  model: JsonObject,
  existing: PayBill | undefined,
  opts: BuildOptions,
): BuiltBill {
  const errors: K3Error[] = [];
  const values: Record<string, StoredValue> = { ...(existing?.values ?? {}) };
  const allowed =
    opts.needUpdateFields.size === 0 || !existing
      ? everyField
      : (key: string) => opts.needUpdateFields.has(key.toLowerCase());
  const given = new Set<string>();
  applyFields(model, HEADER_BY_KEY, values, { seq: null }, opts, errors, allowed, given);
  applyHeaderDefaults(values, given, opts);
  for (const def of HEADER_FIELDS) {
    if (
      def.required &&
      (values[def.key] === undefined || values[def.key] === null || values[def.key] === '')
    ) {
      errors.push({ FieldName: def.key, Message: `字段“${def.label}”是必填项`, MsgCode: 11 });
    }
  }
  const entries = buildEntries(model, existing, opts, errors);
  checkEntries(entries, opts, errors);
  values.FPAYTOTALAMOUNTFOR_H = total(entries, 'FPAYTOTALAMOUNTFOR');
  values.FREALPAYAMOUNTFOR_H = total(entries, 'FREALPAYAMOUNTFOR_D');
  const billNo = pick(model, 'FBillNo');
  const text = typeof billNo === 'string' || typeof billNo === 'number' ? String(billNo).trim() : '';
  return { values, entries, errors, billNo: text === '' ? null : text };
}
