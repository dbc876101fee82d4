import { bilingual, QiaoError } from '../errors/index.ts';

/** One `{{ expr }}` template found in a string: the trimmed expression and the offsets of `{{` and after `}}`. */
export interface TemplatePart {
  expr: string;
  start: number;
  end: number;
}

/** The result of scanning a string for templates, including where an unclosed `{{` starts. */
export interface TemplateScan {
  templates: TemplatePart[];
  /** Offset of a `{{` that has no matching `}}`; absent when every template is closed. */
  unterminatedAt?: number;
}

/**
 * Finds the end of a template body starting at `from` (just after `{{`): the offset of the closing `}}`,
 * skipping string literals, backtick names and balanced braces so `{{ {"a": {"b": 1}} }}` works.
 */
function findClose(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = skipQuoted(text, i, c);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && text[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
    i++;
  }
  return -1;
}

/** Returns the offset just after the quoted run opened at `open` (or the text end when unclosed). */
function skipQuoted(text: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (c === quote) return i + 1;
    i++;
  }
  return text.length;
}

/** Scans a string for `{{ expr }}` templates and reports an unclosed `{{` instead of throwing. */
export function scanTemplates(text: string): TemplateScan {
  const templates: TemplatePart[] = [];
  let at = text.indexOf('{{');
  while (at !== -1) {
    const close = findClose(text, at + 2);
    if (close === -1) return { templates, unterminatedAt: at };
    templates.push({ expr: text.slice(at + 2, close).trim(), start: at, end: close + 2 });
    at = text.indexOf('{{', close + 2);
  }
  return { templates };
}

/**
 * Extracts every `{{ expr }}` template of a string, in order; throws `EXPRESSION_SYNTAX` on a `{{` that is
 * never closed. Shared by validation (src/definitions) and the template evaluator (src/expressions).
 */
export function extractTemplates(text: string): TemplatePart[] {
  const scan = scanTemplates(text);
  if (scan.unterminatedAt !== undefined) {
    const at = scan.unterminatedAt;
    throw new QiaoError(
      'EXPRESSION_SYNTAX',
      bilingual(
        `模板未闭合：第 ${at} 个字符处的 "{{" 没有对应的 "}}"`,
        `unclosed template: the "{{" at offset ${at} has no matching "}}"`,
      ),
      { details: { text, offset: at } },
    );
  }
  return scan.templates;
}

/** The expression of a string that is exactly one template (it keeps the expression's type), else undefined. */
export function singleTemplate(text: string): string | undefined {
  const scan = scanTemplates(text);
  const only = scan.templates[0];
  if (scan.unterminatedAt !== undefined || scan.templates.length !== 1 || only === undefined)
    return undefined;
  return only.start === 0 && only.end === text.length ? only.expr : undefined;
}

/** Whether a string holds at least one `{{` (a template, closed or not). */
export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}
