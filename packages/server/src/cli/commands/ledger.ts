import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { JsonValue } from '../../json.ts';
import { newRunId } from '../../runs/ids.ts';
import type { LedgerOrder, LedgerStatus } from '../../store/port.ts';
import { ledgerCsv, ledgerXlsx } from '../../sync/ledger-export.ts';
import { retryFailed } from '../../sync/retry-failed.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import { CliError, EXIT } from '../fail.ts';
import { formatTime } from '../format-time.ts';
import { globalOptions } from '../global-options.ts';
import { ledgerText } from '../ledger-messages.ts';
import { currentLanguage, inCurrentLanguage, notFound, t, zhEn } from '../messages.ts';
import { statusWord } from '../progress.ts';
import { applyProject, openRuntime, type ProjectSpec, projectOfFile } from '../project.ts';
import { atSpot } from '../system-errors.ts';
import { failedRecords } from './run.ts';

const STATUSES: LedgerStatus[] = ['pending', 'writing', 'written', 'failed', 'skipped'];
const ORDERS: LedgerOrder[] = ['key', 'newest'];
/** Keys named in one line at most (a retry may be given thousands). */
const KEYS_SHOWN = 10;

interface ShowOptions {
  status?: string;
  limit: string;
  search?: string;
  order: string;
  after?: string;
  json?: boolean;
}

