import { memoizeByText } from '../../simulator-kit/index.ts';

/** The AP_PAYBILL (付款单) field model the simulator knows (reference kingdee-k3cloud.md §7). */

/** How a field's value is read from a Save model and stored. */
export type FieldKind = 'text' | 'number' | 'date' | 'bool' | 'ref' | 'unitType';

/** One field of the bill header or of the FPAYBILLENTRY entry. */
export interface FieldDef {
  readonly key: string;
  /** Chinese label, used in error messages. */
  readonly label: string;
  readonly kind: FieldKind;
  /** For `ref`: the base-data form id, or `@<typeField>` when the form id is the value of another field. */
  readonly table?: string;
  readonly required?: boolean;
}

/** A resolved base-data reference as stored on a bill. */
export interface BaseRef {
  readonly formId: string;
  readonly id: number;
  readonly number: string;
  readonly name: string;
}

/** A stored field value. */
export type StoredValue = string | number | boolean | null | BaseRef;

/** One FPAYBILLENTRY row. */
export interface PayBillEntry {
  FEntryID: number;
  FSeq: number;
  values: Record<string, StoredValue>;
}

/** One stored AP_PAYBILL. */
export interface PayBill {
  FID: number;
  FBillNo: string;
  /** Z 暂存, A 创建, B 审核中, C 已审核, D 重新审核. */
  FDOCUMENTSTATUS: 'Z' | 'A' | 'B' | 'C' | 'D';
  FCreateDate: string;
  FModifyDate: string;
  FApproveDate: string | null;
  values: Record<string, StoredValue>;
  entries: PayBillEntry[];
}

/** Form id of the payment bill. */
export const PAY_BILL_FORM_ID = 'AP_PAYBILL';
/** Key of the payment detail entry. */
export const ENTRY_KEY = 'FPAYBILLENTRY';
/** Chinese name of the entry (used in messages). */
export const ENTRY_LABEL = '付款明细';
/** Chinese name of the form (used in messages). */
export const FORM_LABEL = '付款单';

/** Header fields (besides FID, FBillNo, FDOCUMENTSTATUS and the dates, which the server owns). */
export const HEADER_FIELDS: readonly FieldDef[] = [
  { key: 'FBillTypeID', label: '单据类型', kind: 'ref', table: 'BOS_BillType', required: true },
  { key: 'FDATE', label: '业务日期', kind: 'date', required: true },
  { key: 'FCONTACTUNITTYPE', label: '往来单位类型', kind: 'unitType', required: true },
  { key: 'FCONTACTUNIT', label: '往来单位', kind: 'ref', table: '@FCONTACTUNITTYPE', required: true },
  { key: 'FRECTUNITTYPE', label: '收款单位类型', kind: 'unitType', required: true },
  { key: 'FRECTUNIT', label: '收款单位', kind: 'ref', table: '@FRECTUNITTYPE', required: true },
  { key: 'FSETTLEORGID', label: '结算组织', kind: 'ref', table: 'ORG_Organizations', required: true },
  { key: 'FPAYORGID', label: '付款组织', kind: 'ref', table: 'ORG_Organizations', required: true },
  { key: 'FPURCHASEORGID', label: '采购组织', kind: 'ref', table: 'ORG_Organizations' },
  { key: 'FPURCHASEDEPTID', label: '采购部门', kind: 'ref', table: 'BD_Department' },
  { key: 'FCURRENCYID', label: '币别', kind: 'ref', table: 'BD_Currency', required: true },
  { key: 'FSETTLECUR', label: '结算币别', kind: 'ref', table: 'BD_Currency' },
  { key: 'FSETTLEMAINBOOKID', label: '本位币', kind: 'ref', table: 'BD_Currency' },
  { key: 'FEXCHANGERATE', label: '汇率', kind: 'number' },
  { key: 'FSETTLERATE', label: '结算汇率', kind: 'number' },
  { key: 'FBUSINESSTYPE', label: '业务类型', kind: 'text' },
  { key: 'FCancelStatus', label: '作废状态', kind: 'text' },
  { key: 'FREMARK', label: '备注', kind: 'text' },
  { key: 'FPAYTOTALAMOUNTFOR_H', label: '应付金额', kind: 'number' },
  { key: 'FREALPAYAMOUNTFOR_H', label: '实付金额', kind: 'number' },
  { key: 'FISINIT', label: '期初', kind: 'bool' },
  { key: 'FISSAMEORG', label: '同一组织', kind: 'bool' },
  { key: 'FIsCredit', label: '信用', kind: 'bool' },
  { key: 'FIsWriteOff', label: '核销', kind: 'bool' },
  { key: 'FREALPAY', label: '实付', kind: 'bool' },
];

