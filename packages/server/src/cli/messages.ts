import { messageIn } from '../errors/bilingual.ts';

/** The CLI's user-facing words, Chinese first; `--lang en` or QIAO_LANG=en switches to English (another language is refused). */
const MESSAGES = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  validOne: { zh: '✓ {file} 有效（{kind} {id}）', en: '✓ {file} is valid ({kind} {id})' },
  summaryValid: { zh: '{count} 个文件全部有效', en: 'all {count} files are valid' },
  summaryInvalid: {
    zh: '{errors} 个错误，{warnings} 个警告，涉及 {files} 个文件（共检查 {checked} 个）',
    en: '{errors} errors and {warnings} warnings in {files} files ({checked} checked)',
  },
  noRuns: { zh: '没有运行记录（数据目录 {dir}）', en: 'no runs (data directory {dir})' },
  ledgerExported: { zh: '已导出台账 {sync} → {file}', en: 'exported the ledger of {sync} → {file}' },
  ledgerMore: { zh: '还有更多，下一页：--after {after}', en: 'more: the next page with --after {after}' },
  noFiles: {
    zh: '在 {path} 下没有找到定义文件（*.yaml, *.yml, *.json）',
    en: 'no definition files (*.yaml, *.yml, *.json) under {path}',
  },
  runStarted: { zh: '运行 {run} 开始：{kind} {id}', en: 'run {run} started: {kind} {id}' },
  runWaiting: {
    zh: '运行 {run} 等待中：{kind} {id} 已有运行在执行（并发上限），结束后开始',
    en: 'run {run} waits: {kind} {id} already has a run in progress (its concurrency limit); it starts after that one',
  },
  runWaitingStatus: {
    zh: '等待中（等待上一个运行结束）',
    en: 'waiting (for the previous run to finish)',
  },
  runFinished: { zh: '运行 {run} {status}，用时 {seconds} 秒', en: 'run {run} {status} in {seconds} s' },
  alertRun: { zh: '告警运行 {run}（{flow}）：{status}', en: 'alert run {run} ({flow}): {status}' },
  serving: { zh: 'Qiao 已启动：{url}', en: 'Qiao is serving at {url}' },
  stopHint: { zh: '按 Ctrl-C 停止', en: 'press Ctrl-C to stop' },
  consoleNotBuilt: {
    zh: '控制台未构建：先运行 npm run build（npm run demo 会自动构建），再重启 qiao serve；API 照常可用',
    en: 'console not built: run npm run build first (npm run demo builds it), then restart qiao serve; the API works without it',
  },
  notFound: { zh: '未找到{what}：{id}', en: '{what} not found: {id}' },
  backfillRange: {
    zh: '补数：重新读取 {from} → {to}（台账去重，已写入的不会再写；水位线不变）',
    en: 'backfill: re-reading {from} → {to} (the ledger dedupes, nothing written twice; the watermark stays)',
  },
  previewHeader: {
    zh: '预览同步方案 {id}（只读取，不保存、不写入目标、不回写）',
    en: 'preview of sync {id} (reads only: nothing is stored, written to the target or written back)',
  },
  previewCounts: {
    zh: '时间窗 {window} · 列表页 {pages} · 列出 {listed} 条 · 无键 {keyless} 条{more}',
    en: 'window {window} · pages {pages} · listed {listed} · without key {keyless}{more}',
  },
  unknownKeys: { zh: '台账中没有这些主键：{keys}', en: 'not in the ledger: {keys}' },
  notFailedKeys: { zh: '这些记录没有失败，未重试：{keys}', en: 'did not fail, so not retried: {keys}' },
  previewNoFailed: {
    zh: '台账中没有失败的记录，没有可预览的内容',
    en: 'no failed records in the ledger: nothing to preview',
  },
  previewNoRecords: { zh: '没有读到记录', en: 'no records read' },
  previewMore: { zh: ' · 还有更多', en: ' · more remain' },
  previewPasses: { zh: '✓ 通过筛选', en: '✓ passes the filter' },
  previewFiltered: { zh: '— 被筛选跳过', en: '— filtered out (skipped)' },
  previewPayload: { zh: '将发送的数据（{key}）：', en: 'payload that would be sent ({key}):' },
  previewMapped: {
    zh: '映射结果（{key}，台账中已是 {status}，运行时不会再次发送）：',
    en: 'mapped payload ({key}; already {status} in the ledger, a run will not send it again):',
  },
  ledgerWhole: { zh: '整个台账：{counts}', en: 'whole ledger: {counts}' },
  ledgerNoneMatch: { zh: '没有符合条件的记录（{filters}）', en: 'no records match {filters}' },
  ledgerEmpty: { zh: '台账中还没有记录', en: 'the ledger holds no records yet' },
  ledgerRetried: {
    zh: '已重置 {reset} 条失败记录、{writeBacks} 条失败回写；运行 {run}',
    en: 'reset {reset} failed record(s) and {writeBacks} failed write-back(s); run {run}',
  },
  ledgerRetryDone: { zh: '运行 {run} {status}；台账：{counts}', en: 'run {run} {status}; ledger: {counts}' },
  flowStats: {
    zh: '  步骤：运行 {run} 个（成功 {succeeded}，失败 {failed}，跳过 {skipped}）· 尝试 {attempts} 次 · HTTP 调用 {calls} 次',
    en: '  steps: {run} run ({succeeded} succeeded, {failed} failed, {skipped} skipped) · {attempts} attempt(s) · {calls} HTTP call(s)',
  },
  syncStats: {
    zh: '  记录：读取 {read} 条（新 {new} 条，其中 {skipped} 条被筛选跳过）· 写入 {written} · 失败 {failed} · 回写 {writtenBack}',
    en: '  records: {read} read ({new} new, {skipped} of them filtered out) · {written} written · {failed} failed · {writtenBack} written back',
  },
  recordsPerSecond: { zh: '  {rate} 条/秒', en: '  {rate} records/s' },
  ledgerCounts: { zh: '  台账：{counts}', en: '  ledger: {counts}' },
  stepAttempt: { zh: '（第 {n} 次尝试）', en: ' (attempt {n})' },
  optionInteger: { zh: '{flag} 必须是 {min}–{max} 的整数', en: '{flag} must be an integer {min}–{max}' },
  optionOneOf: { zh: '{flag} 必须是以下之一：{values}', en: '{flag} must be one of {values}' },
  optionSomeOf: {
    zh: '{flag} 只能列出这些值（逗号分隔）：{values}',
    en: '{flag} must list some of {values} (comma-separated)',
  },
  formInputInvalid: {
    zh: '--input 不是表单 {form} 的有效记录（{n} 处问题，见上），未运行',
    en: '--input is not a valid record of form {form} ({n} problem(s) above); nothing was run',
  },
  inputNotObject: {
    zh: `--input 必须是 JSON 对象，例如 '{"amount": 100}'`,
    en: `--input must be a JSON object, e.g. '{"amount": 100}'`,
  },
  optionNotArray: {
    zh: `{flag} 必须是 JSON 数组，例如 '["instance-id"]'`,
    en: `{flag} must be a JSON array, e.g. '["instance-id"]'`,
  },
  kindNotRunnable: {
    zh: '{file}：kind 必须是 flow 或 sync，而不是 {kind}',
    en: '{file}: kind must be flow or sync, not {kind}',
  },
  kindNotSync: { zh: '{file}：kind 必须是 sync，而不是 {kind}', en: '{file}: kind must be sync, not {kind}' },
  fileInvalid: { zh: '{file} 无效（问题见上）', en: '{file} is invalid (the problems are listed above)' },
  backfillSyncOnly: {
    zh: '--from/--to（补数）只适用于同步方案',
    en: '--from/--to (backfill) apply to a sync only',
  },
  toNeedsFrom: { zh: '--to 需要和 --from 一起使用', en: '--to needs --from' },
  unknownSystem: { zh: '未知的系统 "{system}"，可选：{names}', en: 'unknown system "{system}": use {names}' },
  faultsInvalid: { zh: '--faults 无效：{reason}', en: '--faults: {reason}' },
  helpUsage: { zh: '用法：', en: 'Usage:' },
  helpArguments: { zh: '参数：', en: 'Arguments:' },
  helpOptions: { zh: '选项：', en: 'Options:' },
  helpGlobalOptions: { zh: '全局选项：', en: 'Global Options:' },
  helpCommands: { zh: '命令：', en: 'Commands:' },
  helpDefault: { zh: '默认：{value}', en: 'default: {value}' },
  helpChoices: { zh: '可选：{values}', en: 'choices: {values}' },
  helpPreset: { zh: '不给值时：{value}', en: 'preset: {value}' },
  helpEnv: { zh: '环境变量 {name}', en: 'env: {name}' },
  helpOption: { zh: '显示帮助', en: 'display help for command' },
  helpCommand: { zh: '显示某个命令的帮助', en: 'display help for command' },
  versionOption: { zh: '显示版本号', en: 'output the version number' },
  unknownOption: { zh: "未知的选项 '{flag}'{suggestion}", en: "unknown option '{flag}'{suggestion}" },
  unknownCommand: { zh: "未知的命令 '{name}'{suggestion}", en: "unknown command '{name}'{suggestion}" },
  didYouMean: { zh: '（是不是想用 {names}？）', en: ' (did you mean {names}?)' },
  didYouMeanOneOf: { zh: '（是不是想用其中之一：{names}？）', en: ' (did you mean one of {names}?)' },
  missingArgument: { zh: "缺少必需的参数 '{name}'", en: "missing required argument '{name}'" },
  optionMissingValue: { zh: "选项 '{flags}' 缺少值", en: "option '{flags}' needs a value" },
  missingMandatoryOption: { zh: "缺少必需的选项 '{flags}'", en: "required option '{flags}' not given" },
  excessArguments: {
    zh: '参数过多：最多 {expected} 个，收到 {received} 个',
    en: 'too many arguments: expected at most {expected}, got {received}',
  },
  excessArgumentsOf: {
    zh: "'{command}' 的参数过多：最多 {expected} 个，收到 {received} 个",
    en: "too many arguments for '{command}': expected at most {expected}, got {received}",
  },
  conflictingOptions: { zh: '{a} 不能与 {b} 同时使用', en: '{a} cannot be used with {b}' },
  conflictOption: { zh: "选项 '{name}'", en: "option '{name}'" },
  conflictEnv: { zh: "环境变量 '{name}'", en: "environment variable '{name}'" },
  invalidOptionValue: {
    zh: "选项 '{flags}' 的值 '{value}' 无效{reason}",
    en: "option '{flags}': the value '{value}' is invalid{reason}",
  },
  invalidEnvValue: {
    zh: "选项 '{flags}' 取自环境变量 {env} 的值 '{value}' 无效{reason}",
    en: "option '{flags}': the value '{value}' from the environment variable {env} is invalid{reason}",
  },
  invalidArgumentValue: {
    zh: "参数 '{name}' 的值 '{value}' 无效{reason}",
    en: "argument '{name}': the value '{value}' is invalid{reason}",
  },
  invalidReason: { zh: '：{reason}', en: ': {reason}' },
  allowedChoices: { zh: '可选：{values}', en: 'allowed: {values}' },
  xlsxNeedsOut: {
    zh: 'xlsx 工作簿是二进制文件：请给出 --out <文件>.xlsx，或重定向标准输出',
    en: 'an xlsx workbook is binary: give --out <file>.xlsx or redirect standard output',
  },
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type Language = 'zh' | 'en';