/** `qiao ledger <sync>`, `qiao ledger retry <sync> [keys…]` and `qiao ledger export <sync>`: a sync's per-record ledger. */
export function registerLedgerCommand(program: Command): void {
  const ledger = program
    .command('ledger')
    .description(
      zhEn(
        '查看同步方案的台账（qiao ledger <syncId> [--status failed]），重试失败的记录，导出台账',
        "show a sync's ledger (qiao ledger <syncId> [--status failed]), retry failed records, export it",
      ),
    )
    .usage(
      '[show] <syncId> [options] | retry <syncId> [keys...] [--project <path>] | export <syncId> [options]',
    )
    .addHelpText(
      'after',
      zhEn(
        `
"qiao ledger <syncId> …" 就是 "qiao ledger show <syncId> …"（show 是默认的子命令），例如：
  qiao ledger bills --status failed           同步方案 bills 中失败的记录
  qiao ledger show bills --order newest       最新的在前；下一页用它输出的 --after
  qiao ledger retry bills K1 K2               重试这些失败的记录（不给出键：重试全部失败的记录）
  qiao ledger retry bills -_3rB4RZj9wzUH0…    以 - 开头的键（钉钉实例 ID）照写即可，也可写在 -- 之后
  qiao ledger retry bills --project proj      先保存 proj 中改过的定义（与 qiao run 相同），再用新版本重试
  qiao ledger export bills --out bills.xlsx   把台账导出为 Excel 工作簿`,
        `
"qiao ledger <syncId> …" is "qiao ledger show <syncId> …" (show is the default), e.g.:
  qiao ledger bills --status failed           the failed records of sync bills
  qiao ledger show bills --order newest       newest first; the next page with the --after it prints
  qiao ledger retry bills K1 K2               retry these failed records (none given: every failed one)
  qiao ledger retry bills -_3rB4RZj9wzUH0…    keys starting with - (DingTalk instance ids) as they are, or after --
  qiao ledger retry bills --project proj      store the edited definitions of proj first (as qiao run does), then retry
  qiao ledger export bills --out bills.xlsx   the ledger as an Excel workbook`,
      ),
    );
  ledger
    .command('show', { isDefault: true })
    .description(
      zhEn(
        '同步方案的记录，含状态、目标单号和最近的错误（默认的子命令：qiao ledger <syncId>）',
        'records of a sync with status, target number and last error (the default: qiao ledger <syncId>)',
      ),
    )
    .argument('<syncId>')
    .option(
      '--status <status>',
      zhEn(`只看这个状态（${STATUSES.join(', ')}）`, `only this status (${STATUSES.join(', ')})`),
    )
    .option('--limit <n>', zhEn('显示多少条', 'how many'), '50')
    .option(
      '--search <text>',
      zhEn(
        '只看来源键或目标单号包含这段文字的记录',
        'only records whose source key or target number contains this text',
      ),
    )
    .option(
      '--order <order>',
      zhEn(
        'key（按来源键）或 newest（首次读入越晚越靠前）',
        'key (by source key) or newest (records first seen last come first)',
      ),
      'key',
    )
    .option(
      '--after <cursor>',
      zhEn(
        '这个游标之后的一页（上一页输出的 "next"）',
        'the page after this cursor (the "next" a previous page printed)',
      ),
    )
    .option('--json', zhEn('输出 JSON', 'print JSON'))
    .action((syncId: string, options: ShowOptions, command: Command) => showLedger(syncId, options, command));
  ledger
    .command('retry')
    .description(
      zhEn(
        '把失败的记录（全部，或给出的键）重置为待处理，然后用同步方案已保存的版本运行（--project：先保存文件中的新版本）；这次运行中仍有记录失败时退出码为 1',
        "set failed records (all, or the given keys) back to pending and run the sync's stored version (--project: store the file's new version first); exit code 1 when records fail in that run",
      ),
    )
    .argument('<syncId>')
    .argument(
      '[keys...]',
      zhEn(
        '来源键；默认：全部失败的记录。以 - 开头的键（钉钉实例 ID，如 -_3rB4RZ…）照写即可，或写在 -- 之后',
        'source keys; default: every failed record. Keys starting with - (DingTalk instance ids such as -_3rB4RZ…) are given as they are, or after --',
      ),
    )
    .option(
      '--project <path>',
      zhEn(
        '先保存这个项目文件夹（含子文件夹）或定义文件（连同它旁边的定义）中的定义——与 qiao run 相同，改过的保存为新版本——再重试',
        'first store the definitions of this project folder (subfolders included) or definition file (with the definitions next to it) — as qiao run does, a changed one as a new version — then retry',
      ),
    )
    // A source key may start with "-" (DingTalk's `-_3rB4…`): words after the sync id that are no option of
    // this command are keys, not unknown options (the ledger names any it does not hold).
    .allowUnknownOption()
    .action(async (syncId: string, given: string[], options: { project?: string }, command: Command) => {
      const keys = given.filter((key, i) => !(key === '--' && given.indexOf('--') === i));
      const runtime = await openRuntime(globalOptions(command));
      try {
        if (options.project !== undefined) await storeProject(runtime, syncId, options.project);
        // Given keys none of which can be retried: NOT_FOUND / CONFLICT naming them (exit 2), and no run.
        const result = await retryFailed(
          { store: runtime.store, clock: () => Date.now(), newRunId: () => newRunId() },
          syncId,
          keys.length > 0 ? keys : undefined,
        );
        await sayVersion(runtime, syncId, result.runId);
        if (result.unknownKeys) console.log(t('unknownKeys', { keys: keyList(result.unknownKeys) }));
        if (result.notFailedKeys) console.log(t('notFailedKeys', { keys: keyList(result.notFailedKeys) }));
        console.log(
          t('ledgerRetried', { reset: result.reset, writeBacks: result.writeBacksReset, run: result.runId }),
        );
        const run = await runtime.engine.runToCompletion(result.runId);
        const counts = await runtime.store.ledger.counts(syncId);
        console.log(
          t('ledgerRetryDone', { run: run.id, status: statusWord(run.status), counts: countsText(counts) }),
        );
        // As `qiao run`: records failing again in this run make it exit 1, saying where to look and —
        // without --project — that the stored version ran, not an edited file.
        const failed = failedRecords(run);
        if (failed > 0) {
          console.log(ledgerText('recordsFailed', { n: failed, sync: syncId }));
          if (options.project === undefined)
            console.log(ledgerText('retryStoredHint', { version: run.flowVersion }));
        }
        process.exitCode = run.status === 'succeeded' && failed === 0 ? EXIT.ok : EXIT.failed;
      } finally {
        await runtime.close();
      }
    });
  ledger
    .command('export')
    .description(
      zhEn(
        '导出台账供电子表格使用：CSV（带 BOM 的 UTF-8）或 Excel 工作簿；时间按定时计划的时区',
        'write the ledger for a spreadsheet: CSV (UTF-8 with BOM) or an Excel workbook; times in the schedule zone',
      ),
    )
    .argument('<syncId>')
    .option(
      '--status <list>',
      zhEn(
        `只导出这些状态，用逗号分隔（${STATUSES.join(', ')}）`,
        `only these statuses, comma-separated (${STATUSES.join(', ')})`,
      ),
    )
    .option(
      '--search <text>',
      zhEn(
        '只看来源键或目标单号包含这段文字的记录',
        'only records whose source key or target number contains this text',
      ),
    )
    .option(
      '--out <file>',
      zhEn('写入这个文件，而不是标准输出', 'write to this file instead of standard output'),
    )
    .option(
      '--format <format>',
      zhEn(
        'csv 或 xlsx（默认：--out 以 .xlsx 结尾时为 xlsx，否则为 csv）',
        'csv or xlsx (default: xlsx when --out ends in .xlsx, else csv)',
      ),
    )
    .action(
      async (
        syncId: string,
        options: { status?: string; search?: string; out?: string; format?: string },
        command: Command,
      ) => {
        const status = options.status?.split(',').map((s) => s.trim()) as LedgerStatus[] | undefined;
        if (status?.some((s) => !STATUSES.includes(s)))
          throw new CliError(t('optionSomeOf', { flag: '--status', values: STATUSES.join(', ') }));
        const format = options.format ?? (options.out?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
        if (format !== 'csv' && format !== 'xlsx')
          throw new CliError(t('optionOneOf', { flag: '--format', values: 'csv, xlsx' }));
        if (format === 'xlsx' && !options.out && process.stdout.isTTY) throw new CliError(t('xlsxNeedsOut'));
        const runtime = await openRuntime(globalOptions(command));
        try {
          const stored = await runtime.store.documents.get('sync', syncId);
          if (!stored) throw new CliError(notFound('sync', syncId));
          const timeZone = parseSyncDefinition(stored.definition as JsonValue, syncId).schedule?.timezone;
          const exportOptions = {
            ...(status ? { status } : {}),
            ...(options.search ? { search: options.search } : {}),
            ...(timeZone ? { timeZone } : {}),
            lang: currentLanguage(), // the headers follow --lang / QIAO_LANG
          } as const;
          const chunks =
            format === 'xlsx'
              ? ledgerXlsx(runtime.store, syncId, exportOptions)
              : ledgerCsv(runtime.store, syncId, exportOptions);
          const out = options.out;
          if (out === undefined) await pipeline(Readable.from(chunks), process.stdout, { end: false });
          else {
            await atSpot({ write: out }, () => pipeline(Readable.from(chunks), createWriteStream(out)));
            console.log(t('ledgerExported', { sync: syncId, file: out }));
          }
        } finally {
          await runtime.close();
        }
      },
    );
}

/**
 * `ledger retry --project <path>`: stores the definitions of a project folder (subfolders included) or of a
 * definition file and the Qiao documents next to it — what `qiao run` stores — and says what became of
 * the sync: a new version (the file differed from the stored one), the same one, or none in the project.
 */
async function storeProject(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  syncId: string,
  path: string,
): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(notFound('path', path));
  const spec: ProjectSpec = info.isDirectory()
    ? { folder: resolve(path), recursive: true }
    : projectOfFile(path);
  const before = await runtime.store.documents.head('sync', syncId);
  const loaded = await applyProject(runtime, spec);
  const found = loaded.find((d) => d.document.kind === 'sync' && d.document.id === syncId);
  if (!found) {
    console.log(ledgerText('projectLacksSync', { path, sync: syncId }));
    return;
  }
  const after = await runtime.store.documents.head('sync', syncId);
  const file = relative(process.cwd(), join(spec.folder, found.file)) || resolve(spec.folder, found.file);
  const version = after?.currentVersion ?? 0;
  if (before === undefined) console.log(ledgerText('projectFirst', { file, sync: syncId, version }));
  else if (version !== before.currentVersion)
    console.log(ledgerText('projectChanged', { file, sync: syncId, before: before.currentVersion, version }));
  else console.log(ledgerText('projectSame', { file, sync: syncId, version }));
}

