import type { SyncDefinition } from '../definitions/flow-schema.ts';
import { QiaoError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { ExecutorContext, RunExecutor, RunOutcome, StepReport } from '../runs/executor.ts';
import { RunInterrupted } from '../runs/executor.ts';
import { resolveRetryPolicy } from '../runs/retry-policy.ts';
import type { RunRecord } from '../store/port.ts';
import {
  type BackfillProgress,
  emptyStats,
  type SyncContext,
  type SyncCounter,
  type SyncProgress,
  type SyncStats,
  type SyncStep,
  type TableCache,
} from './context.ts';
import { createSyncEvaluator, type SyncEvaluator } from './evaluator.ts';
import { parseSyncDefinition, runSync } from './run-sync.ts';
import { meterStats, type SyncMetrics } from './sync-metrics.ts';

/** Options of the sync engine executor. */
export interface SyncEngineExecutorOptions {
  /** The expression/mapping evaluator (default: src/expressions + src/mapping). */
  evaluator?: SyncEvaluator;
  /** Waits between in-run retries (default: a timer that the stop signal cuts short). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about each page, batch and write-back batch (logs, CLI progress, tests). */
  onProgress?: (runId: string, event: SyncProgress) => void;
  /** Told what the record counters grew by after each step and when the run ends (Prometheus metrics). */
  metrics?: SyncMetrics;
}

/**
 * The run checkpoint of a sync: the counters so far (the ledger and sync state hold the real progress),
 * and for a backfill run where its range stands (its progress is not in the sync state).
 */
interface SyncCheckpoint {
  stats: SyncStats;
  backfill?: BackfillProgress | null;
}

const DEFINITION_CACHE_SIZE = 200;

/** Reads counters carried in a run checkpoint (a resumed or retried run keeps counting). */
function statsFrom(checkpoint: JsonValue): SyncStats {
  const stats = emptyStats();
  const stored = isJsonObject(checkpoint) && isJsonObject(checkpoint.stats) ? checkpoint.stats : {};
  for (const key of Object.keys(stats) as SyncCounter[]) {
    const value = stored[key];
    if (typeof value === 'number') stats[key] = value;
  }
  if (typeof stored.adopted === 'number') stats.adopted = stored.adopted;
  return stats;
}

/** Source items a trigger names (`{items: [...]}`, e.g. a callback's instance id); undefined = list the source. */
export function triggerItems(trigger: JsonValue): JsonValue[] | undefined {
  return isJsonObject(trigger) && Array.isArray(trigger.items) ? trigger.items : undefined;
}

/** The time range a backfill trigger names (`{type: 'backfill', from, to}`, epoch ms); undefined otherwise. */
export function triggerBackfill(trigger: JsonValue): { from: number; to: number } | undefined {
  if (!isJsonObject(trigger) || trigger.type !== 'backfill') return undefined;
  const { from, to } = trigger;
  if (typeof from !== 'number' || typeof to !== 'number' || !(from < to))
    throw new QiaoError('INPUT_INVALID', `补数时间范围无效 / invalid backfill range: from ${from} to ${to}`);
  return { from, to };
}

/** A backfill run's progress carried in its checkpoint. */
function backfillProgressFrom(checkpoint: JsonValue): BackfillProgress | undefined {
  const stored = isJsonObject(checkpoint) ? checkpoint.backfill : undefined;
  if (!isJsonObject(stored) || typeof stored.windowFrom !== 'number') return undefined;
  return { windowFrom: stored.windowFrom, next: stored.next ?? null };
}

/** The next free step seq of a run (steps of earlier attempts keep theirs). */
async function nextSeq(ctx: ExecutorContext, runId: string): Promise<number> {
  const steps = await ctx.store.steps.list(runId);
  return steps.reduce((max, step) => Math.max(max, step.seq + 1), 0);
}

/** The step's output with the exchange counts of the sampling policy (`exchangesTotal`, `exchangesKept`). */
function outputWithCounts(step: SyncStep): JsonValue {
  const counts = {
    exchangesTotal: step.exchangesTotal ?? step.exchanges.length,
    exchangesKept: step.exchanges.length,
  };
  if (step.output === null) return counts;
  return isJsonObject(step.output) ? { ...step.output, ...counts } : step.output;
}

function toReport(step: SyncStep, seq: number): StepReport {
  return {
    seq,
    path: step.path,
    status: step.status,
    attempt: step.attempt,
    input: step.input,
    output: outputWithCounts(step),
    error: step.error,
    exchanges: step.exchanges.length > 0 ? (step.exchanges as unknown as JsonValue) : null,
    startedAt: step.startedAt,
    finishedAt: step.finishedAt,
  };
}

/**
 * Creates the executor src/runs calls for runs with flowKind 'sync'. Each page, batch and
 * write-back batch becomes a step record saved with a durable checkpoint (which also fences a
 * reclaimed or cancelled run). Stop → the current batch finishes, then `interrupted`; a retryable
 * failure → `step-failed` with the sync's retry policy (the re-run resumes from the ledger); a
 * user error → `step-failed`, not retryable. Counters go to the run's `stats` and `output`.
 */
export function createSyncEngineExecutor(options: SyncEngineExecutorOptions = {}): RunExecutor {
  const evaluator = options.evaluator ?? createSyncEvaluator();
  const definitions = new Map<string, SyncDefinition>();
  // Lookup tables with `refresh`, kept across this process's runs.
  const tableCache: TableCache = new Map();
  const definitionOf = (run: RunRecord, value: JsonObject): SyncDefinition => {
    const key = `${run.flowId}@${run.flowVersion}`;
    let hit = definitions.get(key);
    if (!hit) {
      hit = parseSyncDefinition(value, run.flowId);
      if (definitions.size >= DEFINITION_CACHE_SIZE)
        definitions.delete(definitions.keys().next().value ?? '');
      definitions.set(key, hit);
    }
    return hit;
  };

  return async (run, ctx) => {
    const stats = statsFrom(run.checkpoint);
    const meter = options.metrics && meterStats(options.metrics, run.flowId, stats);
    let attempt = run.attempt;
    let definition: SyncDefinition | undefined;
    // A backfill's place in its range rides in every checkpoint, with the counters.
    let progress = backfillProgressFrom(run.checkpoint);
    const checkpoint = () =>
      ctx.checkpoint({
        stats: { ...stats },
        ...(progress ? { backfill: progress } : {}),
      } satisfies SyncCheckpoint as unknown as JsonValue);
    try {
      definition = definitionOf(run, ctx.definition);
      const range = triggerBackfill(run.trigger);
      let seq = await nextSeq(ctx, run.id);
      const sync: SyncContext = {
        definition,
        definitionVersion: run.flowVersion,
        runId: run.id,
        store: ctx.store,
        gateway: ctx.gateway,
        evaluator,
        clock: () => ctx.clock.now(),
        signal: ctx.signal,
        callSignal: ctx.cancelSignal,
        sleep: options.sleep,
        onProgress: options.onProgress ? (event) => options.onProgress?.(run.id, event) : undefined,
        items: triggerItems(run.trigger),
        tableCache,
        backfill: range && {
          ...range,
          resume: progress,
          save: async (next) => {
            progress = next;
            await checkpoint();
          },
        },
        recordStep: async (step) => {
          await ctx.recordStep(toReport(step, seq++));
          await checkpoint();
          meter?.flush();
          attempt = 1;
        },
      };
      const result = await runSync(sync, stats);
      await ctx.store.runs.update(run.id, { stats: { ...stats } });
      return {
        status: 'succeeded',
        output: { ledger: result.ledger, stats: { ...stats } },
        checkpoint: { stats: { ...stats } },
        // Also in the outcome: the engine's record of the finished run (its `run:finished` event, the log) carries them.
        stats: { ...stats },
      };
    } catch (error) {
      return failed(run, ctx, error, { stats, attempt, definition, progress });
    } finally {
      meter?.flush();
    }
  };
}

/** Maps a failure to the engine's outcome (rethrowing RunInterrupted, which the engine handles). */
async function failed(
  run: RunRecord,
  ctx: ExecutorContext,
  error: unknown,
  state: {
    stats: SyncStats;
    attempt: number;
    definition: SyncDefinition | undefined;
    progress: BackfillProgress | undefined;
  },
): Promise<RunOutcome> {
  if (error instanceof RunInterrupted) throw error;
  await ctx.store.runs.update(run.id, { stats: { ...state.stats } });
  if (ctx.signal.aborted) return { status: 'interrupted' };
  const cause =
    error instanceof QiaoError ? error : new QiaoError('INTERNAL', String(error), { cause: error });
  return {
    status: 'step-failed',
    error: toStructuredError(cause, state.attempt),
    attempt: state.attempt,
    policy: resolveRetryPolicy(state.definition?.retry),
    stats: { ...state.stats },
    // A retried backfill goes on from where its range stood.
    checkpoint: {
      stats: { ...state.stats },
      ...(state.progress ? { backfill: state.progress } : {}),
    } satisfies SyncCheckpoint as unknown as JsonValue,
  };
}
