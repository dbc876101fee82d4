import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import type { FlowDefinition } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { createInProcessQueue } from '../queue/in-process.ts';
import type { RunQueue } from '../queue/port.ts';
import type { RunRecord, Store } from '../store/port.ts';
import { EngineEmitter } from './engine-events.ts';
import type { CheckpointCodec, Clock, RunExecutor } from './executor.ts';
import { createFlowExecutor, type FlowExecutorOptions } from './flow-executor.ts';
import { newRunId } from './ids.ts';
import { type RetryFrom, retryCheckpoint } from './retry-run.ts';
import { openCheckpoint } from './run-execution.ts';
import { isFinished } from './run-state.ts';
import { flowMakesCalls, type RedactorSource } from './step-redaction.ts';
import { openTrigger, sealTrigger } from './trigger-seal.ts';
import { createWorkerPool } from './worker-pool.ts';
import { WriteBatcher } from './write-batcher.ts';

/** Which flow or sync to run; without a version, the current one. */
export type FlowRef = string | { kind?: 'flow' | 'sync'; id: string; version?: number };

/** Options of `createEngine`. */
export interface EngineOptions {
  store: Store;
  gateway: ConnectorGateway;
  queue?: RunQueue;
  clock?: Clock;
  random?: () => number;
  workerId?: string;
  /** Most runs this process executes at once (default 8). */
  concurrency?: number;
  /** Lease length; a dead worker's runs are taken over after it (default 30 s). */
  leaseMs?: number;
  /** How often an idle engine looks for due retries and expired leases (default 1 s). */
  pollMs?: number;
  /** Keep the process alive while started (a standalone worker); default false: timers are unref'd. */
  keepAlive?: boolean;
  /** Executors per flow kind; `flow` defaults to the action-flow executor, `sync` comes from src/sync. */
  executors?: Partial<Record<RunRecord['flowKind'], RunExecutor>>;
  flow?: FlowExecutorOptions;
  /** Seals action-flow checkpoints at rest (createRuntime passes one over the secrets key); none: stored in clear. */
  checkpointCodec?: CheckpointCodec;
  /**
   * Redactors of connections for step records and run outputs of flows with calls; default: the
   * gateway's own `redactorFor` when it has one (the kit gateway does), else none.
   */
  redactorFor?: RedactorSource;
}

/** Extras of `enqueue`. */
export interface EnqueueOptions {
  retryOf?: string;
  /**
   * The run's id, for an idempotent enqueue (e.g. one alert per failed run and alert flow): when a run
   * with this id exists, nothing is created or announced and the id is returned. Default: a new id.
   */
  id?: string;
  /** The run's starting checkpoint, stored as given (`retry` seals it itself when the engine has a codec). */
  checkpoint?: JsonValue;
  /**
   * A transaction-bound store to create the run in (e.g. with a schedule's fire mark). The run is
   * then not announced: call `wake(runId)` after the transaction commits (the poll covers a crash between).
   */
  store?: Store;
}

/** The durable run engine. */
export interface Engine {
  readonly events: EngineEmitter;
  readonly workerId: string;
  /** Starts claiming and executing runs. */
  start(): void;
  /** Stops claiming; lets current steps finish, checkpoints and releases their runs. */
  stop(): Promise<void>;
  /** Creates a queued run (committed) and announces it; returns the run id. */
  enqueue(flow: FlowRef, trigger: JsonValue, options?: EnqueueOptions): Promise<string>;
  /** Announces a run created and committed elsewhere (a transaction, `retryFailed`): workers look now, not at the next poll. */
  wake(runId: string): Promise<void>;
  /** Executes one run in this call until it is finished (waiting out retry delays): the CLI one-shot. */
  runToCompletion(runId: string): Promise<RunRecord>;
  /** Cancels a run that has not finished; false when it already had. */
  cancel(runId: string): Promise<boolean>;
  /** Creates a new run retrying `runId`: from where it stopped, or from a top-level step. */
  retry(runId: string, options?: { fromStep?: string }): Promise<string>;
  /** Resolves with the run once it has finished (succeeded, failed or cancelled). */
  waitForRun(runId: string): Promise<RunRecord>;
}

