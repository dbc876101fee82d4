import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import type { FlowDefinition } from '../../definitions/flow-schema.ts';
import type { FormDefinition } from '../../definitions/form-schema.ts';
import { formatDiagnostic, type QiaoDocument, validateDocument } from '../../definitions/index.ts';
import { messageIn, QiaoError } from '../../errors/index.ts';
import { type FormProblem, formRunInput } from '../../forms/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import { loadForm } from '../../runtime/store-catalogue.ts';
import type { RunRecord } from '../../store/port.ts';
import { backfillRange } from '../../sync/backfill-range.ts';
import { requireReachable, requireWatermark } from '../../sync/read-backfill.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import { manualRunTrigger } from '../../triggers/manual-run.ts';
import { CliError, EXIT } from '../fail.ts';
import { formatTime } from '../format-time.ts';
import { globalOptions } from '../global-options.ts';
import { ledgerText } from '../ledger-messages.ts';
import { currentLanguage, notFound, t, zhEn } from '../messages.ts';
import { createRunProgress, statusWord } from '../progress.ts';
import { applyProject, openRuntime, projectOfFile } from '../project.ts';

/** `qiao run <file>`: runs one flow or sync once, in this process, and exits with its outcome. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      zhEn(
        '运行一次动作流或同步方案文件（与它放在同一文件夹中的定义即项目：连接、连接器、表单）；同步方案有记录失败时退出码为 1',
        'run a flow or sync file once (the definitions next to it are the project: connections, connectors, forms); exit code 1 when records of a sync failed',
      ),
    )
    .argument(
      '<file>',
      zhEn('动作流或同步方案的定义（YAML 或 JSON）', 'a flow or sync definition (YAML or JSON)'),
    )
    .option(
      '--project <dir>',
      zhEn(
        '文件所用的定义所在的项目文件夹，含子文件夹（默认：文件所在的文件夹，不含子文件夹）',
        "the project folder whose definitions the file uses, subfolders included (default: the file's folder, without its subfolders)",
      ),
    )
    .option(
      '--input <json>',
      zhEn(
        'JSON 格式的输入，与控制台“立即运行”相同：表单动作流为一条表单记录（按表单校验），Webhook 动作流为请求体，其他为 trigger.input',
        "input as JSON, given as the console's 立即运行 gives it: a form flow's record (checked against the form), a webhook flow's body, else trigger.input",
      ),
      '{}',
    )
    .option(
      '--from <when>',
      zhEn(
        '仅同步方案：补数——从这个时间起重新读取：日期（2026-09-01，按定时计划的时区从当天开始）、ISO 日期时间（2026-09-01T08:00:00+08:00）、毫秒时间戳，或从现在往前的时长（60d、12h、30m；也可写 "60d ago"）',
        'sync only: backfill — re-read from this time: a date (2026-09-01, from its start in the schedule\'s zone), an ISO date-time (2026-09-01T08:00:00+08:00), epoch ms, or a duration back from now (60d, 12h, 30m; also "60d ago")',
      ),
    )
    .option(
      '--to <when>',
      zhEn(
        '仅同步方案：补数到这个时间，写法同上（默认为现在；日期算到当天结束）',
        'sync only: backfill up to this time, in the same forms (default now; a date counts to its end)',
      ),
    )
    .option('--json', zhEn('以 JSON 输出结束的运行', 'print the finished run as JSON'))
    .action(
      async (
        file: string,
        options: { project?: string; input: string; from?: string; to?: string; json?: boolean },
        command: Command,
      ) => {
        const path = resolve(file);
        const text = await readFile(path, 'utf8').catch(() => {
          throw new CliError(notFound('file', file));
        });
        const validated = validateDocument(text, { file: basename(path) });
        const { document } = validated;
        if (document && document.kind !== 'flow' && document.kind !== 'sync')
          throw new CliError(t('kindNotRunnable', { file, kind: document.kind }));
        if ((options.from !== undefined || options.to !== undefined) && document?.kind !== 'sync')
          throw new CliError(t('backfillSyncOnly'));
        if (options.to !== undefined && options.from === undefined) throw new CliError(t('toNeedsFrom'));
        const input = parseInput(options.input);
        const runtime = await openRuntime(globalOptions(command));
        try {
          const project = projectOfFile(path, options.project);
          const loaded = await applyProject(runtime, project);
          if (!document || !loaded.some((d) => resolve(project.folder, d.file) === path)) {
            // A file outside the project: every problem of it at once (its references checked too), then stored.
            const checked = await runtime.documents.checkValidated(validated);
            for (const d of checked.diagnostics) console.error(formatDiagnostic(d, currentLanguage()));
            if (!document || !checked.document) throw new CliError(t('fileInvalid', { file }));
            await runtime.documents.apply(checked.document, { source: text });
          }
          const trigger =
            options.from === undefined
              ? await manualTrigger(runtime, document, input)
              : await backfillTrigger(runtime, document, options);
          const run = await runOnce(runtime, document.kind as 'flow' | 'sync', document.id, trigger);
          await runAlerts(runtime, run.id);
          // A sync run that finished with failed records did not do its job: scripts see exit code 1.
          const failed = document.kind === 'sync' ? failedRecords(run) : 0;
          if (failed > 0) console.log(ledgerText('recordsFailed', { n: failed, sync: document.id }));
          if (options.json) console.log(JSON.stringify(run, null, 2));
          process.exitCode = run.status === 'succeeded' && failed === 0 ? EXIT.ok : EXIT.failed;
        } finally {
          await runtime.close();
        }
      },
    );
}

/** Records that failed in a sync run (its `stats.failed`; not the whole ledger's, which earlier runs filled). */
export function failedRecords(run: RunRecord): number {
  const failed = run.stats?.failed;
  return typeof failed === 'number' ? failed : 0;
}

