import { bilingual, QiaoError } from '../errors/index.ts';
import type { RunQueue } from '../queue/port.ts';
import type { RunRecord } from '../store/port.ts';
import { type ExecutionDeps, executeRun, type RunControls } from './run-execution.ts';
import { isFinished, transition } from './run-state.ts';

/** What the worker pool needs beyond executing a run. */
export interface WorkerPoolDeps extends ExecutionDeps {
  queue: RunQueue;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  keepAlive: boolean;
}

/** The claiming half of the engine: capacity, per-flow limits, leases, wake-ups, cancel, stop. */
export interface WorkerPool {
  start(): void;
  stop(): Promise<void>;
  cancel(runId: string): Promise<boolean>;
  runToCompletion(runId: string): Promise<RunRecord>;
}

interface Active {
  controls: RunControls;
  flowKey: string;
  done: Promise<RunRecord>;
}

/** Creates the pool; runs of a flow at its limit wait parked (lease held) without blocking other flows. */
export function createWorkerPool(deps: WorkerPoolDeps): WorkerPool {
  return new Pool(deps);
}

class Pool implements WorkerPool {
  readonly #active = new Map<string, Active>();
  readonly #perFlow = new Map<string, number>();
  readonly #parked: RunRecord[] = [];
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #running = false;
  #pumping: Promise<void> | undefined;
  #again = false;
  #renew: ReturnType<typeof setInterval> | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: WorkerPoolDeps) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#unsubscribe = this.deps.queue.subscribe(() => this.#wake());
    this.#renew = setInterval(() => this.#renewLeases(), Math.max(10, Math.floor(this.deps.leaseMs / 3)));
    this.#poll = setInterval(() => this.#wake(), this.deps.pollMs);
    this.#renew.unref();
    if (!this.deps.keepAlive) this.#poll.unref();
    this.#wake();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#unsubscribe?.();
    clearInterval(this.#renew);
    clearInterval(this.#poll);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    // A claim under way ends first: what it claimed after the stop is handed back, not launched.
    await this.#pumping;
    for (const { controls } of this.#active.values()) controls.stop.abort();
    await Promise.all([...this.#active.values()].map((a) => a.done));
    await this.#release(this.#parked.splice(0));
  }

  /** Hands claimed runs that will not start here back to the queue (lease dropped, no longer waiting here). */
  async #release(runs: readonly RunRecord[]): Promise<void> {
    const release = { status: 'queued' as const, leaseOwner: null, leaseUntil: null, waitingSince: null };
    await Promise.all(
      runs.map((run) => this.deps.store.runs.update(run.id, release, ['running'], this.deps.workerId)),
    );
  }

  cancel(runId: string): Promise<boolean> {
    return cancelRun(this.deps, this.#active, runId);
  }

  async runToCompletion(runId: string): Promise<RunRecord> {
    // Without the loop running, keep this run's lease alive ourselves.
    const renew = this.#running
      ? undefined
      : setInterval(() => this.#renewLeases(), Math.max(10, Math.floor(this.deps.leaseMs / 3)));
    try {
      return await runToCompletion(this.deps, runId, {
        slot: (run) => this.#takeSlot(run),
        launch: (run) => this.#launch(run),
      });
    } finally {
      clearInterval(renew);
    }
  }

  async #flowLimit(run: RunRecord): Promise<number> {
    const def = await this.deps.definition(run).catch(() => undefined);
    if (def === undefined) return Number.POSITIVE_INFINITY;
    return typeof def.concurrency === 'number' ? def.concurrency : run.flowKind === 'sync' ? 1 : 4;
  }

  /**
   * Whether a claimed run may start: `start` (its flow has room here and, where the limit is shared,
   * the run took one of the flow's slots), `full` (the flow is at its limit in this process: park) or
   * `elsewhere` (every slot is held by runs of other processes: hand the run back for a while).
   */
  async #room(run: RunRecord): Promise<'start' | 'full' | 'elsewhere'> {
    const key = flowKey(run);
    const limit = await this.#flowLimit(run);
    if ((this.#perFlow.get(key) ?? 0) >= limit) return 'full';
    return (await this.#takeSlot(run, limit)) ? 'start' : 'elsewhere';
  }

  /** Takes one of the run's flow slots where its limit is shared (`sharesLimit`); true elsewhere. */
  async #takeSlot(run: RunRecord, limit?: number): Promise<boolean> {
    const max = limit ?? (await this.#flowLimit(run));
    if (!Number.isFinite(max) || !sharesLimit(this.deps.store.dialect, run)) return true;
    const now = this.deps.clock.now();
    return this.deps.store.runs.takeSlot({ flowKey: flowKey(run), runId: run.id, limit: max, now });
  }

  #launch(run: RunRecord): Promise<RunRecord> {
    const key = flowKey(run);
    this.#perFlow.set(key, (this.#perFlow.get(key) ?? 0) + 1);
    const controls: RunControls = { stop: new AbortController(), cancel: new AbortController() };
    const done = executeRun(this.deps, run, controls)
      .catch(async (error: unknown) => {
        // The run keeps its lease until expiry, then any worker resumes it from its checkpoint.
        this.deps.events.emit('engine:error', { error });
        return (await this.deps.store.runs.get(run.id)) ?? run;
      })
      .then((stored) => {
        this.#active.delete(run.id);
        this.#perFlow.set(key, (this.#perFlow.get(key) ?? 1) - 1);
        if (stored.status === 'retrying' && stored.notBefore !== null) this.#wakeAt(stored.notBefore);
        this.#wake();
        return stored;
      });
    this.#active.set(run.id, { controls, flowKey: key, done });
    return done;
  }

  /** Starts a claimed run when its flow has room; otherwise parks it (keeping the lease, marked as waiting). */
  async #dispatch(run: RunRecord): Promise<void> {
    // Our own run, re-claimed because its lease lapsed while this loop stalled: the claim renewed
    // the lease and the execution in progress goes on; a second one would repeat its calls.
    if (this.#active.has(run.id) || this.#parked.some((parked) => parked.id === run.id)) return;
    const room = await this.#room(run);
    if (room === 'start') void this.#launch(run);
    else if (room === 'full') {
      // Parked, the run shows as waiting for its slot; a run lost meanwhile (cancelled) is dropped.
      if (await markWaiting(this.deps, run)) this.#parked.push(run);
    } else await this.#deferParked(run);
  }

  async #unpark(): Promise<void> {
    for (let i = 0; i < this.#parked.length && this.#active.size < this.deps.concurrency; ) {
      const run = this.#parked[i]!;
      const room = await this.#room(run);
      if (room === 'full') {
        i++;
        continue;
      }
      this.#parked.splice(i, 1);
      if (room === 'start') void this.#launch(run);
      else await this.#deferParked(run);
    }
    // Too many parked runs of full flows: hand the extra back for a while so other flows get claimed.
    while (this.#parked.length > this.deps.concurrency) await this.#deferParked(this.#parked.pop()!);
  }

  /** Hands a run whose slots are all held back as `retrying` for `pollMs`, marked as waiting for its slot. */
  async #deferParked(run: RunRecord): Promise<void> {
    const now = this.deps.clock.now();
    const notBefore = now + this.deps.pollMs;
    const waitingSince = run.waitingSince ?? now;
    const patch = {
      status: 'retrying' as const,
      notBefore,
      leaseOwner: null,
      leaseUntil: null,
      waitingSince,
    };
    const handed = await this.deps.store.runs.update(run.id, patch, ['running'], this.deps.workerId);
    if (handed && (run.waitingSince ?? null) === null)
      this.deps.events.emit('run:waiting', { runId: run.id });
    this.#wakeAt(notBefore);
  }

  #pump(): Promise<void> {
    if (this.#pumping !== undefined) {
      this.#again = true;
      return this.#pumping;
    }
    this.#pumping = this.#pumpLoop().finally(() => {
      this.#pumping = undefined;
    });
    return this.#pumping;
  }

  async #pumpLoop(): Promise<void> {
    try {
      do {
        this.#again = false;
        await this.#unpark();
        await this.#claimAll();
      } while (this.#again && this.#running);
    } catch (error) {
      this.deps.events.emit('engine:error', { error });
    }
  }

  /** Claims while there is room and runs keep coming. */
  async #claimAll(): Promise<void> {
    const { deps } = this;
    for (
      let room = deps.concurrency - this.#active.size;
      this.#running && room > 0;
      room = deps.concurrency - this.#active.size
    ) {
      const claimed = await deps.store.runs.claim({
        owner: deps.workerId,
        now: deps.clock.now(),
        leaseMs: deps.leaseMs,
        limit: room,
      });
      if (!this.#running) {
        await this.#release(claimed);
        return;
      }
      for (const run of claimed) await this.#dispatch(run);
      if (claimed.length < room || this.#parked.length > deps.concurrency) return;
    }
  }

  #wake(): void {
    if (this.#running) void this.#pump();
  }

  #wakeAt(at: number): void {
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        this.#wake();
      },
      Math.max(0, at - this.deps.clock.now()),
    );
    timer.unref();
    this.#timers.add(timer);
  }

  #renewLeases(): void {
    const ids = [...this.#active.keys(), ...this.#parked.map((run) => run.id)];
    this.deps.store.runs
      .renewLease(this.deps.workerId, ids, this.deps.clock.now() + this.deps.leaseMs)
      .catch((error: unknown) => {
        this.deps.events.emit('engine:error', { error });
      });
  }
}

