import { currentLanguage } from './messages.ts';

/**
 * The words of `qiao run` and `qiao ledger retry` about a sync's records and the stored version a retry
 * uses, Chinese first (`--lang en` switches), kept apart from `messages.ts`.
 */
const LEDGER_MESSAGES = {
  recordsFailed: {
    zh: '{n} 条记录在这次运行中失败（退出码 1）；查看：qiao ledger show {sync} --status failed',
    en: '{n} record(s) failed in this run (exit code 1); see qiao ledger show {sync} --status failed',
  },
  retryVersion: {
    zh: '使用同步方案 {sync} 已保存的版本 {version}（保存于 {time}）',
    en: 'using the stored version {version} of sync {sync} (saved {time})',
  },
  retryStoredHint: {
    zh: '这次重试用的是已保存的版本 {version}，不是文件：改过定义文件（例如加了 onDuplicate: adopt）的话，先保存新版本——重试时加 --project <文件或文件夹>，或先运行 qiao run <文件>',
    en: 'this retry used the stored version {version}, not a file: if you edited the definition file (e.g. added onDuplicate: adopt), store the new version first — retry with --project <file or folder>, or run qiao run <file> first',
  },
  projectChanged: {
    zh: '{file} 中的同步方案 {sync} 与已保存的版本 {before} 不同：已保存为版本 {version}',
    en: 'sync {sync} in {file} differs from the stored version {before}: stored as version {version}',
  },
  projectFirst: {
    zh: '{file} 中的同步方案 {sync} 已保存为版本 {version}',
    en: 'sync {sync} in {file} stored as version {version}',
  },
  projectSame: {
    zh: '{file} 中的同步方案 {sync} 与已保存的版本 {version} 相同',
    en: 'sync {sync} in {file} is the stored version {version}',
  },
  projectLacksSync: {
    zh: '{path} 中没有同步方案 {sync}（其他定义已保存）；使用已保存的版本',
    en: '{path} holds no sync {sync} (its other definitions were stored); the stored version is used',
  },
} as const;

/** A message of `LEDGER_MESSAGES` in the CLI's language, with `{name}` placeholders filled. */
export function ledgerText(
  key: keyof typeof LEDGER_MESSAGES,
  values: Record<string, string | number> = {},
): string {
  return LEDGER_MESSAGES[key][currentLanguage()].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(values[name] ?? `{${name}}`),
  );
}
