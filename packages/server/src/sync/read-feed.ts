/**
 * What the write phase knows of a read phase running beside it: whether reading has ended (or
 * failed), how many ledger rows it has added, and a promise of enough new rows (or the end).
 */
export interface ReadFeed {
  /** True once the read phase has ended, successfully or not. */
  readonly done: boolean;
  /** True when the read phase failed: the writer stops after its current batch. */
  readonly failed: boolean;
  /** Rows the read phase has added to the ledger so far (a writer notes it before looking at the ledger). */
  readonly added: number;
  /** Resolves once at least `need` rows were added after `since` (an earlier `added`), or reading has ended. */
  changed(since: number, need?: number): Promise<void>;
}

/** A feed the reading side drives: `notify` after each page with the rows it added, `finish` at the end. */
export interface ReadFeedControl extends ReadFeed {
  notify(added: number): void;
  finish(failed: boolean): void;
}

/** Creates the feed between a sync's read phase and its write phase (run-sync.ts runs them side by side). */
export function createReadFeed(): ReadFeedControl {
  let done = false;
  let failed = false;
  let added = 0;
  let waiters: Array<{ until: number; resolve: () => void }> = [];
  const wake = () => {
    const ready = waiters.filter((w) => done || added >= w.until);
    waiters = waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  };
  return {
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
    get added() {
      return added;
    },
    changed(since, need = 1) {
      const until = since + Math.max(1, need);
      if (done || added >= until) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ until, resolve }));
    },
    notify(count) {
      added += count;
      wake();
    },
    finish(hasFailed) {
      done = true;
      failed = hasFailed;
      wake();
    },
  };
}