/** `zh` or `en`, also with a region or encoding (`zh-CN`, `en_US.UTF-8`); undefined for any other language. */
export function parseLanguage(text: string): Language | undefined {
  const match = /^(zh|en)(?:[-_.].*)?$/i.exec(text.trim());
  return match ? (match[1]?.toLowerCase() as Language) : undefined;
}

let language: Language = parseLanguage(process.env.QIAO_LANG ?? '') ?? 'zh';

/** Sets the CLI language. */
export function setLanguage(lang: Language): void {
  language = lang;
}

/** The refusal of a language the CLI does not speak, in both (which one the user reads is unknown). */
export function unknownLanguage(text: string, source: string): string {
  return `未知的语言 "${text}"（${source}），可选 zh 或 en / unknown language "${text}" (${source}): use zh or en`;
}

/**
 * A text written in both languages — a command's, option's or argument's description for commander — in the
 * current one. Commander shows what it was given, so the language is set before the commands are declared.
 */
export function zhEn(zh: string, en: string): string {
  return language === 'zh' ? zh : en;
}

/** The current CLI language. */
export function currentLanguage(): Language {
  return language;
}

/**
 * A `中文 / English` message of the engine (an error, a diagnostic) in the current language; one that
 * cannot be cut safely stays whole (`messageIn`).
 */
export function inCurrentLanguage(text: string): string {
  return messageIn(text, language);
}

/** A message in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  );
}

/** What `notFound` names, in each language. */
const THINGS = {
  sync: { zh: '同步方案', en: 'sync' },
  file: { zh: '文件', en: 'file' },
  path: { zh: '路径', en: 'path' },
  run: { zh: '运行', en: 'run' },
} as const;

/** "… not found: id" for a sync, file, path or run, in the current language. */
export function notFound(what: keyof typeof THINGS, id: string): string {
  return t('notFound', { what: THINGS[what][language], id });
}

/**
 * The summary line of a validation with problems: errors, warnings, files with problems and files checked
 * (a file with an error yields no document, so checked = the valid documents + the files in error).
 */
export function invalidSummary(
  diagnostics: ReadonlyArray<{ severity: string; file?: string | undefined }>,
  validDocuments: number,
): string {
  const inError = diagnostics.filter((d) => d.severity === 'error');
  return t('summaryInvalid', {
    errors: inError.length,
    warnings: diagnostics.length - inError.length,
    files: new Set(diagnostics.map((d) => d.file)).size,
    checked: validDocuments + new Set(inError.map((d) => d.file)).size,
  });
}
