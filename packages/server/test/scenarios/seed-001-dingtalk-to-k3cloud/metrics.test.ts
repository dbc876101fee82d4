import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/create-api.ts';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import { metricValue, parseMetricsText } from '../../../src/observability/parse-metrics-text.ts';
import { type SeedHarness, startSeedHarness } from './harness.ts';

/** Scenario 001's sync as `GET /metrics` shows it: record counters equal to the run's stats, and its calls. */
describe('seed 001: metrics of a sync run', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('counts the records of the sync and the calls it made, as the run and the simulators saw them', async () => {
    h = await startSeedHarness({ instances: 60 });
    const result = await runScenario001(h.runtime, {
      dingtalk: h.systems.dingtalk.sim,
      k3cloud: h.systems.k3cloud.sim,
    });
    expect(result.run.status).toBe('succeeded');
    const response = await createApi(h.runtime, { env: {} }).request('/metrics');
    const samples = parseMetricsText(await response.text());
    const records = (name: string) => metricValue(samples, name, { sync: SEED_001_SYNC }) ?? 0;
    expect({
      read: records('qiao_sync_records_read_total'),
      new: records('qiao_sync_records_new_total'),
      skipped: records('qiao_sync_records_skipped_total'),
      written: records('qiao_sync_records_written_total'),
      failed: records('qiao_sync_records_failed_total'),
      writtenBack: records('qiao_sync_records_written_back_total'),
    }).toEqual(result.stats);
    expect(result.stats.written).toBeGreaterThan(0);
    expect(metricValue(samples, 'qiao_ledger_entries', { sync: SEED_001_SYNC, status: 'written' })).toBe(
      result.ledger.written,
    );

    const calls = (labels: Record<string, string>) =>
      metricValue(samples, 'qiao_connector_calls_total', labels);
    // Every HTTP call the simulators answered is counted once, by connector.
    expect(calls({ connector: 'dingtalk' })).toBe(result.httpCalls.dingtalk);
    expect(calls({ connector: 'kingdee-k3cloud' })).toBe(result.httpCalls.k3cloud);
    expect(calls({ connector: 'dingtalk', operation: 'addComment', outcome: 'ok' })).toBe(
      result.stats.writtenBack,
    );
    expect(calls({ connector: 'kingdee-k3cloud', operation: 'batchSave', outcome: 'ok' })).toBeGreaterThan(0);
    expect(
      metricValue(samples, 'qiao_connector_call_duration_seconds_count', { operation: 'getInstance' }),
    ).toBe(calls({ operation: 'getInstance' }));
    expect(metricValue(samples, 'qiao_runs_finished_total', { kind: 'sync', status: 'succeeded' })).toBe(1);
  });
});