/** FPAYBILLENTRY fields (besides FEntryID and FSeq). */
export const ENTRY_FIELDS: readonly FieldDef[] = [
  { key: 'FSETTLETYPEID', label: '结算方式', kind: 'ref', table: 'BD_SETTLETYPE', required: true },
  { key: 'FPURPOSEID', label: '付款用途', kind: 'ref', table: 'CN_RECPAYPURPOSE', required: true },
  { key: 'FPAYTOTALAMOUNTFOR', label: '应付金额', kind: 'number', required: true },
  { key: 'FPAYAMOUNTFOR_E', label: '付款金额', kind: 'number' },
  { key: 'FSETTLEPAYAMOUNTFOR', label: '折后金额', kind: 'number' },
  { key: 'FSETTLEDISTAMOUNTFOR', label: '现金折扣', kind: 'number' },
  { key: 'FREALPAYAMOUNTFOR_D', label: '实付金额', kind: 'number' },
  { key: 'FHANDLINGCHARGEFOR', label: '手续费', kind: 'number' },
  { key: 'FACCOUNTID', label: '我方银行账号', kind: 'ref', table: 'CN_BANKACNT' },
  { key: 'FCOSTID', label: '费用项目', kind: 'ref', table: 'BD_Expense' },
  { key: 'FEXPENSEDEPTID_E', label: '费用承担部门', kind: 'ref', table: 'BD_Department' },
  { key: 'FCOMMENT', label: '备注', kind: 'text' },
  { key: 'FPOSTDATE', label: '登账日期', kind: 'date' },
  { key: 'FRecType', label: '收款类型', kind: 'text' },
  { key: 'FOPPOSITEBANKACCOUNT', label: '对方银行账号', kind: 'text' },
  { key: 'FOPPOSITECCOUNTNAME', label: '对方账户名称', kind: 'text' },
  { key: 'FOPPOSITEBANKNAME', label: '对方开户行', kind: 'text' },
  { key: 'FCNAPS', label: '联行号', kind: 'text' },
];

/** Field definitions by lower-case key. */
export const HEADER_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(
  HEADER_FIELDS.map((f) => [f.key.toLowerCase(), f]),
);
/** Entry field definitions by lower-case key. */
export const ENTRY_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(
  ENTRY_FIELDS.map((f) => [f.key.toLowerCase(), f]),
);

/** Whether a stored value is a base-data reference. */
export function isBaseRef(value: StoredValue | undefined): value is BaseRef {
  return typeof value === 'object' && value !== null;
}

/**
 * Normalises "2026-03-04", "2026-03-04 10:00:00" or ISO text to "yyyy-MM-ddTHH:mm:ss"; null when not a
 * date. Clients send the same few hundred dates in every package: each text is read once.
 */
export const normaliseDate: (text: string) => string | null = memoizeByText((text) => readDate(text));

function readDate(text: string): string | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '', d = '', h = '0', mi = '0', s = '0'] = m;
  const p = (v: string) => v.padStart(2, '0');
  const date = new Date(`${y}-${p(mo)}-${p(d)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d)) return null;
  return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}:${p(s)}`;
}

/** Local "yyyy-MM-ddTHH:mm:ss" (Beijing time, as the server formats dates) of an epoch ms. */
export function formatK3Time(ms: number): string {
  // Every package of a batch asks for the same second: the last answer is kept.
  const second = Math.floor(ms / 1000);
  if (second !== lastTime.second) {
    lastTime.second = second;
    lastTime.text = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19);
  }
  return lastTime.text;
}

const lastTime = { second: Number.NaN, text: '' };

/** The stored reference to a base-data record (one shared, immutable object per record). */
export function baseRefOf(formId: string, record: { id: number; number: string; name: string }): BaseRef {
  let ref = BASE_REFS.get(record);
  if (ref === undefined || ref.formId !== formId) {
    ref = Object.freeze({ formId, id: record.id, number: record.number, name: record.name });
    BASE_REFS.set(record, ref);
  }
  return ref;
}

const BASE_REFS = new WeakMap<object, BaseRef>();
