import { Counter, Histogram, type Registry } from 'prom-client';
import type { EngineEmitter, EngineEvents } from '../runs/index.ts';

/** Buckets of a run's duration in seconds: 50 ms to 1 hour. */
export const RUN_SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600];

type Listener<K extends keyof EngineEvents> = (...args: EngineEvents[K]) => void;

/** The run counters and duration histogram in `registry`; `watch` feeds them from an engine's events. */
export function createRunMetrics(registry: Registry): { watch(events: EngineEmitter): () => void } {
  const registers = [registry];
  const started = new Counter({
    name: 'qiao_runs_started_total',
    help: 'Run executions started by this process by kind (flow, sync): first starts, retry attempts and resumed runs.',
    labelNames: ['kind'],
    registers,
  });
  const retried = new Counter({
    name: 'qiao_runs_retried_total',
    help: 'Run attempts that failed and were scheduled again (retrying) by kind.',
    labelNames: ['kind'],
    registers,
  });
  const finished = new Counter({
    name: 'qiao_runs_finished_total',
    help: 'Runs that reached a final status (succeeded, failed, cancelled) in this process, by kind and status.',
    labelNames: ['kind', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'qiao_run_duration_seconds',
    help: 'Seconds from a run first starting to its final status (retry waits included), by kind.',
    labelNames: ['kind'],
    buckets: RUN_SECONDS_BUCKETS,
    registers,
  });
  return {
    watch(events) {
      const onStarted: Listener<'run:started'> = ({ run }) => started.inc({ kind: run.flowKind });
      const onRetrying: Listener<'run:retrying'> = ({ run }) => retried.inc({ kind: run.flowKind });
      const onFinished: Listener<'run:finished'> = ({ run }) => {
        finished.inc({ kind: run.flowKind, status: run.status });
        // A run cancelled before it started has no duration.
        if (run.startedAt !== null && run.finishedAt !== null)
          duration.observe({ kind: run.flowKind }, Math.max(0, run.finishedAt - run.startedAt) / 1000);
      };
      events.on('run:started', onStarted);
      events.on('run:retrying', onRetrying);
      events.on('run:finished', onFinished);
      return () => {
        events.off('run:started', onStarted);
        events.off('run:retrying', onRetrying);
        events.off('run:finished', onFinished);
      };
    },
  };
}
