import type { RunCheckpoint, Store } from '../store/port.ts';

/** One run's pending write: step records and a run patch applied only while this worker still holds the run. */
export type RunWrite = RunCheckpoint;

interface Queued extends RunWrite {
  resolve(ok: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group commit: writes submitted while a group is in flight go to the store together as the next
 * all-or-nothing group of checkpoints (`runs.checkpoint`: on SQLite hand-written statements joining
 * the connection's group commit, on PostgreSQL one transaction). Each write resolves after its commit,
 * with false when its run was no longer running under this worker (its step records are then skipped).
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

  /** One group at a time: two writes of one run (a sync's read and write phases) commit in order on every store. */
  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        const results = await this.store.runs.checkpoint(batch);
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
