import { describe, expect, it } from 'vitest';
import type { Exchange } from '../connectors/kit/gateway.ts';
import { createExchangeSample, createSampleBudget, sampleForStep } from './exchange-sample.ts';

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

  it('keeps successful exchanges only in the first steps of each kind of a run, failures in every step', () => {
    const budget = createSampleBudget(2, 3);
    const pages = [1, 2, 3, 4].map(() => sampleForStep(budget, 'page'));
    const batch = sampleForStep(budget, 'batch');
    for (const [i, sample] of pages.entries()) {
      report(sample, exchange(10 * i + 1, 200));
      report(sample, exchange(10 * i + 2, 500, true));
    }
    report(batch, exchange(99, 200));
    expect(pages.map((p) => p.exchanges.map((e) => e.startedAt))).toEqual([[1, 2], [11, 12], [22], [32]]);
    expect(pages.map((p) => p.total())).toEqual([2, 2, 2, 2]);
    expect(batch.exchanges.map((e) => e.startedAt)).toEqual([99]);
  });

  it('keeps a sample in every step without a run budget', () => {
    const samples = [1, 2, 3, 4, 5].map(() => sampleForStep(undefined, 'writeBack'));
    for (const [i, sample] of samples.entries()) report(sample, exchange(i, 200));
    expect(samples.every((s) => s.exchanges.length === 1)).toBe(true);
  });
});
