import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { RunRecord, RunStatus, StepRecord } from '../../store/port.ts';
import { CliError, EXIT } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { notFound, t } from '../messages.ts';
import { openRuntime } from '../project.ts';

const STATUSES: RunStatus[] = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'];

/** `qiao runs list|show|retry`: run history, one run's step timeline, and retries. */
export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('list runs, show one with its step timeline, retry one');
  runs
    .command('list')
    .description('list recent runs, newest first')
    .option('--flow <id>', 'only runs of this flow or sync')
    .option('--status <status>', `only runs with this status (${STATUSES.join(', ')})`)
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
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
    .description('show a run and its step timeline (inputs, outputs, errors, timing)')
    .argument('<runId>')
    .option('--json', 'print JSON (with every step record)')
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
    .description('retry a run (from where it stopped, or from a step) and wait for it')
    .argument('<runId>')
    .option('--from-step <id>', 'start again at this top-level step')
    .action(async (runId: string, options: { fromStep?: string }, command: Command) => {
      const runtime = await openRuntime(globalOptions(command));
      try {
        const newId = await runtime.engine.retry(
          runId,
          options.fromStep ? { fromStep: options.fromStep } : {},
        );
        const run = await runtime.engine.runToCompletion(newId);
        console.log(runLine(run));
        if (run.error) console.log(`  [${run.error.code}] ${run.error.message}`);
        process.exitCode = run.status === 'succeeded' ? EXIT.ok : EXIT.failed;
      } finally {
        await runtime.close();
      }
    });
}

function runLine(run: RunRecord): string {
  const when = new Date(run.createdAt).toISOString().replace('T', ' ').slice(0, 19);
  const ms = run.finishedAt && run.startedAt ? `${run.finishedAt - run.startedAt} ms` : '';
  return [run.id, when, run.flowKind, `${run.flowId}@${run.flowVersion}`, run.status, ms].join('  ');
}

function printTimeline(run: RunRecord, steps: StepRecord[]): void {
  console.log(runLine(run));
  for (const step of steps) {
    const ms = step.finishedAt === null ? '…' : `${step.finishedAt - step.startedAt} ms`;
    const attempt = step.attempt > 1 ? ` #${step.attempt}` : '';
    console.log(`  ${String(step.seq).padStart(3)}  ${step.status.padEnd(9)} ${step.path}${attempt}  ${ms}`);
    if (step.error) console.log(`       [${step.error.code}] ${step.error.message}`);
  }
  if (run.error) console.log(`  ${t('error')} [${run.error.code}] ${run.error.message}`);
}
