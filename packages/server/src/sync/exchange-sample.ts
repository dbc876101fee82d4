import type { Exchange, ExchangeObserver } from '../connectors/kit/gateway.ts';

/** How many successful exchanges one step record keeps (failed ones are all kept). */
export const SUCCESSFUL_EXCHANGES_KEPT = 3;

/** How many steps of each kind (page, batch, writeBack, items) in one run keep successful exchanges. */
export const SAMPLED_STEPS_PER_KIND = 3;

/** The step kinds of a sync run whose records carry exchanges. */
export type SampledStepKind = 'page' | 'items' | 'batch' | 'writeBack' | 'tables';

/**
 * The run-wide part of the policy: only the first `stepsPerKind` steps of each kind keep successful
 * exchanges (later ones keep only their failed exchanges and the counts), so a 20,000-record run
 * stores a few sample calls of every kind, not 3 per step (which made run history the store's
 * second-largest writer and the redaction of kept bodies a per-record cost).
 */
export interface SampleBudget {
  /** How many successful exchanges the next step of this kind keeps. */
  keepFor(kind: SampledStepKind): number;
}

/** Creates a run's sample budget. */
export function createSampleBudget(
  stepsPerKind = SAMPLED_STEPS_PER_KIND,
  keep = SUCCESSFUL_EXCHANGES_KEPT,
): SampleBudget {
  const used = new Map<SampledStepKind, number>();
  return {
    keepFor(kind) {
      const n = used.get(kind) ?? 0;
      used.set(kind, n + 1);
      return n < stepsPerKind ? keep : 0;
    },
  };
}

/** The sample of one step of `kind`: the run's budget decides how many successful exchanges it keeps. */
export function sampleForStep(budget: SampleBudget | undefined, kind: SampledStepKind): ExchangeSample {
  return createExchangeSample(budget ? budget.keepFor(kind) : SUCCESSFUL_EXCHANGES_KEPT);
}

/** The exchanges one step keeps, and how many its calls made in all. */
export interface ExchangeSample {
  /** Pass to the gateway: it asks `wants` first, so a dropped exchange is never built or redacted. */
  observe: ExchangeObserver;
  /** Kept exchanges, in the order they happened: every failed one, the first `keep` successful ones. */
  exchanges: Exchange[];
  /** Exchanges seen (kept or not). */
  total(): number;
}

/**
 * Creates the sampling policy of sync step records: a page of 20 detail calls or a write-back batch
 * of 50 comments keeps every failed exchange in full and `keep` successful ones, plus the counts.
 */
export function createExchangeSample(keep = SUCCESSFUL_EXCHANGES_KEPT): ExchangeSample {
  const exchanges: Exchange[] = [];
  let total = 0;
  let keptOk = 0;
  let accepted = 0;
  const decide = (failed: boolean): boolean => {
    total++;
    if (failed) return true;
    if (keptOk >= keep) return false;
    keptOk++;
    return true;
  };
  const observe: ExchangeObserver = (exchange) => {
    // The kit asks `wants` and, on yes, hands the exchange over at once (same tick); a gateway
    // that does not ask is sampled here.
    if (accepted > 0) accepted--;
    else if (!decide(isFailed(exchange))) return;
    exchanges.push(exchange);
  };
  observe.wants = (failed) => {
    const yes = decide(failed);
    if (yes) accepted++;
    return yes;
  };
  return { observe, exchanges, total: () => total };
}

function isFailed(exchange: Exchange): boolean {
  return exchange.error !== undefined || exchange.response === undefined || exchange.response.status >= 400;
}
