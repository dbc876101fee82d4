import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, validateDocument } from '../../definitions/index.ts';
import { isJsonObject, type JsonValue } from '../../json.ts';
import { createSyncEvaluator } from '../../sync/evaluator.ts';
import { PREVIEW_LIMIT, type PreviewRecord, previewSync, type SyncPreview } from '../../sync/preview.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import { CliError, EXIT } from '../fail.ts';
import { formatTime } from '../format-time.ts';
import { globalOptions } from '../global-options.ts';
import { currentLanguage, inCurrentLanguage, notFound, t, zhEn } from '../messages.ts';
import { applyProject, openRuntime, projectOfFile } from '../project.ts';

function recordLine(r: PreviewRecord, index: number): string {
  // A record whose detail call failed was never evaluated: no filter verdict.
  const filter = r.passes ? t('previewPasses') : r.error ? '' : t('previewFiltered');
  const details = r.error?.details;
  const field = isJsonObject(details) && typeof details.field === 'string' ? ` ${details.field}:` : '';
  const error = r.error ? `  ✗ [${r.error.code}]${field} ${inCurrentLanguage(r.error.message)}` : '';
  return `${String(index + 1).padStart(3)}. ${r.key}  ${r.status}  ${filter}${error}`;
}

function print(preview: SyncPreview, failed: boolean): void {
  console.log(t('previewHeader', { id: preview.syncId }));
  const window = preview.window
    ? `${formatTime(preview.window.from)} → ${formatTime(preview.window.to)}`
    : '—';
  console.log(
    t('previewCounts', {
      window,
      pages: preview.pages,
      listed: preview.listed,
      keyless: preview.keyless,
      more: preview.more ? t('previewMore') : '',
    }),
  );
  if (preview.error) console.log(`✗ [${preview.error.code}] ${inCurrentLanguage(preview.error.message)}`);
  if (preview.unknownKeys) console.log(t('unknownKeys', { keys: preview.unknownKeys.join(', ') }));
  preview.records.forEach((r, i) => {
    console.log(recordLine(r, i));
  });
  if (preview.records.length === 0 && !preview.error && !preview.unknownKeys)
    console.log(t(failed ? 'previewNoFailed' : 'previewNoRecords'));
  const first = preview.records.find((r) => r.mapped !== undefined);
  if (first) {
    const sendable = first.status === 'new' || first.status === 'pending';
    console.log(t(sendable ? 'previewPayload' : 'previewMapped', { key: first.key, status: first.status }));
    console.log(JSON.stringify(first.mapped, null, 2));
  }
}

/** `qiao preview <sync file>`: a dry run of a sync's read side — records read and what would be sent, nothing stored or written. */
export function registerPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description(
      zhEn(
        '试运行同步方案：读取下次运行会读取的记录并映射，显示将发送的内容（不保存、不写入；连接取自文件所在的文件夹）',
        "dry-run a sync: read the records its next run would read, map them, show what would be sent (nothing is stored or written; the file's folder supplies connections)",
      ),
    )
    .argument('<file>', zhEn('同步方案的定义（YAML 或 JSON）', 'a sync definition (YAML or JSON)'))
    .option(
      '--project <dir>',
      zhEn(
        '同步方案所用的连接和连接器所在的文件夹（默认：文件所在的文件夹）',
        "the folder whose connections and connectors the sync uses (default: the file's folder)",
      ),
    )
    .option(
      '--limit <n>',
      zhEn(`读取的记录数（1–${PREVIEW_LIMIT.max}）`, `records to read (1–${PREVIEW_LIMIT.max})`),
      String(PREVIEW_LIMIT.default),
    )
    .option(
      '--items <json>',
      zhEn(
        '不列出，而是读取这些来源条目，JSON 数组（例如 \'["instance-id"]\'）',
        'read these source items instead of listing, as a JSON array (e.g. \'["instance-id"]\')',
      ),
    )
    .option(
      '--failed',
      zhEn(
        '改为映射台账中失败记录保存的来源数据（不调用来源系统）',
        "map the stored sources of the ledger's failed records instead (no call to the source)",
      ),
    )
    .option(
      '--keys <json>',
      zhEn(
        '改为映射台账中这些键保存的来源数据，JSON 数组',
        'map the stored sources of these ledger keys instead, as a JSON array',
      ),
    )
    .option(
      '--json',
      zhEn(
        '以 JSON 输出完整的预览（来源、发送的数据、请求往来）',
        'print the whole preview (sources, payloads, exchanges) as JSON',
      ),
    )
    .action(async (file: string, options: PreviewCliOptions, command: Command) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > PREVIEW_LIMIT.max)
        throw new CliError(t('optionInteger', { flag: '--limit', min: 1, max: PREVIEW_LIMIT.max }));
      const items = options.items === undefined ? undefined : parseArray('--items', options.items);
      const keys =
        options.keys === undefined ? undefined : parseArray('--keys', options.keys).map((k) => String(k));
      const path = resolve(file);
      const text = await readFile(path, 'utf8').catch(() => {
        throw new CliError(notFound('file', file));
      });
      const validated = validateDocument(text, { file: basename(path) });
      const { document } = validated;
      const kind = document?.kind ?? (isJsonObject(validated.value) ? validated.value.kind : undefined);
      if (kind !== 'sync') {
        for (const d of validated.diagnostics) console.error(formatDiagnostic(d, currentLanguage()));
        if (!document) throw new CliError(t('fileInvalid', { file }));
        throw new CliError(t('kindNotSync', { file, kind: document.kind }));
      }
      const runtime = await openRuntime(globalOptions(command));
      try {
        // Connections and connectors are stored (the gateway resolves them); flows and syncs are not.
        await applyProject(runtime, projectOfFile(path, options.project), ['flow', 'sync']);
        // Every problem of the file at once (also the references of a file that failed the schema).
        const checked = await runtime.documents.checkValidated(validated);
        for (const d of checked.diagnostics)
          console.error(formatDiagnostic({ ...d, file: basename(path) }, currentLanguage()));
        if (!checked.document) throw new CliError(t('fileInvalid', { file }));
        const preview = await previewSync(
          {
            definition: parseSyncDefinition(checked.document as unknown as JsonValue, checked.document.id),
            gateway: runtime.gateway,
            evaluator: createSyncEvaluator(),
            store: runtime.store,
            clock: Date.now,
          },
          {
            limit,
            ...(items ? { items } : {}),
            ...(keys ? { keys } : {}),
            ...(options.failed ? { failed: true } : {}),
          },
        );
        if (options.json) console.log(JSON.stringify(preview, null, 2));
        else print(preview, options.failed === true);
        const failed = preview.error !== null || preview.records.some((r) => r.error !== undefined);
        process.exitCode = failed ? EXIT.failed : EXIT.ok;
      } finally {
        await runtime.close();
      }
    });
}

interface PreviewCliOptions {
  project?: string;
  limit: string;
  items?: string;
  keys?: string;
  failed?: boolean;
  json?: boolean;
}

function parseArray(option: string, text: string): JsonValue[] {
  try {
    const value = JSON.parse(text) as JsonValue;
    if (Array.isArray(value)) return value;
  } catch {
    // Reported below.
  }
  throw new CliError(t('optionNotArray', { flag: option }));
}
