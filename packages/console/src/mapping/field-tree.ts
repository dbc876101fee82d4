/** One source field: its dotted path (for expressions), label, kind and children (objects, detail tables). */
export interface FieldNode {
  path: string;
  key: string;
  label: string;
  kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  children: FieldNode[];
}

function kindOf(value: unknown): FieldNode['kind'] {
  if (Array.isArray(value)) return 'array';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

/** A path segment as JSONata needs it (backticks around non-identifier names such as Chinese labels with brackets). */
export function segment(key: string): string {
  return /^[A-Za-z_$\u4e00-\u9fa5][\w$\u4e00-\u9fa5]*$/.test(key) ? key : `\`${key}\``;
}

/** Builds the field tree of a sample value; arrays (detail tables) show the fields of their first row. */
export function fieldsOfSample(
  value: unknown,
  base: string,
  labels: Record<string, string> = {},
): FieldNode[] {
  const row = Array.isArray(value) ? value[0] : value;
  if (!row || typeof row !== 'object' || Array.isArray(row)) return [];
  return Object.entries(row as Record<string, unknown>).map(([key, child]) => {
    const path = base ? `${base}.${segment(key)}` : segment(key);
    const kind = kindOf(child);
    const children =
      kind === 'object' || kind === 'array'
        ? fieldsOfSample(child, kind === 'array' ? `$${key}Row` : path, labels)
        : [];
    return { path, key, label: labels[key] ?? key, kind, children };
  });
}

/** Form fields and detail tables as a field tree under `trigger` (a detail row's fields are relative to `$line`). */
export function fieldsOfForm(
  form: { fields?: FormField[]; details?: Array<{ id: string; label: string; fields: FormField[] }> },
  base = 'trigger',
): FieldNode[] {
  const top: FieldNode[] = (form.fields ?? []).map((f) => ({
    path: `${base}.${f.id}`,
    key: f.id,
    label: f.label,
    kind: formKind(f.type),
    children: [],
  }));
  const details: FieldNode[] = (form.details ?? []).map((d) => ({
    path: `${base}.${d.id}`,
    key: d.id,
    label: d.label,
    kind: 'array',
    children: d.fields.map((f) => ({
      path: `$line.${f.id}`,
      key: f.id,
      label: f.label,
      kind: formKind(f.type),
      children: [],
    })),
  }));
  return [...top, ...details];
}

/** A form field as the designer edits it. */
export interface FormField {
  id: string;
  label: string;
  type: string;
  required?: boolean;
  options?: Array<{ value: string; label: string }>;
}

function formKind(type: string): FieldNode['kind'] {
  if (type === 'number' || type === 'decimal') return 'number';
  if (type === 'boolean') return 'boolean';
  return 'string';
}

/** Every path of a tree, depth-first (for autocompletion). */
export function allPaths(nodes: FieldNode[]): string[] {
  return nodes.flatMap((n) => [n.path, ...allPaths(n.children)]);
}

/** Suggestions for an expression being typed: paths (and helpers) starting with its last token. */
export function completions(text: string, paths: readonly string[], limit = 12): string[] {
  const token = /[\w$.`\u4e00-\u9fa5]*$/.exec(text)?.[0] ?? '';
  const helpers = [
    '$number(',
    '$string(',
    '$decimal(',
    '$msToDate(',
    '$fnumber(',
    '$now()',
    '$sum(',
    '$count(',
  ];
  const pool = [...paths, ...helpers];
  return pool.filter((p) => p.startsWith(token) && p !== token).slice(0, limit);
}
