import { inLanguage } from '../i18n/bilingual.ts';

/** A place in a definition: object keys from the root (`['target', 'batchSize']`). */
export type FieldPath = readonly string[];

/** A definition object as the sync form edits it (unknown keys are kept untouched). */
export type SyncDoc = Record<string, unknown>;

/** One key/value row of an input editor: the key, the text shown and the value it stands for. */
export interface KeyValueRow {
  key: string;
  text: string;
  value: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` (undefined when any part is absent). */
export function getPath(doc: unknown, path: FieldPath): unknown {
  let current = doc;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * A copy of `doc` with `value` at `path`: only the objects along the path are copied (everything else,
 * unknown keys included, is shared); `undefined` removes the key; missing objects on the way are created.
 */
export function setPath<D extends Record<string, unknown>>(doc: D, path: FieldPath, value: unknown): D {
  const [key, ...rest] = path;
  if (key === undefined) return doc;
  const next: Record<string, unknown> = { ...doc };
  const inner = rest.length ? setPath(isRecord(doc[key]) ? doc[key] : {}, rest, value) : value;
  if (inner === undefined) delete next[key];
  else next[key] = inner;
  return next as D;
}

/**
 * A copy of `doc` with a choice at `path` that has a default: the default is written as no key at all (the
 * server applies it), so picking it removes the key and the YAML says only what differs
 * (`target.onDuplicate`: `fail` unless `adopt`).
 */
export function setChoice<D extends Record<string, unknown>>(
  doc: D,
  path: FieldPath,
  value: string | undefined,
  fallback: string,
): D {
  return setPath(doc, path, value === undefined || value === fallback ? undefined : value);
}

/** The choice at `path`: the stored value when it is one of `choices`, else the default (absent: the default). */
export function choiceAt(
  doc: unknown,
  path: FieldPath,
  choices: readonly string[],
  fallback: string,
): string {
  const value = getPath(doc, path);
  return typeof value === 'string' && choices.includes(value) ? value : fallback;
}

/** `target.onDuplicate`: what an "already exists" answer for a record never sent before means. */
export const ON_DUPLICATE = ['fail', 'adopt'] as const;

/** The text a value is shown as in a row: strings as they are, anything else as JSON. */
export function textOfValue(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/** The value a typed text stands for: numbers and booleans stay typed, JSON objects/arrays parse, else text. */
export function valueOfText(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^-?0\d/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The rows of an object (in key order); a row keeps its exact value until its text is edited. */
export function rowsOf(value: unknown): KeyValueRow[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).map(([key, v]) => ({ key, text: textOfValue(v), value: v }));
}

/** A row whose text was typed: its value follows the text. */
export function withText(row: KeyValueRow, text: string): KeyValueRow {
  return { ...row, text, value: valueOfText(text) };
}

/** The object of rows, in row order; rows without a key are left out, a repeated key keeps its first row. */
export function objectOf(rows: readonly KeyValueRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const row of rows) if (row.key && !(row.key in out)) out[row.key] = row.value;
  return out;
}

/** Server diagnostics (`{path, message}`) that concern the field at `path` or anything inside it. */
export function problemsAt(
  diags: ReadonlyArray<{ path?: string; message: string }>,
  path: FieldPath,
): string[] {
  const at = path.join('.');
  return diags
    .filter((d) => d.path === at || d.path?.startsWith(`${at}.`) || d.path?.startsWith(`${at}[`))
    .map((d) => inLanguage(d.message));
}

function quotedKey(rest: string): string | undefined {
  const quoted = rest.match(/^\[("(?:[^"\\]|\\.)*")\]/)?.[1];
  try {
    return quoted ? (JSON.parse(quoted) as string) : undefined;
  } catch {
    return undefined;
  }
}

/** Diagnostics inside an object field, by the key of its row (`source.input.size` → `size`). */
export function problemsByKey(
  diags: ReadonlyArray<{ path?: string; message: string }>,
  path: FieldPath,
): Record<string, string[]> {
  const prefix = path.join('.');
  const out: Record<string, string[]> = {};
  for (const d of diags) {
    const rest = d.path?.startsWith(`${prefix}.`)
      ? d.path.slice(prefix.length + 1).split(/[.[]/)[0]
      : d.path?.startsWith(`${prefix}[`)
        ? quotedKey(d.path.slice(prefix.length))
        : undefined;
    if (rest) out[rest] = [...(out[rest] ?? []), inLanguage(d.message)];
  }
  return out;
}
