import { type Document, isMap, isScalar, parse, parseDocument, Scalar, visit } from 'yaml';
import { toYaml } from '../flow/flow-yaml.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether two JSON values are equal (objects by keys and values, in any key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
}

/** One difference between two definitions: the value at `path` became `value` (undefined: removed). */
export interface Change {
  path: string[];
  value: unknown;
}

/** The smallest changes that turn `before` into `after` (objects are compared key by key, arrays whole). */
export function changesBetween(before: unknown, after: unknown, path: string[] = []): Change[] {
  if (sameValue(before, after)) return [];
  if (!isRecord(before) || !isRecord(after)) return [{ path, value: after }];
  const out: Change[] = [];
  for (const key of Object.keys(before))
    if (!(key in after)) out.push({ path: [...path, key], value: undefined });
  for (const [key, value] of Object.entries(after))
    out.push(...changesBetween(before[key], value, [...path, key]));
  return out;
}

function isPlainSafe(text: string): boolean {
  if (!text || text.trim() !== text || /[\n,[\]{}#]|: |:$/.test(text) || /^[-?:&*!|>'"%@`]/.test(text))
    return false;
  try {
    return parse(text) === text;
  } catch {
    return false;
  }
}

/** The source text of a scalar in place of `old`: plain when the old one was plain and it reads back the same. */
function scalarText(value: unknown, old: Scalar): string {
  if (typeof value !== 'string') return value === null ? 'null' : String(value);
  if (old.type === Scalar.PLAIN && isPlainSafe(value)) return value;
  return JSON.stringify(value);
}

function isScalarValue(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function reads(text: string, expected: unknown): boolean {
  try {
    return sameValue(parse(text), expected);
  } catch {
    return false;
  }
}

/** Replaces changed scalars in the text itself; undefined when a change is not a scalar replacing a scalar. */
function spliceScalars(text: string, doc: Document, changes: Change[]): string | undefined {
  const edits = changes.flatMap((c) => {
    const node = doc.getIn(c.path, true);
    return isScalar(node) && node.range && isScalarValue(c.value)
      ? [{ value: c.value, node, at: node.range }]
      : [];
  });
  if (edits.length !== changes.length) return undefined;
  let out = text;
  for (const { value, node, at } of edits.sort((a, b) => b.at[0] - a.at[0])) {
    const newline = text.slice(at[0], at[1]).endsWith('\n') ? '\n' : '';
    out = `${out.slice(0, at[0])}${scalarText(value, node)}${newline}${out.slice(at[1])}`;
  }
  return out;
}

/** Block scalars (`>-`, `|`) as written, to put back verbatim after the document is written again. */
function blockScalars(text: string, doc: Document): Array<{ node: Scalar; value: unknown; source: string }> {
  const out: Array<{ node: Scalar; value: unknown; source: string }> = [];
  visit(doc, {
    Scalar(_, node) {
      if ((node.type !== Scalar.BLOCK_FOLDED && node.type !== Scalar.BLOCK_LITERAL) || !node.range) return;
      const source = text.slice(node.range[0], node.range[1]).replace(/\n+$/, '');
      // Headers with an indentation indicator or keep chomping depend on what surrounds them.
      if (/^[|>]-?(\s+#.*)?$/.test(source.split('\n')[0] ?? ''))
        out.push({ node, value: node.value, source });
    },
  });
  return out;
}

/**
 * The YAML text of `next`, written over `text` so that what did not change stays as it was: changed scalars
 * are replaced in place (comments, quoting and folding elsewhere untouched); added or removed keys go
 * through the YAML document (comments and quoting kept, folded text put back as written, long lines not
 * refolded). Whatever the path, the result reads back as `next`; text that does not parse is rewritten whole.
 */
export function patchYaml(text: string, next: Record<string, unknown>): string {
  const doc = parseDocument(text);
  if (doc.errors.length || !isMap(doc.contents)) return toYaml(next);
  const changes = changesBetween(doc.toJS(), next);
  if (changes.length === 0) return text;
  const spliced = spliceScalars(text, doc, changes);
  if (spliced !== undefined && reads(spliced, next)) return spliced;
  const blocks = blockScalars(text, doc);
  for (const c of changes) {
    if (c.value === undefined) doc.deleteIn(c.path);
    else doc.setIn(c.path, c.value);
  }
  const rewritten = doc.toString({ lineWidth: 0 });
  const kept = new Map<string, string>();
  for (const [i, block] of blocks.entries()) {
    if (block.node.value !== block.value) continue;
    const token = `QIAOKEEP${i}Z${text.length}`;
    if (rewritten.includes(token)) continue;
    block.node.value = token;
    block.node.type = Scalar.PLAIN;
    kept.set(token, block.source);
  }
  let out = doc.toString({ lineWidth: 0 });
  for (const [token, source] of kept) out = out.replace(token, () => source);
  return reads(out, next) ? out : rewritten;
}
