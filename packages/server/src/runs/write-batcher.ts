import type { RunRecord, StepRecord, Store } from '../store/port.ts';

/** One run's pending write: step records and a run patch applied only while this worker still holds the run. */
export interface RunWrite {
  runId: string;
  /** The worker that must hold the run's lease (a run taken over by another worker is not written). */
  owner: string;
  steps: StepRecord[];
  patch: Partial<Omit<RunRecord, 'id'>>;
}

interface Queued extends RunWrite {
  resolve(ok: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes submitted while a transaction is in flight go together in the next one, so
 * many concurrent runs share one commit (SQLite pays per commit, not per row). Each write resolves
 * after its commit, with false when its run was no longer running (its step records are then skipped).
 */
export class WriteBatcher {
  #queue: Queued[] = [];
  #flushing = false;

  constructor(private readonly store: Store) {}

  /** Queues a write; resolves once it is committed. */
  submit(write: RunWrite): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.#queue.push({ ...write, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        const results = await this.store.transaction(async (tx) => {
          const out: boolean[] = [];
          for (const write of batch) out.push(await applyWrite(tx, write));
          return out;
        });
        batch.forEach((write, i) => {
          write.resolve(results[i] ?? false);
        });
      } catch (error) {
        for (const write of batch) write.reject(error);
      }
    }
    this.#flushing = false;
  }
}

async function applyWrite(tx: Store, write: RunWrite): Promise<boolean> {
  // One conditional update (status and lease owner) instead of a read per write: a run cancelled or
  // taken over by another worker is not written, and neither are its step records.
  if (!(await tx.runs.update(write.runId, write.patch, ['running'], write.owner))) return false;
  for (const step of write.steps) await tx.steps.put(step);
  return true;
}
