import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isWaiting } from '../../runs/run-state.ts';
import type { RunRecord, RunStatus, StepRecord } from '../../store/port.ts';
import { CliError, EXIT } from '../fail.ts';
import { formatTime } from '../format-time.ts';
import { globalOptions } from '../global-options.ts';
import { inCurrentLanguage, notFound, t, zhEn } from '../messages.ts';
import { openRuntime } from '../project.ts';

const STATUSES: RunStatus[] = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];

/** `qiao runs list|show|retry`: run history, one run's step timeline, and retries. */
export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description(
      zhEn(
        '列出运行，查看一次运行及其步骤时间线，重试运行',
        'list runs, show one with its step timeline, retry one',
      ),
    );
  runs
    .command('list')
    .description(zhEn('列出最近的运行，最新的在前', 'list recent runs, newest first'))
    .option('--flow <id>', zhEn('只看这个动作流或同步方案的运行', 'only runs of this flow or sync'))
    .option(
      '--status <status>',
      zhEn(
        `只看这个状态的运行（${STATUSES.join(', ')}）`,
        `only runs with this status (${STATUSES.join(', ')})`,
      ),
    )
    .option('--limit <n>', zhEn('显示多少条', 'how many'), '20')
    .option('--json', zhEn('输出 JSON', 'print JSON'))
    .action(
      async (
        options: { flow?: string; status?: string; limit: string; json?: boolean },
        command: Command,
      ) => {
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new CliError(t('optionInteger', { flag: '--limit', min: 1, max: 1000 }));
        if (options.status && !STATUSES.includes(options.status as RunStatus))
          throw new CliError(t('optionOneOf', { flag: '--status', values: STATUSES.join(', ') }));
        const global = globalOptions(command);
        const runtime = await openRuntime(global);
        try {
          const list = await runtime.store.runs.list({
            limit,
            ...(options.flow ? { flowId: options.flow } : {}),
            ...(options.status ? { status: [options.status as RunStatus] } : {}),
          });
          if (options.json) console.log(JSON.stringify(list, null, 2));
          else if (list.length === 0) console.log(t('noRuns', { dir: resolve(global.dataDir) }));
          else for (const run of list) console.log(runLine(run));
        } finally {
          await runtime.close();
        }
      },
    );
  runs
    .command('show')
    .description(
      zhEn(
        '查看一次运行及其步骤时间线（输入、输出、错误、用时）',
        'show a run and its step timeline (inputs, outputs, errors, timing)',
      ),
    )
    .argument('<runId>')
    .option('--json', zhEn('输出 JSON（含每个步骤的记录）', 'print JSON (with every step record)'))
    .action(async (runId: string, options: { json?: boolean }, command: Command) => {
      const runtime = await openRuntime(globalOptions(command));
      try {
        const run = await runtime.store.runs.get(runId);
        if (!run) throw new CliError(notFound('run', runId));
        const steps = await runtime.store.steps.list(runId);
        if (options.json) console.log(JSON.stringify({ run, steps }, null, 2));
        else printTimeline(run, steps);
      } finally {
        await runtime.close();
      }
    });
  runs
    .command('retry')
    .description(
      zhEn(
        '重试一次运行（从停下的地方，或从某个步骤开始）并等待它结束',
        'retry a run (from where it stopped, or from a step) and wait for it',
      ),
    )
    .argument('<runId>')
    .option('--from-step <id>', zhEn('从这个顶层步骤重新开始', 'start again at this top-level step'))
    .action(async (runId: string, options: { fromStep?: string }, command: Command) => {
      const runtime = await openRuntime(globalOptions(command));
      try {
        const newId = await runtime.engine.retry(
          runId,
          options.fromStep ? { fromStep: options.fromStep } : {},
        );
        const run = await runtime.engine.runToCompletion(newId);
        console.log(runLine(run));
        if (run.error) console.log(`  [${run.error.code}] ${inCurrentLanguage(run.error.message)}`);
        process.exitCode = run.status === 'succeeded' ? EXIT.ok : EXIT.failed;
      } finally {
        await runtime.close();
      }
    });
}

/**
 * One run: id, created (machine's zone, with its offset: `formatTime`), kind, flow@version, status —
 * a run waiting for its flow's slot says so rather than `running` — and how long it ran.
 */
function runLine(run: RunRecord): string {
  const ms = run.finishedAt && run.startedAt ? `${run.finishedAt - run.startedAt} ms` : '';
  const status = isWaiting(run) ? t('runWaitingStatus') : run.status;
  return [
    run.id,
    formatTime(run.createdAt),
    run.flowKind,
    `${run.flowId}@${run.flowVersion}`,
    status,
    ms,
  ].join('  ');
}

function printTimeline(run: RunRecord, steps: StepRecord[]): void {
  console.log(runLine(run));
  for (const step of steps) {
    const ms = step.finishedAt === null ? '…' : `${step.finishedAt - step.startedAt} ms`;
    const attempt = step.attempt > 1 ? ` #${step.attempt}` : '';
    console.log(`  ${String(step.seq).padStart(3)}  ${step.status.padEnd(9)} ${step.path}${attempt}  ${ms}`);
    if (step.error) console.log(`       [${step.error.code}] ${inCurrentLanguage(step.error.message)}`);
  }
  if (run.error) console.log(`  ${t('error')} [${run.error.code}] ${inCurrentLanguage(run.error.message)}`);
}
