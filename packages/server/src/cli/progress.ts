import { SingleBar } from 'cli-progress';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { LedgerStatus, RunRecord, StepRecord } from '../store/port.ts';
import { currentLanguage, inCurrentLanguage, t } from './messages.ts';

/** Progress of one run on the terminal: a bar with records/s and ETA on a TTY, plain lines otherwise. */
export interface RunProgress {
  /** Prints the summary of the finished run. */
  finish(run: RunRecord): Promise<void>;
  stop(): void;
}

/** Follows a run through the engine's step events (and, for a sync, its ledger counts). */
export function createRunProgress(runtime: Runtime, runId: string, syncId?: string): RunProgress {
  const started = Date.now();
  const tty = process.stdout.isTTY === true;
  const bar =
    tty && syncId ? new SingleBar({ format: barFormat(), hideCursor: true, etaBuffer: 50 }) : undefined;
  let barStarted = false;
  let pendingRead = false;

  const onStep = ({ runId: id, step }: { runId: string; step: StepRecord }) => {
    if (id !== runId) return;
    if (!bar) console.log(stepLine(step));
    if (syncId && bar && !pendingRead) {
      pendingRead = true;
      void runtime.store.ledger.counts(syncId).then((counts) => {
        pendingRead = false;
        const { done, total } = ledgerProgress(counts);
        if (!barStarted) {
          bar.start(total, done, { rate: '0' });
          barStarted = true;
        }
        const seconds = Math.max((Date.now() - started) / 1000, 0.001);
        bar.setTotal(total);
        bar.update(done, { rate: (done / seconds).toFixed(0) });
      });
    }
  };
  runtime.engine.events.on('step:finished', onStep);

  return {
    async finish(run) {
      if (bar && barStarted) bar.stop();
      const seconds = ((run.finishedAt ?? Date.now()) - (run.startedAt ?? started)) / 1000;
      console.log(
        t('runFinished', { run: run.id, status: statusWord(run.status), seconds: seconds.toFixed(2) }),
      );
      if (syncId) {
        console.log(syncStatsLine(run));
        // This run's writes (not the whole ledger's, which earlier runs filled).
        const written = statFigure(run, 'written');
        if (seconds > 0 && written > 0)
          console.log(t('recordsPerSecond', { rate: (written / seconds).toFixed(0) }));
        const counts = await runtime.store.ledger.counts(syncId);
        const pairs = Object.entries(counts).map(([k, v]) => `${k}=${v}`);
        console.log(t('ledgerCounts', { counts: pairs.join('  ') }));
      } else {
        console.log(t('flowStats', { ...flowFigures(await runtime.store.steps.list(run.id)) }));
      }
      if (run.error)
        console.log(`  ${t('error')} [${run.error.code}] ${inCurrentLanguage(run.error.message)}`);
    },
    stop() {
      runtime.engine.events.off('step:finished', onStep);
      if (bar && barStarted) bar.stop();
    },
  };
}

/** What a flow run did, from its step records: steps run (by outcome), attempts, and HTTP calls made. */
export interface FlowFigures {
  /** Steps that ran (a step retried counts once; its last attempt decides its outcome). */
  run: number;
  succeeded: number;
  failed: number;
  /** Steps not run: their `when` was false. */
  skipped: number;
  /** Attempts of the steps that ran, retries included. */
  attempts: number;
  /** HTTP requests the steps sent (credential fetches included), from the exchanges recorded. */
  calls: number;
}

/**
 * Counts a flow run's figures from its step records (one per attempt, in order). The run's own `stats`
 * count differently — `steps` only succeeded ones, `calls` attempts of `call` steps whether or not a
 * request left — so the summary does not print them.
 */
export function flowFigures(steps: readonly StepRecord[]): FlowFigures {
  const last = new Map<string, StepRecord>();
  let attempts = 0;
  let calls = 0;
  for (const step of steps) {
    last.set(step.path, step);
    if (step.status !== 'skipped') attempts += 1;
    if (Array.isArray(step.exchanges)) calls += step.exchanges.length;
  }
  const outcomes = [...last.values()].map((step) => step.status);
  const count = (status: StepRecord['status']) => outcomes.filter((s) => s === status).length;
  const skipped = count('skipped');
  return {
    run: outcomes.length - skipped,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped,
    attempts,
    calls,
  };
}

/** One counter of a run's `stats` (0 when absent). */
function statFigure(run: RunRecord, name: string): number {
  const value = run.stats?.[name];
  return typeof value === 'number' ? value : 0;
}

/** A sync run's record figures (its `stats`), labelled. */
function syncStatsLine(run: RunRecord): string {
  const figure = (name: string) => statFigure(run, name);
  return t('syncStats', {
    read: figure('read'),
    new: figure('new'),
    skipped: figure('skipped'),
    written: figure('written'),
    failed: figure('failed'),
    writtenBack: figure('writtenBack'),
  });
}

function ledgerProgress(counts: Record<LedgerStatus, number>): { done: number; total: number } {
  const done = counts.written + counts.failed + counts.skipped;
  return { done, total: done + counts.pending + counts.writing };
}

function stepLine(step: StepRecord): string {
  const ms = step.finishedAt === null ? '' : ` ${step.finishedAt - step.startedAt} ms`;
  const attempt = step.attempt > 1 ? t('stepAttempt', { n: step.attempt }) : '';
  const error = step.error ? `  [${step.error.code}] ${inCurrentLanguage(step.error.message)}` : '';
  return `  ${step.status.padEnd(9)} ${step.path}${attempt}${ms}${error}`;
}

function barFormat(): string {
  return currentLanguage() === 'en'
    ? '  {bar} {value}/{total} records  {rate}/s  ETA {eta_formatted}'
    : '  {bar} {value}/{total} 条  {rate} 条/秒  剩余 {eta_formatted}';
}

/** A run status in the CLI's language (English: the status itself). */
export function statusWord(status: RunRecord['status']): string {
  if (currentLanguage() === 'en') return status;
  const words: Record<RunRecord['status'], string> = {
    queued: '排队中',
    running: '运行中',
    retrying: '等待重试',
    succeeded: '成功',
    failed: '失败',
    cancelled: '已取消',
  };
  return words[status];
}
