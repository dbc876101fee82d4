import { Registry } from 'prom-client';
import type { GatewayMetrics } from '../connectors/kit/call-metrics.ts';
import type { EngineEmitter } from '../runs/index.ts';
import type { SyncMetrics } from '../sync/sync-metrics.ts';
import { createConnectorMetrics } from './connector-metrics.ts';
import { createHttpMetrics, type RequestObserver } from './http-metrics.ts';
import { processMetricsRegistry } from './process-metrics.ts';
import { createRunMetrics } from './run-metrics.ts';
import { type GaugeStore, registerStoreGauges } from './store-gauges.ts';
import { createSyncRecordMetrics } from './sync-record-metrics.ts';

/** Options of `createMetrics`. */
export interface MetricsOptions {
  /** Where the runs/definitions/ledger gauges are read (none: no store gauges). */
  store?: GaugeStore;
  /** How often at most the store is read for those gauges (default 30 s). */
  storeRefreshMs?: number;
  /** Include the process metrics (CPU, memory, GC, event loop) in `render` (default true). */
  processMetrics?: boolean;
}

/**
 * One runtime's Prometheus metrics: its own registry (two runtimes in a process never share counts),
 * the hooks the gateway, the sync executor, the engine and the API report to, and the text of a scrape.
 */
export interface Metrics {
  /** This runtime's metrics (the process metrics are added by `render`). */
  readonly registry: Registry;
  /** For the connector gateway: exchanges, credential fetches, rate-limit waits. */
  readonly gateway: GatewayMetrics;
  /** For the sync executor: record counters by sync. */
  readonly sync: SyncMetrics;
  /** For the API: one request's method, route pattern, status and seconds. */
  readonly request: RequestObserver;
  /** Counts an engine's runs from its events; returns a function that stops. */
  watchEngine(events: EngineEmitter): () => void;
  /** The Prometheus text of every metric, process metrics included. */
  render(): Promise<string>;
  /** The content type of `render`'s text. */
  readonly contentType: string;
}

/** Creates the metrics of one runtime (see docs/metrics.md for every name and label). */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const gateway = createConnectorMetrics(registry);
  const sync = createSyncRecordMetrics(registry);
  const request = createHttpMetrics(registry);
  const runs = createRunMetrics(registry);
  if (options.store) {
    registerStoreGauges(
      registry,
      options.store,
      options.storeRefreshMs === undefined ? {} : { refreshMs: options.storeRefreshMs },
    );
  }
  let rendered: Registry | undefined;
  return {
    registry,
    gateway,
    sync,
    request,
    watchEngine: (events) => runs.watch(events),
    render() {
      // Every metric of this runtime is registered above, so the merged view can be made once.
      rendered ??=
        options.processMetrics === false ? registry : Registry.merge([processMetricsRegistry(), registry]);
      return rendered.metrics();
    },
    contentType: registry.contentType,
  };
}
