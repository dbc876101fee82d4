import type { Exchange, ExchangeObserver } from '../connectors/kit/gateway.ts';

/** How many successful exchanges one step record keeps (failed ones are all kept). */
export const SUCCESSFUL_EXCHANGES_KEPT = 3;

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
