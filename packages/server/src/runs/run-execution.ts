import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { toStructuredError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { RunRecord, StepRecord, Store } from '../store/port.ts';
import type { EngineEmitter } from './engine-events.ts';
import {
  type CheckpointCodec,
  type Clock,
  type ExecutorContext,
  type RunExecutor,
  RunInterrupted,
  type RunOutcome,
  type StepReport,
} from './executor.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';
import { type RunState, transition } from './run-state.ts';
import { flowMakesCalls } from './step-redaction.ts';
import { openTrigger } from './trigger-seal.ts';
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
  /** Seals checkpoints of action flows with calls at rest (opened again on resume); none: stored as they are. */
  checkpointCodec?: CheckpointCodec | undefined;
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
    // A run that waited for its flow's slot says at once that it no longer waits and when it started, and
    // so does a sync (few, long runs); a flow run writes its start with its first checkpoint (a write less).
    if (execution.writesStartNow) await persist({});
    const definition = await deps.definition(execution.run);
    deps.events.emit('run:started', { run: execution.run });
    outcome = await runExecutor(deps, execution.run, execution.context(definition, controls));
  } catch (error) {
    if (error instanceof RunInterrupted)
      return settleOrReload(deps, execution.run, 'lost', controls, persist);
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
  /** Whether the start is written before the first step: a run stored as waiting (the start clears the mark), a sync's first start. */
  readonly writesStartNow: boolean;
  readonly #pending: StepRecord[] = [];
  #unsaved: Patch;
  /** Whether checkpoints are sealed: action flows, unless the definition shows the flow makes no calls. */
  #seal: boolean;

  constructor(
    private readonly deps: ExecutionDeps,
    claimed: RunRecord,
  ) {
    const opened = {
      ...claimed,
      checkpoint: openCheckpoint(deps, claimed.checkpoint),
      trigger: openTrigger(deps.checkpointCodec, claimed.trigger),
    };
    const started = transition(opened, { type: 'started', now: deps.clock.now() });
    this.run = { ...opened, ...started, waitingSince: null };
    const waited = (claimed.waitingSince ?? null) !== null;
    this.writesStartNow = waited || (claimed.startedAt === null && claimed.flowKind === 'sync');
    this.#unsaved = {
      ...(claimed.startedAt === null ? { startedAt: this.run.startedAt } : {}),
      ...(waited ? { waitingSince: null } : {}),
    };
    this.#seal = claimed.flowKind === 'flow' && deps.checkpointCodec !== undefined;
  }

  /** Writes the pending records, the unsaved patch and `patch`; throws RunInterrupted when the run is no longer ours. */
  async persist(patch: Patch): Promise<void> {
    const records = this.#pending.splice(0, this.#pending.length);
    const full = { ...this.#unsaved, ...patch };
    this.#unsaved = {};
    const stored = this.#sealed(full);
    const write = { runId: this.run.id, owner: this.deps.workerId, steps: records, patch: stored };
    if (!(await this.deps.writes.submit(write))) throw new RunInterrupted(this.run.id);
    this.run = { ...this.run, ...full };
    for (const step of records) {
      this.deps.events.emit(step.status === 'running' ? 'step:started' : 'step:finished', {
        runId: this.run.id,
        step,
      });
    }
  }

  /** The patch as stored: an action flow's checkpoint sealed (the run in memory keeps it open). */
  #sealed(patch: Patch): Patch {
    const codec = this.deps.checkpointCodec;
    if (!codec || !this.#seal || patch.checkpoint === undefined) return patch;
    return { ...patch, checkpoint: codec.seal(patch.checkpoint) };
  }

  context(definition: JsonObject, controls: RunControls): ExecutorContext {
    const { deps } = this;
    // A flow without calls holds nothing secret beyond its trigger (secret-named fields sealed apart): skip the cipher.
    if (this.#seal) this.#seal = flowMakesCalls(definition as unknown as FlowDefinition);
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
        const patch: Patch = { checkpoint: state, attempt: options?.attempt ?? 1 };
        if (options?.stats) patch.stats = options.stats;
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
  if (outcome.status !== 'interrupted' && outcome.stats) patch.stats = outcome.stats;
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

/** A stored checkpoint opened with the codec (checkpoints written before sealing pass through). */
export function openCheckpoint(deps: Pick<ExecutionDeps, 'checkpointCodec'>, stored: JsonValue): JsonValue {
  return deps.checkpointCodec && stored !== null ? deps.checkpointCodec.open(stored) : stored;
}
