import { ApiError } from '../api/client.ts';
import type { Translate } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import type { FormDef } from './flow-context.ts';

/**
 * One problem of a rejected form record (`details.problems` of the server's INPUT_INVALID answer) and where it
 * is in the form: a header field, a detail table, or a row (0-based) of one and the field in that row.
 */
export interface RecordProblem {
  /** The server's path: `amount`, `lines`, `lines[2]`, `lines[2].price`. */
  path: string;
  /** `required | type | option | unknown_field | min_rows` (others are shown with the server's message). */
  code: string;
  /** The server's message (both languages), used when the code is not one the console words itself. */
  message: string;
  detail?: string;
  row?: number;
  field?: string;
}

const PATH = /^([^.[\]]+)(?:\[(\d+)\](?:\.(.+))?)?$/;

/** Where a problem path is in the form (a bare name is a detail table when the form has one of that id). */
export function locate(path: string, form: FormDef): Pick<RecordProblem, 'detail' | 'row' | 'field'> {
  const m = PATH.exec(path);
  if (!m?.[1]) return {};
  if (m[2] !== undefined) return { detail: m[1], row: Number(m[2]), ...(m[3] ? { field: m[3] } : {}) };
  return (form.details ?? []).some((d) => d.id === m[1]) ? { detail: m[1] } : { field: m[1] };
}

/** The problems of a rejected record, located in the form; empty for any other error. */
export function recordProblemsOf(error: unknown, form: FormDef): RecordProblem[] {
  if (!(error instanceof ApiError)) return [];
  const list = (error.details as { problems?: unknown } | null)?.problems;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null)
    .map((p) => {
      const path = typeof p.path === 'string' ? p.path : '';
      return {
        path,
        code: typeof p.code === 'string' ? p.code : '',
        message: typeof p.message === 'string' ? p.message : '',
        ...locate(path, form),
      };
    });
}

const TYPE_TEXT: Record<string, MessageKey> = {
  text: 'forms.mustBeText',
  textarea: 'forms.mustBeText',
  number: 'forms.mustBeNumber',
  decimal: 'forms.mustBeNumber',
  date: 'forms.mustBeDate',
  datetime: 'forms.mustBeDatetime',
  boolean: 'forms.mustBeBoolean',
  select: 'forms.mustBeOption',
};

function fieldOf(p: RecordProblem, form: FormDef) {
  const fields = p.detail ? form.details?.find((d) => d.id === p.detail)?.fields : form.fields;
  return fields?.find((f) => f.id === p.field);
}

/** What is wrong, in the console's language (the server's message for codes it does not know). */
export function problemText(p: RecordProblem, form: FormDef, t: Translate): string {
  const detail = form.details?.find((d) => d.id === p.detail);
  const field = fieldOf(p, form);
  if (p.code === 'required') return t('forms.problemRequired');
  if (p.code === 'option') return t('forms.problemOption');
  if (p.code === 'unknown_field') return t('forms.problemUnknown');
  if (p.code === 'min_rows' && detail?.minRows !== undefined)
    return t('forms.problemMinRows', { n: detail.minRows });
  if (p.code === 'type') {
    if (p.field === undefined && p.row !== undefined) return t('forms.mustBeRow');
    if (p.field === undefined && detail) return t('forms.mustBeRows');
    const key = field && TYPE_TEXT[field.type];
    if (key) return t(key);
  }
  return p.message;
}

/** Where the problem is, as the page names it: the field's label, the detail table, its row and field. */
export function problemPlace(p: RecordProblem, form: FormDef, t: Translate): string {
  const detail = form.details?.find((d) => d.id === p.detail);
  const field = fieldOf(p, form);
  const fieldName = field ? field.label || field.id : p.field;
  if (p.detail === undefined) return fieldName ?? t('forms.problemRecord');
  const table = detail?.label || p.detail;
  const place = p.row === undefined ? table : t('forms.problemRow', { detail: table, n: p.row + 1 });
  return fieldName ? `${place} · ${fieldName}` : place;
}

/** One line of the problem list: place and problem. */
export function problemLine(p: RecordProblem, form: FormDef, t: Translate): string {
  return t('forms.problemAt', { place: problemPlace(p, form, t), problem: problemText(p, form, t) });
}
