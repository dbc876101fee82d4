/** A path inside a document: object keys and array indexes, from the root. */
export type DocumentPath = ReadonlyArray<string | number>;

/** A 1-based line and column in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One problem found in a definition: a stable code, where it is, and an actionable message. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  /** JSON-pointer-ish location, e.g. `steps[1].input.access_token`; empty for the whole document. */
  path: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * Every diagnostic code with its meaning (Chinese first) — the console translates messages by code, and
 * src/definitions/README.md lists the same table. Add codes; never rename one.
 */
export const DIAGNOSTIC_CODES = {
  'yaml.syntax': '语法错误 — the text is not valid YAML/JSON',
  'yaml.duplicate_key': '重复的键 — a key appears twice in the same object',
  'yaml.empty': '文件为空 — the file holds no document',
  'schema.required': '缺少必填字段 — a required field is missing',
  'schema.type': '类型错误 — the value has the wrong type',
  'schema.unknown_key': '未知字段 — the key is not part of the format (typo?)',
  'schema.enum': '取值不在允许范围 — the value is not one of the allowed values',
  'schema.format': '格式错误 — the text does not have the required form (id, duration …)',
  'schema.range': '超出范围 — a number, text or list is too small or too large',
  'schema.invalid': '无效值 — the value is invalid',
  'schema.cron': 'cron 表达式无效 — the cron expression cannot be parsed',
  'schema.timezone': '时区无效 — unknown IANA time zone',
  'expr.syntax': '表达式语法错误 — a JSONata expression or template does not parse',
  'expr.unclosed_template': '模板未闭合 — a `{{` has no matching `}}`',
  'ref.unknown_connection': '连接不存在 — no connection with this id',
  'ref.unknown_connector': '连接器不存在 — the connection names an unknown connector',
  'ref.unknown_operation': '接口不存在 — the connector has no such operation',
  'ref.operation_mode': '接口类型不符 — e.g. a sync source must be a list operation',
  'ref.unknown_step': '步骤不存在 — `steps.X` names no step of this flow',
  'ref.step_not_before': '步骤顺序错误 — `steps.X` is not an earlier step',
  'ref.duplicate_step_id': '步骤 id 重复 — two steps share an id',
  'ref.unknown_form': '表单不存在 — the form trigger names an unknown form',
  'ref.unknown_form_field': '表单字段不存在 — `trigger.X` names no field of the form',
  'ref.unknown_trigger_field':
    "触发数据里没有这一项 — `trigger.X` names nothing the flow's trigger carries (a webhook's data is under `trigger.body`)",
  'ref.unknown_flow': "动作流或集成方案不存在 — an alert's `flows` names no flow or sync",
  'ref.unknown_sync': "集成方案不存在 — a `$from` table or a lookup step's `ledger` names no sync",
  'expr.unknown_function':
    '函数不存在 — `$name(…)` is neither a JSONata function, a Qiao helper nor defined in the expression',
  'expr.unknown_root':
    '模板读取了不存在的数据 — a connector template reads something other than input, config, secrets or token',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal `${env:NAME}` syntax of definition files
  'ref.unset_env': '环境变量未设置 — `${env:NAME}` names an unset variable',
  'ref.duplicate_id': 'id 重复 — two documents of the same kind share an id',
} as const;

/** Longest text a diagnostic quotes from the document (a value, an expression), before an ellipsis. */
export const QUOTE_LIMIT = 80;

/**
 * A value as a diagnostic quotes it: its JSON text, cut to `QUOTE_LIMIT` characters with an ellipsis — a
 * message never repeats a whole (possibly huge) value of the document.
 */
export function quoteValue(value: unknown, limit = QUOTE_LIMIT): string {
  // A long text is cut before it is written as JSON: a 2 MB value costs no 2 MB copy.
  if (typeof value === 'string')
    return value.length <= limit ? JSON.stringify(value) : `${JSON.stringify(cut(value, limit))}…`;
  return cutText(JSON.stringify(value) ?? String(value), limit);
}

/** A text cut to `limit` characters with an ellipsis (unquoted, e.g. a parser's message). */
export function cutText(text: string, limit = QUOTE_LIMIT): string {
  return text.length <= limit ? text : `${cut(text, limit)}…`;
}

/** The first `limit` UTF-16 units of a text, without a lone half of a surrogate pair at the end. */
function cut(text: string, limit: number): string {
  const head = text.slice(0, limit);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

const PLAIN_KEY = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** Formats a document path as `steps[1].input.access_token` (keys that are not plain names as `["a.b"]`). */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Finds the source position of a path (the deepest existing node); `key` asks for the key, not the value. */
export type Locate = (path: DocumentPath, options?: { key?: boolean }) => SourcePosition | undefined;

/** Where diagnostics of one document get their file name and positions. */
export interface DiagnosticContext {
  file?: string | undefined;
  locate?: Locate | undefined;
}

/** Builds a diagnostic located by path through the context (file, line, column when known). */
export function diagnosticAt(
  context: DiagnosticContext,
  code: DiagnosticCode,
  path: DocumentPath,
  message: string,
  options: { severity?: 'error' | 'warning'; key?: boolean } = {},
): Diagnostic {
  const out: Diagnostic = { code, severity: options.severity ?? 'error', message, path: formatPath(path) };
  if (context.file !== undefined) out.file = context.file;
  const at = context.locate?.(path, options.key ? { key: true } : undefined);
  if (at !== undefined) {
    out.line = at.line;
    out.column = at.column;
  }
  return out;
}

/** Whether any diagnostic is an error (warnings alone do not block a document). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts diagnostics by file, then line and column (unlocated ones first within a file). */
export function sortBySource(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}
