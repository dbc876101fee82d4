import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import { isBlank, parseJsonText } from '../kit/input-fields.ts';

// DingTalk sends every form value as a string; complex components JSON-encode into it (reference §5).
// These functions turn `form_component_values` / `formComponentValues` into an object keyed by the
// form's own Chinese labels, which is what a mapping author sees in the approval form.

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Component types whose `value` is a JSON array string (decoded into an array; "" → []). */
const JSON_ARRAY_TYPES = new Set(['DDMultiSelectField', 'DDAttachment', 'DDPhotoField', 'DDDateRangeField']);

/** How a v1.0 time string `yyyy-MM-ddTHH:mmZ` is read: Beijing wall clock (default, as observed) or real UTC. */
export type V1TimeZone = 'beijing' | 'utc';

/**
 * Decodes a form component list into `{label: value}`: plain values stay strings, JSON-array types
 * become arrays, TableField (明细) becomes an array of row objects keyed by column label; components
 * without a label (TextNote 说明文字) are skipped. A repeated label keeps the first non-empty value.
 */
export function decodeForm(components: JsonValue | undefined): JsonObject {
  const form: JsonObject = {};
  if (!Array.isArray(components)) return form;
  for (const item of components) {
    if (!isJsonObject(item)) continue;
    const label = item.name;
    if (typeof label !== 'string' || label === '') continue;
    const type = stringOf(item.component_type ?? item.componentType);
    const value = decodeValue(type, item.value);
    if (!(label in form) || isBlank(form[label])) form[label] = value;
  }
  return form;
}

/** Decodes one component value by its type. */
export function decodeValue(componentType: string, value: JsonValue | undefined): JsonValue {
  if (componentType === 'TableField') return decodeTable(value);
  if (JSON_ARRAY_TYPES.has(componentType)) {
    const parsed = parseJsonText(value);
    return Array.isArray(parsed) ? parsed : value === undefined || value === '' ? [] : (value ?? null);
  }
  return value ?? null;
}

/**
 * Parses a TableField value (a JSON string of `{rowNumber, rowValue: [{label, key, value}]}` rows)
 * into row objects keyed by column label; `""`, `"[]"`, a missing value or bad JSON give [].
 */
export function decodeTable(value: JsonValue | undefined): JsonObject[] {
  const parsed = typeof value === 'string' ? parseJsonText(value) : value;
  if (!Array.isArray(parsed)) return [];
  const rows: JsonObject[] = [];
  for (const row of parsed) {
    // Input-format rows are arrays of cells; read-back rows wrap them in `rowValue`.
    const cells = Array.isArray(row) ? row : isJsonObject(row) ? row.rowValue : undefined;
    if (!Array.isArray(cells)) continue;
    const out: JsonObject = {};
    for (const cell of cells) {
      if (!isJsonObject(cell)) continue;
      const label = stringOf(cell.label ?? cell.name ?? cell.key);
      if (label !== '') out[label] = cell.value ?? null;
    }
    rows.push(out);
  }
  return rows;
}

/**
 * Epoch ms of a legacy `yyyy-MM-dd HH:mm[:ss]` (or `T` between date and time) Beijing-time string;
 * null when absent or malformed. Read by character codes: every instance carries two of them.
 */
export function legacyTimeToMs(text: JsonValue | undefined): number | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  const seconds = t.length === 19;
  if (!seconds && t.length !== 16) return null;
  const sep = t.charCodeAt(10);
  if (t.charCodeAt(4) !== DASH || t.charCodeAt(7) !== DASH || (sep !== SPACE && sep !== LETTER_T))
    return null;
  if (t.charCodeAt(13) !== COLON || (seconds && t.charCodeAt(16) !== COLON)) return null;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  const h = digits(t, 11, 2);
  const mi = digits(t, 14, 2);
  const s = seconds ? digits(t, 17, 2) : 0;
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
}

const DASH = 45;
const SPACE = 32;
const LETTER_T = 84;
const COLON = 58;

/** The number written by `count` ASCII digits of `text` from `start`; -1 if one of them is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/** Epoch ms of a v1.0 `yyyy-MM-ddTHH:mmZ` string, reading the wall clock as Beijing (default) or UTC. */
export function v1TimeToMs(text: JsonValue | undefined, zone: V1TimeZone = 'beijing'): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const utc = Date.UTC(+(y ?? 0), +(mo ?? 1) - 1, +(d ?? 1), +(h ?? 0), +(mi ?? 0), +(s ?? 0));
  return zone === 'utc' ? utc : utc - BEIJING_OFFSET_MS;
}

function stringOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** A legacy `process_instance` made friendly: id, headline fields, epoch-ms times, decoded `form`, and the raw object. */
export function decodeLegacyInstance(processInstanceId: string, raw: JsonValue | undefined): JsonObject {
  const pi = isJsonObject(raw) ? raw : {};
  return {
    processInstanceId,
    businessId: pi.business_id ?? null,
    title: pi.title ?? null,
    status: pi.status ?? null,
    result: pi.result ?? '',
    originatorUserId: pi.originator_userid ?? null,
    createTimeMs: legacyTimeToMs(pi.create_time),
    finishTimeMs: legacyTimeToMs(pi.finish_time),
    form: decodeForm(pi.form_component_values),
    process_instance: pi,
  };
}

/** A v1.0 `result` made friendly like `decodeLegacyInstance` (raw kept under `instance`). */
export function decodeV1Instance(
  processInstanceId: string,
  raw: JsonValue | undefined,
  zone: V1TimeZone = 'beijing',
): JsonObject {
  const r = isJsonObject(raw) ? raw : {};
  return {
    processInstanceId,
    businessId: r.businessId ?? null,
    title: r.title ?? null,
    status: r.status ?? null,
    result: r.result ?? '',
    originatorUserId: r.originatorUserId ?? null,
    createTimeMs: v1TimeToMs(r.createTime, zone),
    finishTimeMs: v1TimeToMs(r.finishTime, zone),
    form: decodeForm(r.formComponentValues),
    instance: r,
  };
}