/** Creates the engine: claim runs with a lease → execute one step → checkpoint → repeat. */
export function createEngine(options: EngineOptions): Engine {
  const { store } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const queue = options.queue ?? createInProcessQueue();
  const events = new EngineEmitter();
  const workerId = options.workerId ?? `w-${newRunId()}`;
  const definition = definitionCache(store);
  const redactorFor = options.redactorFor ?? gatewayRedactors(options.gateway);
  const codec = options.checkpointCodec;
  const flowOptions: FlowExecutorOptions = {
    ...(redactorFor ? { redactorFor } : {}),
    ...options.flow,
    onResponse: (runId, response) => {
      options.flow?.onResponse?.(runId, response);
      events.emit('run:responded', { runId, response });
    },
  };
  const pool = createWorkerPool({
    store,
    gateway: options.gateway,
    clock,
    random: options.random ?? Math.random,
    workerId,
    events,
    executors: { flow: createFlowExecutor(flowOptions), ...options.executors },
    queue,
    concurrency: options.concurrency ?? 8,
    leaseMs: options.leaseMs ?? 30_000,
    pollMs: options.pollMs ?? 1000,
    keepAlive: options.keepAlive ?? false,
    definition: (run) => definition(run.flowKind, run.flowId, run.flowVersion),
    writes: new WriteBatcher(store),
    checkpointCodec: codec,
  });
  const wake: Engine['wake'] = async (runId) => {
    events.emit('run:enqueued', { runId });
    await queue.notify(runId);
  };
  const enqueue: Engine['enqueue'] = (flow, trigger, extra = {}) =>
    enqueueRun({ store, clock, wake }, flow, sealTrigger(codec, trigger), extra);
  return {
    events,
    workerId,
    start: () => pool.start(),
    stop: () => pool.stop(),
    enqueue,
    wake,
    runToCompletion: (runId) => pool.runToCompletion(runId),
    cancel: (runId) => pool.cancel(runId),
    async retry(runId, retryOptions = {}) {
      const old = await store.runs.get(runId);
      if (!old) throw new QiaoError('NOT_FOUND', bilingual(`找不到运行 ${runId}`, `no run ${runId}`));
      if (old.status === 'queued' || old.status === 'running' || old.status === 'retrying')
        throw new QiaoError(
          'CONFLICT',
          `运行 ${runId} 尚未结束（${old.status}），结束后才能重试 / run ${runId} has not finished (${old.status}); retry it once it has`,
        );
      // A succeeded flow run has nothing left to do: retrying it would copy its result as a new run.
      if (old.status === 'succeeded' && old.flowKind === 'flow' && retryOptions.fromStep === undefined)
        throw new QiaoError(
          'CONFLICT',
          `运行 ${runId} 已成功，没有可重试的步骤；要重新执行某一步请指定起始步骤 / run ${runId} succeeded, so nothing is left to retry; name a step to run again from it`,
        );
      const def = await definition(old.flowKind, old.flowId, old.flowVersion);
      const from: RetryFrom = {
        old: { ...old, checkpoint: openCheckpoint({ checkpointCodec: codec }, old.checkpoint) },
        definition: def,
      };
      if (retryOptions.fromStep !== undefined) from.fromStep = retryOptions.fromStep;
      const ref = { kind: old.flowKind, id: old.flowId, version: old.flowVersion };
      let checkpoint = retryCheckpoint(from);
      if (codec && checkpoint !== null && flowMakesCalls(def as unknown as FlowDefinition))
        checkpoint = codec.seal(checkpoint);
      return enqueue(ref, openTrigger(codec, old.trigger), { retryOf: old.id, checkpoint });
    },
    waitForRun: (runId) => waitForRun(store, events, runId),
  };
}

