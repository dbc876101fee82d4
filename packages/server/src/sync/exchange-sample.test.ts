import { describe, expect, it } from 'vitest';
import type { Exchange } from '../connectors/kit/gateway.ts';
import { createExchangeSample } from './exchange-sample.ts';

function exchange(n: number, status: number, failed = false): Exchange {
  const e: Exchange = {
    request: { method: 'POST', url: `http://127.0.0.1/call/${n}`, headers: {} },
    response: { status, headers: {}, body: { n } },
    startedAt: n,
    durationMs: 1,
  };
  if (failed) e.error = { code: 'CONNECTOR_REJECTED', kind: 'user', message: `bad ${n}`, retryable: false };
  return e;
}

/** Plays the kit's protocol: ask `wants`, then hand over the exchange only on yes. */
function report(sample: ReturnType<typeof createExchangeSample>, e: Exchange): boolean {
  const failed = e.error !== undefined;
  if (sample.observe.wants?.(failed) === false) return false;
  sample.observe(e);
  return true;
}

describe('exchange sample', () => {
  it('keeps every failed exchange and only the first successful ones, counting all', () => {
    const sample = createExchangeSample(2);
    const built: number[] = [];
    for (let n = 1; n <= 10; n++) {
      if (report(sample, exchange(n, 200, n % 4 === 0))) built.push(n);
    }
    expect(built).toEqual([1, 2, 4, 8]);
    expect(sample.exchanges.map((e) => e.startedAt)).toEqual([1, 2, 4, 8]);
    expect(sample.exchanges.filter((e) => e.error).map((e) => e.error?.message)).toEqual(['bad 4', 'bad 8']);
    expect(sample.total()).toBe(10);
  });

  it('samples by itself when the gateway does not ask first', () => {
    const sample = createExchangeSample(1);
    for (let n = 1; n <= 5; n++) sample.observe(exchange(n, n === 3 ? 503 : 200));
    expect(sample.exchanges.map((e) => e.startedAt)).toEqual([1, 3]);
    expect(sample.total()).toBe(5);
  });

  it('keeps nothing successful with keep 0 but still every failure', () => {
    const sample = createExchangeSample(0);
    report(sample, exchange(1, 200));
    report(sample, exchange(2, 200, true));
    expect(sample.exchanges.map((e) => e.startedAt)).toEqual([2]);
    expect(sample.total()).toBe(2);
  });
});
