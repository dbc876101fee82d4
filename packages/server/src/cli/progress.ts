import { SingleBar } from 'cli-progress';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { LedgerStatus, RunRecord, StepRecord } from '../store/port.ts';
import { currentLanguage, t } from './messages.ts';

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
      const stats = Object.entries(run.stats ?? {});
      if (stats.length > 0) console.log(`  ${stats.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('  ')}`);
      if (syncId) {
        const counts = await runtime.store.ledger.counts(syncId);
        const written = counts.written;
        if (seconds > 0 && written > 0) console.log(`  ${(written / seconds).toFixed(0)} records/s`);
        console.log(
          `  ledger: ${Object.entries(counts)
            .map(([k, v]) => `${k}=${v}`)
            .join('  ')}`,
        );
      }
      if (run.error) console.log(`  ${t('error')} [${run.error.code}] ${run.error.message}`);
    },
    stop() {
      runtime.engine.events.off('step:finished', onStep);
      if (bar && barStarted) bar.stop();
    },
  };
}

function ledgerProgress(counts: Record<LedgerStatus, number>): { done: number; total: number } {
  const done = counts.written + counts.failed + counts.skipped;
  return { done, total: done + counts.pending + counts.writing };
}

function stepLine(step: StepRecord): string {
  const ms = step.finishedAt === null ? '' : ` ${step.finishedAt - step.startedAt} ms`;
  const attempt = step.attempt > 1 ? ` (attempt ${step.attempt})` : '';
  const error = step.error ? `  [${step.error.code}] ${step.error.message}` : '';
  return `  ${step.status.padEnd(9)} ${step.path}${attempt}${ms}${error}`;
}

function barFormat(): string {
  return currentLanguage() === 'en'
    ? '  {bar} {value}/{total} records  {rate}/s  ETA {eta_formatted}'
    : '  {bar} {value}/{total} 条  {rate} 条/秒  剩余 {eta_formatted}';
}

function statusWord(status: RunRecord['status']): string {
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
