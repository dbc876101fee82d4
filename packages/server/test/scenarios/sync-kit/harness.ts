import type { SyncDefinition } from '../../../src/definitions/flow-schema.ts';
import { isJsonObject } from '../../../src/json.ts';
import { createStore } from '../../../src/store/index.ts';
import type { LedgerStatus, RunRecord, StepRecord, Store } from '../../../src/store/port.ts';
import type { SyncProgress, SyncStats } from '../../../src/sync/context.ts';
import { loadDocument } from './documents.ts';
import {
  createTargetState,
  type LocalServer,
  type SourceRecord,
  startSource,
  startTarget,
  type TargetState,
} from './servers.ts';
import { type SyncTestRuntime, startSyncRuntime } from './start-runtime.ts';

/** Reads and validates a scenario's sync YAML with the real document validator. */
export function loadSync(file: string | URL): SyncDefinition {
  return loadDocument(file) as SyncDefinition;
}

/** What one engine run of the sync did: the run record, its counters and the ledger's counts. */
export interface HarnessRunResult {
  run: RunRecord;
  stats: SyncStats;
  ledger: Record<LedgerStatus, number>;
}

/** A scenario's running parts: servers, store, runtime, and a function running one sync run to its end. */
export interface SyncHarness {
  store: Store;
  runtime: SyncTestRuntime;
  target: TargetState;
  source: LocalServer & { hits: { pages: number } };
  records: SourceRecord[];
  /** Step records of every run so far, in order. */
  steps: StepRecord[];
  /** `findWritten` look-ups made by the connector (only with canFindWritten). */
  finds: { count: number };
  /** Enqueues a run of the sync (after applying `definition` as a new version) and runs it to its end. */
  run(options?: { now?: number; definition?: SyncDefinition }): Promise<HarnessRunResult>;
  close(): Promise<void>;
}

/** Starts the local source and target, a migrated SQLite store and the runtime, and applies the documents. */
export async function startHarness(input: {
  definition: SyncDefinition;
  records: SourceRecord[];
  pageSize?: number;
  canFindWritten?: boolean;
  storeFile?: string;
  now?: number;
  onProgress?: (event: SyncProgress) => void;
}): Promise<SyncHarness> {
  const target = createTargetState();
  const source = await startSource(input.records, input.pageSize ?? 10);
  const targetServer = await startTarget(target);
  const store = createStore({ file: input.storeFile ?? ':memory:' });
  await store.migrate();
  let now: number | undefined = input.now;
  const runtime = await startSyncRuntime({
    store,
    findWritten: input.canFindWritten ?? true,
    engine: { clock: { now: () => now ?? Date.now() }, random: () => 0.5 },
    executor: {
      sleep: async () => undefined,
      onProgress: (_runId, event) => input.onProgress?.(event),
    },
  });
  await runtime.apply(input.definition, { source: source.url, target: targetServer.url });
  const steps: StepRecord[] = [];
  return {
    store,
    runtime,
    target,
    source,
    records: input.records,
    steps,
    finds: runtime.finds,
    async run(options = {}) {
      if (options.now !== undefined) now = options.now;
      if (options.definition) await runtime.apply(options.definition);
      const runId = await runtime.engine.enqueue(
        { kind: 'sync', id: input.definition.id },
        { type: 'manual' },
      );
      const run = await runtime.engine.runToCompletion(runId);
      steps.push(...(await store.steps.list(runId)));
      const output = isJsonObject(run.output) ? run.output : {};
      return {
        run,
        stats: run.stats as unknown as SyncStats,
        ledger:
          (output.ledger as Record<LedgerStatus, number> | undefined) ??
          (await store.ledger.counts(input.definition.id)),
      };
    },
    close: async () => {
      await runtime.close();
      await source.close();
      await targetServer.close();
      await store.close();
    },
  };
}
