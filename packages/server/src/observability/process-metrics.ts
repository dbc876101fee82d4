import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * The process's own metrics (prom-client's defaults, prefixed `qiao_`: CPU, memory, heap, event-loop
 * lag, GC, handles), in one registry per process: they describe the process, which every runtime in it
 * shares, and their GC observer and event-loop monitor cannot be stopped, so they are started once, on
 * first use — `qiao serve` calls this at start (CPU seconds and GC are counted from then on), a
 * process that never serves them (tests, `qiao run`) only if scraped.
 */
export function processMetricsRegistry(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared, prefix: 'qiao_' });
  }
  return shared;
}
