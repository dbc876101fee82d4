import type { ConnectorGateway, Exchange } from '../connectors/kit/gateway.ts';
import type { SyncDefinition } from '../definitions/flow-schema.ts';
import type { StructuredError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';
import type { StepStatus, Store } from '../store/port.ts';
import type { SyncEvaluator } from './evaluator.ts';
import type { SampleBudget } from './exchange-sample.ts';
import type { RecordHandoff } from './handoff.ts';

/** The part of the store a sync run uses. */
export type SyncStore = Pick<Store, 'ledger' | 'syncState' | 'transaction'>;

/** One step record of a sync run (`page:N`, `batch:N`, `writeBack:N`, `uncertain:N`). */
export interface SyncStep {
  path: string;
  status: StepStatus;
  attempt: number;
  input: JsonValue;
  output: JsonValue;
  error: StructuredError | null;
  /** The exchanges kept (exchange-sample.ts: every failed one, a few successful ones). */
  exchanges: Exchange[];
  /** Exchanges the step made in all, kept or not (absent: all were kept). */
  exchangesTotal?: number;
  startedAt: number;
  finishedAt: number;
}

/** Counters of one sync run, stored as the run's stats. */
export interface SyncStats {
  read: number;
  new: number;
  skipped: number;
  written: number;
  failed: number;
  writtenBack: number;
  /** Of `written`, records adopted from the target (`onDuplicate: adopt`); present once there was one. */
  adopted?: number;
}

/** The counters every run's stats hold (all but the optional `adopted`). */
export type SyncCounter = Exclude<keyof SyncStats, 'adopted'>;

/** Progress events, for logs, the CLI and tests (e.g. "N batches written"). */
export type SyncProgress =
  | { type: 'page'; page: number; items: number; added: number }
  | { type: 'batch'; batch: number; written: number; failed: number }
  | { type: 'writeBack'; batch: number; done: number; failed: number };

/** Lookup tables loaded by earlier runs, by `<sync>@<version>:<table>`, with when they were loaded. */
export type TableCache = Map<string, { loadedAt: number; table: JsonObject }>;

/** Where a backfill stands: the window being read and the cursor of its next page. */
export interface BackfillProgress {
  windowFrom: number;
  next: JsonValue;
}

/** A run that re-reads an explicit time range (trigger `{type: 'backfill', from, to}`) instead of the watermark's window. */
export interface Backfill {
  from: number;
  to: number;
  /** Where a resumed run goes on (from its checkpoint); absent: from the start. */
  resume?: BackfillProgress | undefined;
  /** Stores the progress durably after a page is in the ledger (`windowFrom` = `to`: the range is read). */
  save(progress: BackfillProgress): Promise<void>;
}

/** Everything one sync run needs: explicit dependencies, no globals. */
export interface SyncContext {
  definition: SyncDefinition;
  /** The stored version of the definition (the compiled-mapping cache key); absent for ad-hoc runs. */
  definitionVersion?: number | undefined;
  runId: string;
  store: SyncStore;
  gateway: ConnectorGateway;
  evaluator: SyncEvaluator;
  clock: () => number;
  recordStep: (step: SyncStep) => Promise<void>;
  /** Stop: the runner finishes the current page or batch (and its write-backs), then throws RUN_CANCELLED. */
  signal?: AbortSignal | undefined;
  /** Cancel: handed to outside calls so they stop at once (an aborted write stays `writing`). */
  callSignal?: AbortSignal | undefined;
  /** Waits between retries; injectable so tests need not wait on wall-clock back-off. */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  onProgress?: ((event: SyncProgress) => void) | undefined;
  /** Source items named by the trigger (e.g. one DingTalk instance id from a callback): read these instead of listing. */
  items?: JsonValue[] | undefined;
  /** The lookup tables of this run (`$from` ones loaded when it started: lookup-tables.ts); absent: the definition's. */
  tables?: JsonObject | undefined;
  /** Loaded tables kept across runs for those with `refresh` (the executor's; absent: nothing is kept). */
  tableCache?: TableCache | undefined;
  /** Re-read this time range instead of the watermark's window; the watermark and open window stay as they are. */
  backfill?: Backfill | undefined;
  /** Sources and payloads just stored, handed from phase to phase (`runSync` creates it; absent: read from the store). */
  handoff?: RecordHandoff | undefined;
  /** Which steps keep successful exchanges (`runSync` creates it; absent: every step keeps a sample). */
  sampleBudget?: SampleBudget | undefined;
}

/** Creates zeroed run stats. */
export function emptyStats(): SyncStats {
  return { read: 0, new: 0, skipped: 0, written: 0, failed: 0, writtenBack: 0 };
}

/** The `signal` option for outside calls: the cancel signal, never the stop signal (a stop lets calls finish). */
export function callSignalOf(ctx: SyncContext): { signal?: AbortSignal } {
  return ctx.callSignal ? { signal: ctx.callSignal } : {};
}

/** Waits `ms` or until the signal aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
