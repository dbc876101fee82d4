/** What a preview could not evaluate locally (complex expressions are evaluated by the server at run time). */
export const UNEVALUATED = '⟨…⟩';

const TEMPLATE = /\{\{\s*([\s\S]+?)\s*\}\}/g;

/** Resolves a plain path (`a.b.c`, `$line.x`, backticked segments) in a scope; undefined when not a plain path. */
export function resolvePath(expr: string, scope: Record<string, unknown>): { ok: boolean; value: unknown } {
  const parts = expr.match(/`[^`]+`|[^.`]+/g);
  if (!parts || !/^(`[^`]+`|[$\w\u4e00-\u9fa5]+)(\.(`[^`]+`|[\w\u4e00-\u9fa5]+))*$/.test(expr.trim()))
    return { ok: false, value: undefined };
  let value: unknown = scope;
  for (const raw of parts) {
    const key = raw.startsWith('`') ? raw.slice(1, -1) : raw;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  return { ok: true, value };
}

function evalExpr(expr: string, scope: Record<string, unknown>): unknown {
  const trimmed = expr.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^"[^"]*"$|^'[^']*'$/.test(trimmed)) return trimmed.slice(1, -1);
  const path = resolvePath(trimmed, scope);
  return path.ok ? path.value : UNEVALUATED;
}

/** Previews a templated value on a sample scope: `{{ path }}` templates, `$each/$as/$map` arrays, literals. */
export function previewValue(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([\s\S]+?)\s*\}\}$/.exec(value);
    if (whole?.[1] && !whole[1].includes('}}')) return evalExpr(whole[1], scope);
    return value.replace(TEMPLATE, (_, expr: string) => {
      const v = evalExpr(expr, scope);
      return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => previewValue(v, scope));
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.$each === 'string' && '$map' in obj) {
      const items = evalExpr(obj.$each, scope);
      if (!Array.isArray(items)) return items === UNEVALUATED ? [UNEVALUATED] : [];
      const as = typeof obj.$as === 'string' ? obj.$as : 'item';
      return items.map((item) => previewValue(obj.$map, { ...scope, ...(item as object), [`$${as}`]: item }));
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, previewValue(v, scope)]));
  }
  return value;
}

/** The `{{ … }}` expressions inside a templated value, with their JSON paths (for validation markers). */
export function templatesIn(value: unknown, path = ''): Array<{ path: string; expr: string }> {
  if (typeof value === 'string')
    return [...value.matchAll(TEMPLATE)].map((m) => ({ path, expr: m[1] ?? '' }));
  if (Array.isArray(value)) return value.flatMap((v, i) => templatesIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templatesIn(v, path ? `${path}.${k}` : k));
  }
  return [];
}