/** Definitions by (kind, id, version): versions are immutable, so each is read once. */
function definitionCache(store: Store) {
  const cache = new Map<string, Promise<JsonObject>>();
  return (kind: RunRecord['flowKind'], id: string, version: number): Promise<JsonObject> => {
    const key = `${kind}:${id}@${version}`;
    let hit = cache.get(key);
    if (!hit) {
      hit = loadDefinition(store, kind, id, version);
      hit.catch(() => cache.delete(key));
      cache.set(key, hit);
    }
    return hit;
  };
}

/** The kit gateway's `redactorFor`, when the gateway has one. */
function gatewayRedactors(gateway: ConnectorGateway): RedactorSource | undefined {
  const candidate = (gateway as { redactorFor?: unknown }).redactorFor;
  if (typeof candidate !== 'function') return undefined;
  return (connectionId) => (candidate as RedactorSource).call(gateway, connectionId);
}

async function enqueueRun(
  deps: { store: Store; clock: Clock; wake: (runId: string) => Promise<void> },
  flow: FlowRef,
  trigger: JsonValue,
  extra: EnqueueOptions,
): Promise<string> {
  const ref = typeof flow === 'string' ? { id: flow } : flow;
  const kind = ref.kind ?? 'flow';
  const now = deps.clock.now();
  const { store: target = deps.store, id, ...rest } = extra;
  const version = ref.version ?? (await target.documents.head(kind, ref.id))?.currentVersion;
  if (version === undefined)
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(
        `找不到${kind === 'flow' ? '动作流' : '集成方案'} ${ref.id}`,
        `no ${kind === 'flow' ? 'flow' : 'sync'} ${ref.id}`,
      ),
    );
  const run = newRun({
    id: id ?? newRunId(now),
    flowKind: kind,
    flowId: ref.id,
    flowVersion: version,
    trigger,
    now,
    ...rest,
  });
  if (id === undefined) await target.runs.create(run);
  else if (!(await target.runs.createIfAbsent(run))) return run.id;
  // Inside a caller's transaction the run is not visible yet: the caller wakes it after the commit.
  if (extra.store === undefined) await deps.wake(run.id);
  return run.id;
}

async function loadDefinition(
  store: Store,
  kind: RunRecord['flowKind'],
  id: string,
  version: number,
): Promise<JsonObject> {
  const doc = await store.documents.get(kind, id, version);
  if (!doc || !isJsonObject(doc.definition))
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(`找不到 ${kind} ${id} 的版本 ${version}`, `no version ${version} of ${kind} ${id}`),
    );
  return doc.definition;
}

function newRun(input: {
  id: string;
  flowKind: RunRecord['flowKind'];
  flowId: string;
  flowVersion: number;
  trigger: JsonValue;
  now: number;
  retryOf?: string;
  /** The run's starting checkpoint, stored as given (`retry` seals it itself when the engine has a codec). */
  checkpoint?: JsonValue;
}): RunRecord {
  return {
    id: input.id,
    flowKind: input.flowKind,
    flowId: input.flowId,
    flowVersion: input.flowVersion,
    status: 'queued',
    trigger: input.trigger,
    checkpoint: input.checkpoint ?? null,
    output: null,
    error: null,
    attempt: 1,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: input.now,
    startedAt: null,
    finishedAt: null,
    retryOf: input.retryOf ?? null,
    waitingSince: null,
  };
}

/** Resolves when the run has finished; subscribes before reading so no event is missed. */
export async function waitForRun(store: Store, events: EngineEmitter, runId: string): Promise<RunRecord> {
  return new Promise<RunRecord>((resolve, reject) => {
    const listener = ({ run }: { run: RunRecord }) => {
      if (run.id !== runId) return;
      events.off('run:finished', listener);
      resolve(run);
    };
    events.on('run:finished', listener);
    store.runs.get(runId).then((run) => {
      if (!run) {
        events.off('run:finished', listener);
        reject(new QiaoError('NOT_FOUND', bilingual(`找不到运行 ${runId}`, `no run ${runId}`)));
      } else if (isFinished(run.status)) {
        events.off('run:finished', listener);
        resolve(run);
      }
    }, reject);
  });
}
