/** The CLI's user-facing words, Chinese first; `--lang en` or QIAO_LANG=en switches to English. */
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
  runFinished: { zh: '运行 {run} {status}，用时 {seconds} 秒', en: 'run {run} {status} in {seconds} s' },
  alertRun: { zh: '告警运行 {run}（{flow}）：{status}', en: 'alert run {run} ({flow}): {status}' },
  serving: { zh: 'Qiao 已启动：{url}', en: 'Qiao is serving at {url}' },
  stopHint: { zh: '按 Ctrl-C 停止', en: 'press Ctrl-C to stop' },
  notFound: { zh: '未找到 {what}：{id}', en: '{what} not found: {id}' },
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
  previewUnknownKeys: { zh: '台账中没有这些主键：{keys}', en: 'not in the ledger: {keys}' },
  previewMore: { zh: ' · 还有更多', en: ' · more remain' },
  previewPasses: { zh: '✓ 通过筛选', en: '✓ passes the filter' },
  previewFiltered: { zh: '— 被筛选跳过', en: '— filtered out (skipped)' },
  previewPayload: { zh: '将发送的数据（{key}）：', en: 'payload that would be sent ({key}):' },
  previewMapped: {
    zh: '映射结果（{key}，台账中已是 {status}，运行时不会再次发送）：',
    en: 'mapped payload ({key}; already {status} in the ledger, a run will not send it again):',
  },
} as const;

export type MessageKey = keyof typeof MESSAGES;
export type Language = 'zh' | 'en';

let language: Language = process.env.QIAO_LANG?.toLowerCase().startsWith('en') ? 'en' : 'zh';

/** Sets the CLI language. */
export function setLanguage(lang: string | undefined): void {
  if (lang) language = lang.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The current CLI language. */
export function currentLanguage(): Language {
  return language;
}

/** A message in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return MESSAGES[key][language].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  );
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
