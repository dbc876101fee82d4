/**
 * What the write phase knows of a read phase running beside it: whether reading has ended (or
 * failed), and a promise of the next change (a page ledgered, or the end).
 */
export interface ReadFeed {
  /** True once the read phase has ended, successfully or not. */
  readonly done: boolean;
  /** True when the read phase failed: the writer stops after its current batch. */
  readonly failed: boolean;
  /** Counts the pages ledgered so far (a writer notes it before looking at the ledger). */
  readonly version: number;
  /** Resolves once `version` has moved past `since`, or reading has ended (at once if either already holds). */
  changed(since: number): Promise<void>;
}

/** A feed the reading side drives: `notify` after each page, `finish` at the end. */
export interface ReadFeedControl extends ReadFeed {
  notify(): void;
  finish(failed: boolean): void;
}

/** Creates the feed between a sync's read phase and its write phase (run-sync.ts runs them side by side). */
export function createReadFeed(): ReadFeedControl {
  let done = false;
  let version = 0;
  let failed = false;
  let waiters: Array<() => void> = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  return {
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
    get version() {
      return version;
    },
    changed: (since) =>
      done || version !== since ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
    notify() {
      version++;
      wake();
    },
    finish(hasFailed) {
      done = true;
      failed = hasFailed;
      wake();
    },
  };
}