async function runOnce(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  kind: 'flow' | 'sync',
  id: string,
  input: JsonValue,
): Promise<RunRecord> {
  const runId = await runtime.engine.enqueue({ kind, id }, input);
  console.log(t('runStarted', { run: runId, kind, id }));
  const progress = createRunProgress(runtime, runId, kind === 'sync' ? id : undefined);
  const onWaiting = (event: { runId: string }) => {
    if (event.runId === runId) console.log(t('runWaiting', { run: runId, kind, id }));
  };
  runtime.engine.events.on('run:waiting', onWaiting);
  try {
    const run = await runtime.engine.runToCompletion(runId);
    await progress.finish(run);
    return run;
  } finally {
    runtime.engine.events.off('run:waiting', onWaiting);
    progress.stop();
  }
}

/**
 * Runs the alert flows a failure of `runId` queued (trigger `runFailed`), here and now: `qiao run` started
 * from cron has no server whose engine would pick them up. The run's own outcome decides the exit code.
 */
async function runAlerts(runtime: Awaited<ReturnType<typeof openRuntime>>, runId: string): Promise<void> {
  for (const alertId of await runtime.alerts.alertsOf(runId)) {
    const alert = await runtime.engine.runToCompletion(alertId);
    console.log(t('alertRun', { run: alertId, flow: alert.flowId, status: statusWord(alert.status) }));
  }
}

/**
 * The trigger of `--input`, built as the console and the API build it (triggers/manual-run.ts), so a flow
 * reads its input where its own trigger puts it: a form flow gets a record of its form — checked like a
 * save, every problem printed — a webhook flow the body, any other flow or sync `trigger.input`.
 */
async function manualTrigger(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  document: QiaoDocument,
  input: JsonValue,
): Promise<JsonObject> {
  const flow = document.kind === 'flow' ? (document as unknown as FlowDefinition) : undefined;
  let given = input;
  if (flow?.trigger.type === 'form') {
    const form = await loadForm(runtime.store, flow.trigger.form);
    if (form !== undefined) given = checkedFormInput(form, input);
  }
  return manualRunTrigger(flow?.trigger, given, 'cli', Date.now());
}

function checkedFormInput(form: FormDefinition, input: JsonValue): JsonObject {
  try {
    return formRunInput(form, input);
  } catch (error) {
    const details = error instanceof QiaoError ? error.details : undefined;
    const problems = isJsonObject(details)
      ? (details.problems as unknown as FormProblem[] | undefined)
      : undefined;
    if (!Array.isArray(problems)) throw error;
    for (const p of problems) console.error(`  ${p.path}  ${messageIn(p.message, currentLanguage())}`);
    throw new CliError(t('formInputInvalid', { form: form.id, n: problems.length }));
  }
}

function parseInput(text: string): JsonValue {
  try {
    const value = JSON.parse(text) as JsonValue;
    if (!isJsonObject(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new CliError(t('inputNotObject'));
  }
}

/** The trigger of a backfill run: the range from `--from`/`--to` (dates in the sync schedule's time zone). */
async function backfillTrigger(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  document: QiaoDocument,
  options: { from?: string; to?: string },
): Promise<JsonValue> {
  const definition = parseSyncDefinition(document as unknown as JsonValue, document.id);
  requireWatermark({ definition });
  const asInstant = (text: string) => (/^\d{12,}$/.test(text) ? Number(text) : text);
  const range = backfillRange(
    {
      from: asInstant(options.from ?? ''),
      ...(options.to === undefined ? {} : { to: asInstant(options.to) }),
    },
    { now: Date.now(), timeZone: definition.schedule?.timezone },
  );
  await requireReachable(runtime.gateway, { definition }, range.from, Date.now());
  console.log(
    t('backfillRange', {
      from: formatTime(range.from),
      to: formatTime(range.to),
    }),
  );
  return { type: 'backfill', ...range, by: 'cli' };
}
