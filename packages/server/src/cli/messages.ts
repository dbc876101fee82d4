/** The CLI's user-facing words, Chinese first; `--lang en` or QIAO_LANG=en switches to English. */
const MESSAGES = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '警告', en: 'warning' },
  validOne: { zh: '✓ {file} 有效（{kind} {id}）', en: '✓ {file} is valid ({kind} {id})' },
  summaryValid: { zh: '{count} 个文件全部有效', en: 'all {count} files are valid' },
  summaryInvalid: {
    zh: '{errors} 个错误，{warnings} 个警告，涉及 {files} 个文件',
    en: '{errors} errors and {warnings} warnings in {files} files',
  },
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
  serving: { zh: 'Qiao 已启动：{url}', en: 'Qiao is serving at {url}' },
  stopHint: { zh: '按 Ctrl-C 停止', en: 'press Ctrl-C to stop' },
  notFound: { zh: '未找到 {what}：{id}', en: '{what} not found: {id}' },
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
