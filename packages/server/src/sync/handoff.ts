import type { JsonValue } from '../json.ts';

/** What the hand-off holds of one record: its source as read and, once mapped, the payload stored with `writing`. */
export interface HandedRecord {
  source: JsonValue;
  /** The payload stored when the record was marked `writing` (null: its mapping failed); absent until then. */
  payload?: JsonValue;
}

/**
 * The in-memory hand-off between the phases of one sync run. The read phase has the parsed source of
 * every record it ledgers, the write phase the payload it stores: rather than reading them back from
 * the ledger (and parsing them again), the next phase takes them from here, and falls back to the
 * store for a key it does not find (an entry of an earlier run, or one evicted). The ledger stays the
 * truth for every state: only documents that were just stored are taken from here.
 *
 * Bounded: at most `limit` records; beyond it the oldest are dropped. With `pace` the reader waits
 * (`room()`) while `limit / 2` records are still untaken by the writer, so it does not run far ahead of it.
 */
export interface RecordHandoff {
  /** Keeps the source of a record just ledgered as `pending`. */
  put(sourceKey: string, source: JsonValue): void;
  get(sourceKey: string): HandedRecord | undefined;
  /** Notes the payload stored for a record (when it is marked `writing`, or null on a failed mapping). */
  setPayload(sourceKey: string, payload: JsonValue): void;
  /**
   * The writer took these keys into a batch: they no longer count against the reader's pace. Without
   * keys: all of them (the writer is about to wait for the reader, so none may hold the reader back).
   */
  take(sourceKeys?: readonly string[]): void;
  /** The writer is done with these keys (written and written back, failed, or to be read again). */
  release(sourceKeys: readonly string[]): void;
  /** Resolves once the reader may read another page (always at once without `pace`, or once closed). */
  room(): Promise<void>;
  /** The writer has ended: the reader no longer waits for it. */
  close(): void;
  /** Records held. */
  readonly size: number;
}

/** Creates a hand-off of at most `limit` records; `pace` makes `room()` wait for the writer. */
export function createRecordHandoff(limit: number, pace = false): RecordHandoff {
  const records = new Map<string, HandedRecord>();
  const untaken = new Set<string>();
  const ahead = Math.max(1, Math.floor(limit / 2));
  let closed = !pace;
  let waiters: Array<() => void> = [];
  const wake = () => {
    if (!closed && untaken.size >= ahead) return;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve();
  };
  const forget = (key: string) => {
    records.delete(key);
    untaken.delete(key);
  };
  return {
    put(key, source) {
      records.delete(key);
      records.set(key, { source });
      untaken.add(key);
      while (records.size > limit) {
        const oldest = records.keys().next().value;
        if (oldest === undefined) break;
        forget(oldest);
      }
    },
    get: (key) => records.get(key),
    setPayload(key, payload) {
      const record = records.get(key);
      if (record !== undefined) record.payload = payload;
    },
    take(keys) {
      if (keys === undefined) untaken.clear();
      else for (const key of keys) untaken.delete(key);
      wake();
    },
    release(keys) {
      for (const key of keys) forget(key);
      wake();
    },
    room() {
      if (closed || untaken.size < ahead) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
    close() {
      closed = true;
      wake();
    },
    get size() {
      return records.size;
    },
  };
}
