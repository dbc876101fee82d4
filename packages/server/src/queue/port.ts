/**
 * The run queue port: wake-ups for workers. The store is the source of truth (a run exists and is
 * claimable once committed); the queue only tells workers to look now instead of at the next poll.
 * Enqueue after the commit. Backends: in-process (embedded) and Redis/BullMQ (cluster, later).
 */
export interface RunQueue {
  /** Announces a committed run (optionally: not before `at`, epoch ms). */
  notify(runId: string, at?: number): Promise<void>;
  /** Registers a listener for announcements; returns the unsubscribe function. */
  subscribe(listener: (runId: string) => void): () => void;
  close(): Promise<void>;
}
