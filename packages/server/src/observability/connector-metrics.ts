import { Counter, Histogram, type Registry } from 'prom-client';
import type { CallOutcome, GatewayMetrics } from '../connectors/kit/call-metrics.ts';

/** Buckets of one exchange's duration in seconds: 5 ms to 60 s (the default call timeout is 30 s). */
export const CALL_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

type OperationLabels = { connector: string; operation: string };
type OutcomeLabels = OperationLabels & { outcome: CallOutcome };

/** An outcome's count not yet added to the counter (the counter takes it at scrape time). */
interface PendingCount {
  labels: OutcomeLabels;
  pending: number;
}

/** The label objects of one connector operation, made once, and its outcomes' pending counts. */
interface OperationSlot {
  operation: OperationLabels;
  outcomes: Map<CallOutcome, PendingCount>;
}

/**
 * The connector gateway's metrics in `registry`: exchanges by connector, operation and outcome, their
 * durations, credential fetches and rate-limit waits. Labels are declaration ids (bounded by the
 * connectors defined), never URLs or input.
 */
export function createConnectorMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  const slots = new Map<string, Map<string, OperationSlot>>();
  // The hottest metric: a call adds one to a plain number, the counter takes the sums when scraped.
  new Counter({
    name: 'qiao_connector_calls_total',
    help: 'HTTP exchanges with external systems (token fetches included) by connector, operation and outcome.',
    labelNames: ['connector', 'operation', 'outcome'],
    registers,
    collect() {
      for (const operations of slots.values())
        for (const slot of operations.values())
          for (const count of slot.outcomes.values()) {
            if (count.pending === 0) continue;
            this.inc(count.labels, count.pending);
            count.pending = 0;
          }
    },
  });
  const seconds = new Histogram({
    name: 'qiao_connector_call_duration_seconds',
    help: 'Seconds from sending a request to its answer or failure, by connector and operation (rate-limit waits excluded).',
    labelNames: ['connector', 'operation'],
    buckets: CALL_SECONDS_BUCKETS,
    registers,
  });
  const credentials = new Counter({
    name: 'qiao_connector_credential_fetches_total',
    help: 'Token, session and OAuth2 credential fetches by connector and outcome (cached credentials are no fetch).',
    labelNames: ['connector', 'outcome'],
    registers,
  });
  const waits = new Counter({
    name: 'qiao_connector_rate_limit_waits_total',
    help: 'Calls held back by the client-side rate limiter (waits under 1 ms not counted), by connector.',
    labelNames: ['connector'],
    registers,
  });
  const waited = new Counter({
    name: 'qiao_connector_rate_limit_wait_seconds_total',
    help: 'Seconds calls spent waiting for the client-side rate limiter, by connector.',
    labelNames: ['connector'],
    registers,
  });
  const slotOf = (connector: string, operation: string): OperationSlot => {
    let operations = slots.get(connector);
    if (operations === undefined) {
      operations = new Map();
      slots.set(connector, operations);
    }
    let slot = operations.get(operation);
    if (slot === undefined) {
      slot = { operation: { connector, operation }, outcomes: new Map() };
      operations.set(operation, slot);
    }
    return slot;
  };
  return {
    exchange(connector, operation, outcome, duration) {
      const slot = slotOf(connector, operation);
      const count = slot.outcomes.get(outcome);
      if (count === undefined)
        slot.outcomes.set(outcome, { labels: { connector, operation, outcome }, pending: 1 });
      else count.pending += 1;
      if (duration !== undefined) seconds.observe(slot.operation, duration);
    },
    credentialFetch(connector, outcome) {
      credentials.inc({ connector, outcome });
    },
    rateLimitWait(connector, duration) {
      waits.inc({ connector });
      waited.inc({ connector }, duration);
    },
  };
}
