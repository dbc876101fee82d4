import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument as parseYaml,
  type YAMLError,
} from 'yaml';
import {
  type Diagnostic,
  type DiagnosticCode,
  type DocumentPath,
  formatPath,
  type Locate,
  type SourcePosition,
} from './diagnostic.ts';

/** A parsed definition file: its plain value (undefined on syntax errors), syntax diagnostics and a locator. */
export interface ParsedText {
  value: unknown;
  diagnostics: Diagnostic[];
  locate: Locate;
}

/**
 * Parses YAML or JSON text (JSON is read by the same YAML 1.2 parser, so both get positions) into a plain
 * value plus a `locate(path)` lookup giving the 1-based line/column of any node.
 */
export function parseDocumentText(text: string, options: { file?: string | undefined } = {}): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseYaml(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const toPosition = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate: Locate = (path, locateOptions) => {
    const offset = findOffset(doc.contents, path, locateOptions?.key === true);
    return offset === undefined ? undefined : toPosition(offset);
  };
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const code: DiagnosticCode = error.code === 'DUPLICATE_KEY' ? 'yaml.duplicate_key' : 'yaml.syntax';
    const { line, col: column } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    const out: Diagnostic = {
      code,
      severity: 'error',
      message: syntaxMessage(error),
      path: '',
      line,
      column,
    };
    if (options.file !== undefined) out.file = options.file;
    return out;
  });
  if (diagnostics.length > 0) return { value: undefined, diagnostics, locate };
  if (doc.contents === null) {
    const empty: Diagnostic = {
      code: 'yaml.empty',
      severity: 'error',
      message:
        '文件里没有定义，请以 `schemaVersion: 1` 和 `kind: …` 开头 / The file holds no document; start with `schemaVersion: 1` and `kind: …`.',
      path: '',
      line: 1,
      column: 1,
    };
    if (options.file !== undefined) empty.file = options.file;
    return { value: undefined, diagnostics: [empty], locate };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const cycle = cyclePath(value);
  if (cycle !== undefined) {
    // An alias inside its own anchor (`a: &x [*x]`) makes an endless value: every later walk would overflow.
    const at = locate(cycle);
    const looped: Diagnostic = {
      code: 'yaml.syntax',
      severity: 'error',
      message:
        'YAML 别名引用了包含它自身的节点，定义必须是一棵树 / An alias refers to a node that contains it; a definition must be a tree.',
      path: formatPath(cycle),
      line: at?.line ?? 1,
      column: at?.column ?? 1,
    };
    if (options.file !== undefined) looped.file = options.file;
    return { value: undefined, diagnostics: [looped], locate };
  }
  return { value, diagnostics, locate };
}

/** The path of the first node that contains itself (a YAML alias inside its own anchor), if any. */
function cyclePath(root: unknown): DocumentPath | undefined {
  const open = new Set<object>();
  const walk = (node: unknown, path: DocumentPath): DocumentPath | undefined => {
    if (node === null || typeof node !== 'object') return undefined;
    if (open.has(node)) return path;
    open.add(node);
    const entries = Array.isArray(node) ? [...node.entries()] : Object.entries(node);
    for (const [key, item] of entries) {
      const found = walk(item, [...path, key]);
      if (found !== undefined) return found;
    }
    open.delete(node);
    return undefined;
  };
  return walk(root, []);
}

/** What the parser's commonest error codes mean, in Chinese (its own reason is English). */
const YAML_HINTS: Partial<Record<YAMLError['code'], string>> = {
  BAD_INDENT: '缩进不对',
  TAB_AS_INDENT: '不能用 Tab 缩进',
  MISSING_CHAR: '缺少字符，如右括号或引号',
  UNEXPECTED_TOKEN: '这里不该出现这个符号',
  BLOCK_IN_FLOW: '花括号或方括号里不能换行写块结构',
  MULTILINE_IMPLICIT_KEY: '键不能跨行，值里有冒号时请加引号',
  MULTIPLE_DOCS: '一个文件只能有一个定义',
  BAD_SCALAR_START: '值不能以这个字符开头，请加引号',
  BAD_DQ_ESCAPE: '双引号字符串里的转义无效',
};

/**
 * A parser error as `中文 / English`: both halves carry the parser's own reason (the Chinese one with what
 * the error code means, where known), so `--lang zh` is as precise as `--lang en`.
 */
function syntaxMessage(error: YAMLError): string {
  const reason = firstLine(error.message);
  if (error.code === 'DUPLICATE_KEY') return `YAML 键重复：${reason} / ${reason}`;
  const hint = YAML_HINTS[error.code];
  return `YAML 语法错误${hint ? `（${hint}）` : ''}：${reason} / ${reason}`;
}

/** The first line of a YAML error message, without the trailing "at line x, column y" the diagnostic already holds. */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/** Walks the YAML node tree along `path`; returns the start offset of the deepest node reached. */
function findOffset(root: unknown, path: DocumentPath, wantKey: boolean): number | undefined {
  let node: unknown = root;
  let offset = startOf(node);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (pair === undefined) return offset;
      if (last && wantKey) return startOf(pair.key) ?? offset;
      node = pair.value;
      offset = startOf(node) ?? startOf(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = startOf(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/** The start offset of a YAML node, if it has a source range. */
function startOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}
