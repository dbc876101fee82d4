import type { FormDefinition, FormFieldDefinition } from '../definitions/form-schema.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';

/** Codes of form record problems (stable: the console translates by code). */
export type FormProblemCode = 'required' | 'type' | 'option' | 'unknown_field' | 'min_rows';

/** One problem of a form record: where it is (`amount`, `lines[2].price`), a code and a message. */
export interface FormProblem {
  path: string;
  code: FormProblemCode;
  message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Validates a record's data against a form: required fields, field types, select options, detail rows; returns every problem. */
export function validateFormRecord(form: FormDefinition, data: unknown): FormProblem[] {
  if (!isJsonObject(data))
    return [{ path: '', code: 'type', message: '表单数据必须是对象 / record data must be an object' }];
  const problems: FormProblem[] = [];
  const detailIds = new Set(form.details.map((d) => d.id));
  checkFields(form.fields, data, '', problems, detailIds);
  for (const detail of form.details) {
    const rows = data[detail.id];
    if (rows === undefined || rows === null) {
      if (detail.minRows > 0) problems.push(minRows(detail.id, detail.minRows));
      continue;
    }
    if (!Array.isArray(rows)) {
      problems.push({
        path: detail.id,
        code: 'type',
        message: `明细表 ${detail.label} 必须是数组 / detail "${detail.id}" must be an array`,
      });
      continue;
    }
    if (rows.length < detail.minRows) problems.push(minRows(detail.id, detail.minRows));
    rows.forEach((row, index) => {
      const at = `${detail.id}[${index}]`;
      if (!isJsonObject(row))
        problems.push({
          path: at,
          code: 'type',
          message: `明细行必须是对象 / detail row ${at} must be an object`,
        });
      else checkFields(detail.fields, row, `${at}.`, problems, new Set());
    });
  }
  return problems;
}

/** Returns a copy of the data with each absent field's default filled in (header and detail rows). */
export function applyFormDefaults(form: FormDefinition, data: JsonObject): JsonObject {
  const out = withDefaults(form.fields, data);
  for (const detail of form.details) {
    const rows = out[detail.id];
    if (Array.isArray(rows))
      out[detail.id] = rows.map((row) => (isJsonObject(row) ? withDefaults(detail.fields, row) : row));
  }
  return out;
}

function withDefaults(fields: readonly FormFieldDefinition[], data: JsonObject): JsonObject {
  const out: JsonObject = { ...data };
  for (const field of fields)
    if (out[field.id] === undefined && field.default !== undefined) out[field.id] = field.default;
  return out;
}

function minRows(detailId: string, min: number): FormProblem {
  return {
    path: detailId,
    code: 'min_rows',
    message: `明细表至少需要 ${min} 行 / detail "${detailId}" needs at least ${min} row(s)`,
  };
}

function checkFields(
  fields: readonly FormFieldDefinition[],
  data: JsonObject,
  prefix: string,
  problems: FormProblem[],
  allowed: ReadonlySet<string>,
): void {
  const known = new Set(fields.map((f) => f.id));
  for (const key of Object.keys(data)) {
    if (!known.has(key) && !allowed.has(key))
      problems.push({
        path: `${prefix}${key}`,
        code: 'unknown_field',
        message: `未知字段 ${key} / unknown field "${key}"`,
      });
  }
  for (const field of fields) {
    const value = data[field.id];
    const path = `${prefix}${field.id}`;
    if (value === undefined || value === null || value === '') {
      if (field.required)
        problems.push({
          path,
          code: 'required',
          message: `${field.label} 为必填项 / "${field.id}" is required`,
        });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem)
      problems.push({
        path,
        code: problem.code,
        message: `${field.label}：${problem.zh} / "${field.id}": ${problem.en}`,
      });
  }
}

function fieldProblem(
  field: FormFieldDefinition,
  value: JsonValue,
): { code: FormProblemCode; zh: string; en: string } | undefined {
  const type = (zh: string, en: string) => ({ code: 'type' as const, zh, en });
  switch (field.type) {
    case 'text':
    case 'textarea':
      return typeof value === 'string' ? undefined : type('应为文本', 'must be text');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : type('应为数字', 'must be a number');
    case 'decimal':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && DECIMAL.test(value))
        ? undefined
        : type('应为数字（可为 "123.45" 形式的文本）', 'must be a number or a decimal string like "123.45"');
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : type('应为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
    case 'datetime':
      return (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
        ? undefined
        : type('应为日期时间（ISO 文本或毫秒数）', 'must be an ISO date-time or epoch milliseconds');
    case 'boolean':
      return typeof value === 'boolean' ? undefined : type('应为是/否', 'must be true or false');
    case 'select': {
      if (typeof value !== 'string') return type('应为选项值文本', 'must be an option value');
      const options = field.options ?? [];
      return options.length === 0 || options.some((o) => o.value === value)
        ? undefined
        : {
            code: 'option',
            zh: `不是允许的选项（${options.map((o) => o.value).join('、')}）`,
            en: 'is not one of the options',
          };
    }
  }
}