/**
 * Whether a run's flow limit holds across every process using the store (the store's run slots)
 * rather than per process: always for syncs (two runs of one sync at once could both send a record
 * whose first send is still unanswered), and for flows on PostgreSQL, the store of a cluster.
 * On SQLite one process runs the flows (`qiao serve`), so counting here is enough and costs no query.
 */
function sharesLimit(dialect: 'sqlite' | 'postgres', run: RunRecord): boolean {
  return run.flowKind === 'sync' || dialect === 'postgres';
}

function flowKey(run: RunRecord): string {
  return `${run.flowKind}:${run.flowId}`;
}

async function cancelRun(deps: WorkerPoolDeps, active: Map<string, Active>, runId: string): Promise<boolean> {
  const run = await deps.store.runs.get(runId);
  if (!run) throw new QiaoError('NOT_FOUND', bilingual(`找不到运行 ${runId}`, `no run ${runId}`));
  if (isFinished(run.status)) return false;
  const next = transition(run, { type: 'cancelled', now: deps.clock.now() });
  const patch = {
    status: next.status,
    error: next.error,
    finishedAt: next.finishedAt,
    leaseOwner: null,
    leaseUntil: null,
    waitingSince: null,
  };
  if (!(await deps.store.runs.update(runId, patch, ['queued', 'running', 'retrying']))) return false;
  const local = active.get(runId);
  local?.controls.cancel.abort();
  local?.controls.stop.abort();
  deps.events.emit('run:finished', { run: { ...run, ...patch } });
  return true;
}

