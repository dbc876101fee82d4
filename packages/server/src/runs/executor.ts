import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { bilingual, QiaoError, type StructuredError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { RunRecord, StepRecord, Store } from '../store/port.ts';
import type { ResolvedRetryPolicy } from './retry-policy.ts';

/** Where the engine reads the time (injected in tests). */
export interface Clock {
  now(): number;
}

/** A step record as an executor reports it (the engine adds the run id). */
export type StepReport = Omit<StepRecord, 'runId'>;

/** What an executor gets for one run. */
export interface ExecutorContext {
  store: Store;
  gateway: ConnectorGateway;
  clock: Clock;
  workerId: string;
  /** The definition of the run's flow or sync at the run's version. */
  definition: JsonObject;
  /** Aborted when the run is cancelled or the engine stops: finish the current step, then return `interrupted`. */
  signal: AbortSignal;
  /** Aborted only when the run is cancelled: pass it to calls so they stop at once. */
  cancelSignal: AbortSignal;
  /**
   * Records a step attempt. Records are written together with the next checkpoint (or the run's
   * outcome); `flush: true` writes at once (e.g. a `running` record before an outside call).
   */
  recordStep(step: StepReport, options?: { flush?: boolean }): Promise<void>;
  /**
   * Stores the resumable state with the pending step records in one transaction. `durable: false`
   * (for steps without outside effects) lets the write ride along with the next durable one.
   * Throws `RunInterrupted` when the run is no longer this worker's to run (cancelled, reclaimed).
   * `attempt` is the attempt a resumed run starts with (default 1: the state is after a completed step).
   * `stats` replaces the run's counters (`run.stats`) in the same write.
   */
  checkpoint(
    state: JsonValue,
    options?: { durable?: boolean; attempt?: number; stats?: JsonObject },
  ): Promise<void>;
}

/** Seals and opens run checkpoints (the runtime encrypts them with the secrets key; see src/runtime). */
export interface CheckpointCodec {
  seal(value: JsonValue): JsonValue;
  open(value: JsonValue): JsonValue;
}

/** How an executor's work on a run ended. */
export type RunOutcome =
  | { status: 'succeeded'; output: JsonValue; checkpoint: JsonValue; stats?: JsonObject }
  | {
      status: 'step-failed';
      error: StructuredError;
      attempt: number;
      policy: ResolvedRetryPolicy;
      checkpoint: JsonValue;
      stats?: JsonObject;
    }
  | { status: 'interrupted' };

/** Runs (or resumes) one run of a flow kind; `executors.sync` is provided by src/sync. */
export type RunExecutor = (run: RunRecord, ctx: ExecutorContext) => Promise<RunOutcome>;

/** Thrown from `checkpoint` when the run was cancelled or taken over; executors let it propagate. */
export class RunInterrupted extends QiaoError {
  constructor(runId: string) {
    super(
      'CONFLICT',
      bilingual(
        `运行 ${runId} 已被取消或由其他进程接管`,
        `run ${runId} was cancelled or taken over by another process`,
      ),
      { details: { runId } },
    );
  }
}