/** Which stored version of the sync the retry run runs (the version it was created with), and when it was saved. */
async function sayVersion(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  syncId: string,
  runId: string,
): Promise<void> {
  const run = await runtime.store.runs.get(runId);
  const stored = run && (await runtime.store.documents.get('sync', syncId, run.flowVersion));
  if (!stored) return;
  const time = formatTime(stored.createdAt);
  console.log(ledgerText('retryVersion', { sync: syncId, version: stored.version, time }));
}

/** `qiao ledger show`: one page of the ledger, under the whole ledger's counts; a clear line when none matches. */
async function showLedger(syncId: string, options: ShowOptions, command: Command): Promise<void> {
  if (options.status && !STATUSES.includes(options.status as LedgerStatus))
    throw new CliError(t('optionOneOf', { flag: '--status', values: STATUSES.join(', ') }));
  if (!ORDERS.includes(options.order as LedgerOrder))
    throw new CliError(t('optionOneOf', { flag: '--order', values: ORDERS.join(', ') }));
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new CliError(t('optionInteger', { flag: '--limit', min: 1, max: 10_000 }));
  const runtime = await openRuntime(globalOptions(command));
  try {
    const counts = await runtime.store.ledger.counts(syncId);
    // A deleted sync's ledger is still shown; a sync that neither exists nor has a ledger is a typo.
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const known = total > 0 || (await runtime.store.documents.get('sync', syncId));
    if (!known) throw new CliError(notFound('sync', syncId));
    const { entries, next } = await runtime.store.ledger.page(syncId, {
      limit,
      order: options.order as LedgerOrder,
      ...(options.status ? { status: [options.status as LedgerStatus] } : {}),
      ...(options.search ? { search: options.search } : {}),
      ...(options.after ? { after: options.after } : {}),
    });
    if (options.json) {
      console.log(JSON.stringify({ counts, entries, next }, null, 2));
      return;
    }
    console.log(t('ledgerWhole', { counts: countsText(counts) }));
    for (const e of entries) {
      const error = e.lastError ? `  [${e.lastError.code}] ${inCurrentLanguage(e.lastError.message)}` : '';
      console.log(
        `  ${e.sourceKey}  ${e.status}  ${e.targetNumber ?? ''}  write-back=${e.writeBack}${error}`,
      );
    }
    if (entries.length === 0) {
      const filters = [
        options.status && `--status ${options.status}`,
        options.search && `--search ${options.search}`,
        options.after && `--after ${options.after}`,
      ].filter(Boolean);
      console.log(
        filters.length > 0 ? t('ledgerNoneMatch', { filters: filters.join(' ') }) : t('ledgerEmpty'),
      );
    }
    if (next !== null) console.log(t('ledgerMore', { after: next }));
  } finally {
    await runtime.close();
  }
}

/** Ledger counts as `status=n` pairs (the statuses are the values --status takes). */
function countsText(counts: Record<LedgerStatus, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}=${v}`)
    .join('  ');
}

/** Keys for one line: the first few, then how many in all. */
function keyList(keys: string[]): string {
  if (keys.length <= KEYS_SHOWN) return keys.join(', ');
  const shown = keys.slice(0, KEYS_SHOWN).join(', ');
  return currentLanguage() === 'zh'
    ? `${shown} … 共 ${keys.length} 个`
    : `${shown} … (${keys.length} in all)`;
}
