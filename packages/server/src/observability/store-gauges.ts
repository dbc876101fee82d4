import { Counter, Gauge, type Registry } from 'prom-client';
import type { DocumentKind } from '../definitions/document.ts';
import { DOCUMENT_KINDS } from '../definitions/index.ts';
import type { LedgerStatus, RunStatus, Store } from '../store/port.ts';

/** The store reads the gauges need. */
export type GaugeStore = { runs: Pick<Store['runs'], 'countByStatus'> } & {
  documents: Pick<Store['documents'], 'list'>;
  ledger: Pick<Store['ledger'], 'counts'>;
};

/** How often at most the store is read for the gauges (default 30 s; env QIAO_METRICS_STORE_SECONDS). */
export const DEFAULT_STORE_REFRESH_MS = 30_000;

interface Snapshot {
  runs: Record<RunStatus, number>;
  definitions: Map<DocumentKind, number>;
  ledger: Array<[string, Record<LedgerStatus, number>]>;
}

/**
 * Registers the gauges read from the store — runs by status, definitions by kind, ledger entries by
 * sync and status — computed at scrape time, but from the store at most once per `refreshMs`: counting
 * a ledger walks an index of all its entries (about 60 ms per million on SQLite), so scrapes in between
 * get the last counts and concurrent scrapes share one read. A failed read keeps the last counts and is
 * counted in `qiao_store_gauge_errors_total`.
 */
export function registerStoreGauges(
  registry: Registry,
  store: GaugeStore,
  options: { refreshMs?: number; now?: () => number } = {},
): void {
  const refreshMs = options.refreshMs ?? DEFAULT_STORE_REFRESH_MS;
  const now = options.now ?? Date.now;
  const registers = [registry];
  // Both wait for the scrape's read (collect), so a scrape shows the read it made.
  const errors = new Counter({
    name: 'qiao_store_gauge_errors_total',
    help: 'Reads of the store-derived gauges that failed (the gauges then keep their last values).',
    registers,
    collect: () => settled(),
  });
  const readSeconds = new Gauge({
    name: 'qiao_store_gauge_read_seconds',
    help: 'Seconds the last read of the store-derived gauges took (they are read at most once per refresh interval).',
    registers,
    collect: () => settled(),
  });
  let last: Snapshot | undefined;
  let readAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<Snapshot | undefined> | undefined;
  const snapshot = (): Promise<Snapshot | undefined> => {
    if (last && now() - readAt < refreshMs) return Promise.resolve(last);
    reading ??= readSnapshot(store)
      .then(
        ({ snapshot, seconds }) => {
          last = snapshot;
          readSeconds.set(seconds);
          return snapshot;
        },
        () => {
          errors.inc();
          return last;
        },
      )
      .finally(() => {
        readAt = now();
        reading = undefined;
      });
    return reading;
  };
  const settled = async () => {
    await snapshot();
  };
  new Gauge({
    name: 'qiao_runs',
    help: 'Runs in the store by status (all processes; read at most once per refresh interval).',
    labelNames: ['status'],
    registers,
    async collect() {
      const counts = (await snapshot())?.runs;
      if (!counts) return;
      for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'qiao_definitions',
    help: 'Definitions in the store by kind.',
    labelNames: ['kind'],
    registers,
    async collect() {
      const counts = (await snapshot())?.definitions;
      if (!counts) return;
      for (const [kind, count] of counts) this.set({ kind }, count);
    },
  });
  new Gauge({
    name: 'qiao_ledger_entries',
    help: 'Sync ledger entries by sync and status.',
    labelNames: ['sync', 'status'],
    registers,
    async collect() {
      const ledger = (await snapshot())?.ledger;
      if (!ledger) return;
      // A deleted sync's series go away.
      this.reset();
      for (const [sync, counts] of ledger)
        for (const [status, count] of Object.entries(counts)) this.set({ sync, status }, count);
    },
  });
}

async function readSnapshot(store: GaugeStore): Promise<{ snapshot: Snapshot; seconds: number }> {
  const started = performance.now();
  const runs = await store.runs.countByStatus();
  const heads = await store.documents.list();
  const definitions = new Map<DocumentKind, number>(DOCUMENT_KINDS.map((kind) => [kind, 0]));
  for (const head of heads) definitions.set(head.kind, (definitions.get(head.kind) ?? 0) + 1);
  const ledger: Snapshot['ledger'] = [];
  // One sync after the other: on SQLite each count holds the thread while it walks its index.
  for (const head of heads)
    if (head.kind === 'sync') ledger.push([head.id, await store.ledger.counts(head.id)]);
  return { snapshot: { runs, definitions, ledger }, seconds: (performance.now() - started) / 1000 };
}
