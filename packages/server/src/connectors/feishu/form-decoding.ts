import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import { isBlank, parseJsonText } from '../kit/input-fields.ts';

/** Widget types that carry no user value (labels, descriptions). */
const NO_VALUE_TYPES = new Set(['text', 'description']);

/**
 * Decodes Feishu's `form` (a JSON string of widgets, or the parsed array) into an object keyed by
 * widget `name`: values are kept as Feishu typed them (amount/number numbers, date RFC 3339
 * strings, radio text, attachment URL arrays); a `fieldList` (明细) becomes an array of row
 * objects keyed by the inner widgets' names. Unnamed or label-only widgets are left out; a repeated
 * name keeps the first non-empty value. Bad JSON → {}.
 */
export function decodeFeishuForm(form: JsonValue | undefined): JsonObject {
  const widgets = parseWidgets(form);
  const out: JsonObject = {};
  for (const widget of widgets) {
    const name = widget.name;
    if (typeof name !== 'string' || name === '' || NO_VALUE_TYPES.has(String(widget.type))) continue;
    const value = widget.type === 'fieldList' ? decodeFieldList(widget.value) : (widget.value ?? null);
    if (!(name in out) || isBlank(out[name])) out[name] = value;
  }
  return out;
}

/** A fieldList value (2-D: one array of widgets per row) → row objects keyed by widget name. */
export function decodeFieldList(value: JsonValue | undefined): JsonObject[] {
  const rows = typeof value === 'string' ? parseJsonText(value) : value;
  if (!Array.isArray(rows)) return [];
  return rows.map((row) => decodeFeishuForm(Array.isArray(row) ? row : []));
}

/** A Feishu ms string ("1716172200000"; "0" = not yet) → epoch ms or null. */
export function msOf(value: JsonValue | undefined): number | null {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * The decoded instance of a detail answer's `data`: header fields with ms numbers, the form
 * decoded by name, comments as `{id, userId, text, createTimeMs}`, and Feishu's raw `data` under `instance`.
 */
export function decodeInstance(code: string, data: JsonValue | undefined): JsonObject {
  const raw = isJsonObject(data) ? data : {};
  const comments = Array.isArray(raw.comment_list) ? raw.comment_list : [];
  return {
    instanceCode: String(raw.instance_code ?? code),
    serialNumber: String(raw.serial_number ?? ''),
    approvalCode: String(raw.approval_code ?? ''),
    approvalName: String(raw.approval_name ?? ''),
    status: String(raw.status ?? ''),
    userId: String(raw.user_id ?? ''),
    openId: String(raw.open_id ?? ''),
    departmentId: String(raw.department_id ?? ''),
    startTimeMs: msOf(raw.start_time),
    endTimeMs: msOf(raw.end_time),
    form: decodeFeishuForm(raw.form),
    comments: comments.filter(isJsonObject).map((c) => ({
      id: String(c.id ?? ''),
      userId: String(c.user_id ?? ''),
      text: String(c.comment ?? ''),
      createTimeMs: msOf(c.create_time),
    })),
    instance: raw,
  };
}

function parseWidgets(form: JsonValue | undefined): JsonObject[] {
  const value = typeof form === 'string' ? parseJsonText(form) : form;
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}