/**
 * Executes one run in this process until it is finished, whoever's loop is running: takes its lease,
 * then its flow slot where the limit is shared (`sharesLimit`) — while another run holds the slot it
 * waits, asking again every `pollMs` and keeping the lease, so no other worker takes the run meanwhile
 * (a dead waiter's lease lapses and any worker takes the run over). A waiting run stays `running` for
 * the lease's sake but is marked `waitingSince`, which views show as waiting, and is not started.
 */
async function runToCompletion(
  deps: WorkerPoolDeps,
  runId: string,
  start: { slot: (run: RunRecord) => Promise<boolean>; launch: (run: RunRecord) => Promise<RunRecord> },
): Promise<RunRecord> {
  for (;;) {
    const run = await deps.store.runs.get(runId);
    if (!run) throw new QiaoError('NOT_FOUND', bilingual(`找不到运行 ${runId}`, `no run ${runId}`));
    if (isFinished(run.status)) return run;
    if (
      run.status === 'running' &&
      run.leaseOwner !== deps.workerId &&
      (run.leaseUntil ?? 0) > deps.clock.now()
    ) {
      throw new QiaoError(
        'CONFLICT',
        bilingual(
          `运行 ${runId} 正由 ${run.leaseOwner} 执行`,
          `run ${runId} is being executed by ${run.leaseOwner}`,
        ),
      );
    }
    const wait = (run.notBefore ?? 0) - deps.clock.now();
    if (run.status === 'retrying' && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const lease = {
      status: 'running' as const,
      leaseOwner: deps.workerId,
      leaseUntil: deps.clock.now() + deps.leaseMs,
    };
    if (!(await deps.store.runs.update(runId, lease, [run.status]))) continue;
    const leased = { ...run, ...lease };
    if (await waitForSlot(deps, leased, start.slot)) await start.launch(leased);
  }
}

/**
 * Waits until `slot` gives the leased run its slot, renewing the lease, the run marked as waiting
 * meanwhile (the start clears the mark); false if the run was lost meanwhile (e.g. cancelled).
 */
async function waitForSlot(
  deps: WorkerPoolDeps,
  leased: RunRecord,
  slot: (run: RunRecord) => Promise<boolean>,
): Promise<boolean> {
  for (let waiting = false; !(await slot(leased)); waiting = true) {
    if (!waiting && !(await markWaiting(deps, leased, true))) return false;
    await new Promise((resolve) => setTimeout(resolve, deps.pollMs));
    const leaseUntil = deps.clock.now() + deps.leaseMs;
    if (!(await deps.store.runs.update(leased.id, { leaseUntil }, ['running'], deps.workerId))) return false;
    leased.leaseUntil = leaseUntil;
  }
  return true;
}

/**
 * Marks a run this worker holds as waiting for its flow's slot (`waitingSince`; a mark from an earlier
 * wait is kept) and announces it with `run:waiting` — when the mark is new, or `always` (a caller's own
 * wait, announced once by `runToCompletion`); false when the run is no longer ours (e.g. cancelled).
 */
async function markWaiting(deps: WorkerPoolDeps, run: RunRecord, always = false): Promise<boolean> {
  const marked = (run.waitingSince ?? null) !== null;
  if (!marked) {
    const waitingSince = deps.clock.now();
    if (!(await deps.store.runs.update(run.id, { waitingSince }, ['running'], deps.workerId))) return false;
    run.waitingSince = waitingSince;
  }
  if (!marked || always) deps.events.emit('run:waiting', { runId: run.id });
  return true;
}
