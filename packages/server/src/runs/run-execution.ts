import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { toStructuredError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { RunRecord, StepRecord, Store } from '../store/port.ts';
import type { EngineEmitter } from './engine-events.ts';
import {
  type Clock,
  type ExecutorContext,
  type RunExecutor,
  RunInterrupted,
  type RunOutcome,
  type StepReport,
} from './executor.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import { type RunState, transition } from './run-state.ts';
import type { WriteBatcher } from './write-batcher.ts';

/** What executing one claimed run needs. */
export interface ExecutionDeps {
  store: Store;
  gateway: ConnectorGateway;
  clock: Clock;
  random: () => number;
  workerId: string;
  events: EngineEmitter;
  executors: Partial<Record<RunRecord['flowKind'], RunExecutor>>;
  definition(run: RunRecord): Promise<JsonObject>;
  /** Group-commits step records and run patches. */
  writes: WriteBatcher;
}

/** The switches the engine holds for a run in progress. */
export interface RunControls {
  /** Aborted on stop or cancel: the executor stops between steps. */
  stop: AbortController;
  /** Aborted on cancel: in-flight calls stop at once. */
  cancel: AbortController;
}

type Patch = Partial<Omit<RunRecord, 'id'>>;

/**
 * Executes (or resumes) a run this worker has claimed, writing step records and checkpoints as it
 * goes and the outcome at the end; returns the run as stored afterwards (as far as this worker knows).
 */
export async function executeRun(
  deps: ExecutionDeps,
  claimed: RunRecord,
  controls: RunControls,
): Promise<RunRecord> {
  const execution = new RunWriter(deps, claimed);
  const persist = (patch: Patch) => execution.persist(patch);
  let outcome: RunOutcome | 'lost';
  try {
    const definition = await deps.definition(execution.run);
    deps.events.emit('run:started', { run: execution.run });
    outcome = await runExecutor(deps, execution.run, execution.context(definition, controls));
  } catch (error) {
    // Only a definition that cannot be loaded lands here: fail the run instead of bouncing it between workers.
    const run = execution.run;
    outcome = {
      status: 'step-failed',
      error: toStructuredError(error, run.attempt),
      attempt: run.attempt,
      policy: DEFAULT_RETRY_POLICY,
      checkpoint: run.checkpoint,
    };
  }
  return settleOrReload(deps, execution.run, outcome, controls, persist);
}

/** Buffers a run's step records and lazy checkpoints and writes them through the group commit. */
class RunWriter {
  run: RunRecord;
  readonly #pending: StepRecord[] = [];
  #unsaved: Patch;

  constructor(
    private readonly deps: ExecutionDeps,
    claimed: RunRecord,
  ) {
    this.run = { ...claimed, ...transition(claimed, { type: 'started', now: deps.clock.now() }) };
    this.#unsaved = claimed.startedAt === null ? { startedAt: this.run.startedAt } : {};
  }

  /** Writes the pending records, the unsaved patch and `patch`; throws RunInterrupted when the run is no longer ours. */
  async persist(patch: Patch): Promise<void> {
    const records = this.#pending.splice(0, this.#pending.length);
    const full = { ...this.#unsaved, ...patch };
    this.#unsaved = {};
    const write = { runId: this.run.id, owner: this.deps.workerId, steps: records, patch: full };
    if (!(await this.deps.writes.submit(write))) throw new RunInterrupted(this.run.id);
    this.run = { ...this.run, ...full };
    for (const step of records) {
      this.deps.events.emit(step.status === 'running' ? 'step:started' : 'step:finished', {
        runId: this.run.id,
        step,
      });
    }
  }

  context(definition: JsonObject, controls: RunControls): ExecutorContext {
    const { deps } = this;
    return {
      store: deps.store,
      gateway: deps.gateway,
      clock: deps.clock,
      workerId: deps.workerId,
      definition,
      signal: controls.stop.signal,
      cancelSignal: controls.cancel.signal,
      recordStep: async (step: StepReport, options) => {
        this.#pending.push({ runId: this.run.id, ...step });
        if (options?.flush) await this.persist({});
      },
      checkpoint: async (state: JsonValue, options) => {
        const patch = { checkpoint: state, attempt: options?.attempt ?? 1 };
        if (options?.durable === false) this.#unsaved = { ...this.#unsaved, ...patch };
        else await this.persist(patch);
      },
    };
  }
}

async function settleOrReload(
  deps: ExecutionDeps,
  run: RunRecord,
  outcome: RunOutcome | 'lost',
  controls: RunControls,
  persist: (patch: Patch) => Promise<void>,
): Promise<RunRecord> {
  try {
    return await settle(deps, run, outcome, controls, persist);
  } catch (error) {
    if (error instanceof RunInterrupted) return (await deps.store.runs.get(run.id)) ?? run;
    throw error;
  }
}

async function runExecutor(
  deps: ExecutionDeps,
  run: RunRecord,
  ctx: ExecutorContext,
): Promise<RunOutcome | 'lost'> {
  const executor = deps.executors[run.flowKind];
  try {
    if (!executor) throw new Error(`no executor registered for flow kind "${run.flowKind}"`);
    return await executor(run, ctx);
  } catch (error) {
    if (error instanceof RunInterrupted) return 'lost';
    const structured = toStructuredError(error, run.attempt);
    return {
      status: 'step-failed',
      error: structured,
      attempt: run.attempt,
      policy: DEFAULT_RETRY_POLICY,
      checkpoint: run.checkpoint,
    };
  }
}

/** Writes the outcome (with the pending step records) and tells listeners. */
async function settle(
  deps: ExecutionDeps,
  run: RunRecord,
  outcome: RunOutcome | 'lost',
  controls: RunControls,
  persist: (patch: Patch) => Promise<void>,
): Promise<RunRecord> {
  if (outcome === 'lost' || (outcome.status === 'interrupted' && controls.cancel.signal.aborted)) {
    return (await deps.store.runs.get(run.id)) ?? run;
  }
  const now = deps.clock.now();
  let next: RunState;
  if (outcome.status === 'interrupted') next = transition(run, { type: 'released' });
  else if (outcome.status === 'succeeded') {
    next = transition(
      { ...run, checkpoint: outcome.checkpoint },
      { type: 'finished', output: outcome.output, now },
    );
  } else {
    const failed = {
      type: 'step-failed',
      error: outcome.error,
      attempt: outcome.attempt,
      policy: outcome.policy,
      now,
    } as const;
    next = transition({ ...run, checkpoint: outcome.checkpoint }, { ...failed, random: deps.random });
  }
  const patch = stateToPatch(next);
  await persist(patch);
  const stored: RunRecord = { ...run, ...patch };
  if (stored.status === 'retrying') deps.events.emit('run:retrying', { run: stored });
  else if (stored.status === 'queued') deps.events.emit('run:released', { runId: stored.id });
  else deps.events.emit('run:finished', { run: stored });
  return stored;
}

function stateToPatch(state: RunState): Patch {
  return {
    status: state.status,
    attempt: state.attempt,
    notBefore: state.notBefore,
    error: state.error,
    output: state.output,
    checkpoint: state.checkpoint,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    leaseOwner: state.leaseOwner,
    leaseUntil: state.leaseUntil,
  };
}
