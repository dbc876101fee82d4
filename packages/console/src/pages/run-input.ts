import type { Flow } from '../flow/flow-model.ts';
import type { FormField } from '../mapping/field-tree.ts';
import type { FormDef } from './flow-context.ts';

/** What the run-now dialog opens with: the input text, and the trigger that normally starts the flow. */
export interface RunInputStart {
  /** The input as JSON text: `{}`, or a skeleton of what the flow reads. */
  text: string;
  /** The flow's trigger type (`manual` needs no hint). */
  trigger: string;
  /** The form a form-triggered flow listens to (when the editor knows it). */
  form?: { id: string; name: string };
}

/** `trigger.<part>.<key>` in a flow's steps: where a run's input lands (`input` by hand, `body` for a webhook). */
const keyPattern = (part: 'input' | 'body') =>
  new RegExp(`\\btrigger\\.${part}\\.([A-Za-z_$\\u4e00-\\u9fa5][\\w$\\u4e00-\\u9fa5]*)`, 'g');

/**
 * The keys of the run input the flow reads (`trigger.input.<key>` anywhere in its steps; for a webhook
 * flow `trigger.body.<key>`, where the server puts a hand-started webhook run's input), in first-use order.
 */
export function inputKeysOf(flow: Flow): string[] {
  const text = JSON.stringify(flow.steps ?? []);
  const part = flow.trigger?.type === 'webhook' ? 'body' : 'input';
  return [...new Set([...text.matchAll(keyPattern(part))].map((m) => m[1] ?? ''))].filter(Boolean);
}

function blankOf(field: FormField): unknown {
  if (field.type === 'number' || field.type === 'decimal') return 0;
  if (field.type === 'boolean') return false;
  if (field.type === 'select') return field.options?.[0]?.value ?? '';
  return '';
}

/** A blank record of a form: each field with an empty value of its type, one row per detail table. */
export function blankRecordOf(form: FormDef): Record<string, unknown> {
  const record: Record<string, unknown> = Object.fromEntries(form.fields.map((f) => [f.id, blankOf(f)]));
  for (const d of form.details ?? [])
    record[d.id] = [Object.fromEntries(d.fields.map((f) => [f.id, blankOf(f)]))];
  return record;
}

/**
 * The dialog's starting input: for a form-triggered flow a blank record of its form; otherwise the keys
 * the flow reads from `trigger.input` (value null, to be filled in), or `{}` when it reads none.
 */
export function runInputStart(flow: Flow, forms: FormDef[]): RunInputStart {
  const trigger = flow.trigger?.type ?? 'manual';
  const formId = trigger === 'form' && typeof flow.trigger.form === 'string' ? flow.trigger.form : undefined;
  const form = forms.find((f) => f.id === formId);
  const value = form
    ? blankRecordOf(form)
    : Object.fromEntries(inputKeysOf(flow).map((k): [string, unknown] => [k, null]));
  return {
    text: JSON.stringify(value, null, 2),
    trigger,
    ...(formId ? { form: { id: formId, name: form?.name ?? formId } } : {}),
  };
}

/** The run input parsed from the dialog's text: empty means `{}`; a JSON error names its line when it can. */
export function parseRunInput(
  text: string,
): { ok: true; value: unknown } | { ok: false; message: string; line?: number } {
  if (!text.trim()) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const message = (e as Error).message;
    const line = /\bline (\d+)/.exec(message)?.[1];
    const position = /\bposition (\d+)/.exec(message)?.[1];
    if (line) return { ok: false, message, line: Number(line) };
    if (position) return { ok: false, message, line: text.slice(0, Number(position)).split('\n').length };
    return { ok: false, message };
  }
}
