import { describe, expect, it } from 'vitest';
import { EngineEmitter } from '../runs/index.ts';
import type { DocumentHead, LedgerStatus, RunRecord, RunStatus } from '../store/port.ts';
import { emptyStats } from '../sync/context.ts';
import { meterStats } from '../sync/sync-metrics.ts';
import { createMetrics } from './metrics.ts';
import { metricValue, parseMetricsText } from './parse-metrics-text.ts';
import type { GaugeStore } from './store-gauges.ts';

const scrape = async (metrics: ReturnType<typeof createMetrics>) => parseMetricsText(await metrics.render());

function run(patch: Partial<RunRecord>): RunRecord {
  return {
    id: 'r1',
    flowKind: 'sync',
    flowId: 'bills',
    flowVersion: 1,
    status: 'running',
    trigger: {},
    checkpoint: null,
    output: null,
    error: null,
    attempt: 1,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: 0,
    startedAt: 1_000,
    finishedAt: null,
    retryOf: null,
    ...patch,
  };
}

/** A store whose counts tests change, counting its reads. */
function fakeStore() {
  const state = {
    reads: 0,
    fail: false,
    syncs: ['bills'],
    ledger: { pending: 0, writing: 0, written: 5, failed: 1, skipped: 0 } as Record<LedgerStatus, number>,
    runs: { queued: 0, running: 1, retrying: 0, succeeded: 2, failed: 0, cancelled: 0 } as Record<
      RunStatus,
      number
    >,
  };
  const head = (kind: DocumentHead['kind'], id: string): DocumentHead => ({
    kind,
    id,
    currentVersion: 1,
    enabled: true,
    updatedAt: 0,
  });
  const store: GaugeStore = {
    runs: {
      countByStatus: async () => {
        state.reads += 1;
        if (state.fail) throw new Error('database is locked');
        return { ...state.runs };
      },
    },
    documents: { list: async () => [head('connection', 'c'), ...state.syncs.map((id) => head('sync', id))] },
    ledger: { counts: async () => ({ ...state.ledger }) },
  };
  return { state, store };
}

describe('metrics', () => {
  it('reads the store gauges at most once per refresh interval, one read for concurrent scrapes', async () => {
    const { state, store } = fakeStore();
    const metrics = createMetrics({ store, storeRefreshMs: 60_000, processMetrics: false });
    const [first] = await Promise.all([scrape(metrics), scrape(metrics), scrape(metrics)]);
    expect(state.reads).toBe(1);
    expect(metricValue(first ?? [], 'qiao_ledger_entries', { sync: 'bills', status: 'written' })).toBe(5);
    expect(metricValue(first ?? [], 'qiao_definitions', { kind: 'sync' })).toBe(1);
    expect(metricValue(first ?? [], 'qiao_definitions', { kind: 'form' })).toBe(0);
    expect(metricValue(first ?? [], 'qiao_runs', { status: 'running' })).toBe(1);
    state.ledger.written = 6;
    const cached = await scrape(metrics);
    expect(state.reads).toBe(1);
    expect(metricValue(cached, 'qiao_ledger_entries', { sync: 'bills', status: 'written' })).toBe(5);
  });

  it('keeps the last store counts when a read fails, and drops a deleted sync', async () => {
    const { state, store } = fakeStore();
    const metrics = createMetrics({ store, storeRefreshMs: 0, processMetrics: false });
    await scrape(metrics);
    state.fail = true;
    const failed = await scrape(metrics);
    expect(metricValue(failed, 'qiao_store_gauge_errors_total')).toBe(1);
    expect(metricValue(failed, 'qiao_runs', { status: 'succeeded' })).toBe(2);
    state.fail = false;
    state.syncs = [];
    const after = await scrape(metrics);
    expect(metricValue(after, 'qiao_ledger_entries')).toBeUndefined();
    expect(metricValue(after, 'qiao_store_gauge_read_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts runs from engine events, by kind and final status, until it stops watching', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const events = new EngineEmitter();
    const stop = metrics.watchEngine(events);
    events.emit('run:started', { run: run({}) });
    events.emit('run:retrying', { run: run({ status: 'retrying' }) });
    events.emit('run:started', { run: run({ attempt: 2 }) });
    events.emit('run:finished', { run: run({ status: 'succeeded', finishedAt: 3_500 }) });
    // Cancelled while queued: counted, but it has no duration.
    events.emit('run:finished', {
      run: run({ id: 'r2', flowKind: 'flow', status: 'cancelled', startedAt: null, finishedAt: 9 }),
    });
    stop();
    events.emit('run:started', { run: run({}) });
    const samples = await scrape(metrics);
    expect(metricValue(samples, 'qiao_runs_started_total', { kind: 'sync' })).toBe(2);
    expect(metricValue(samples, 'qiao_runs_retried_total', { kind: 'sync' })).toBe(1);
    expect(metricValue(samples, 'qiao_runs_finished_total', { kind: 'sync', status: 'succeeded' })).toBe(1);
    expect(metricValue(samples, 'qiao_runs_finished_total', { kind: 'flow', status: 'cancelled' })).toBe(1);
    expect(metricValue(samples, 'qiao_run_duration_seconds_sum', { kind: 'sync' })).toBe(2.5);
    expect(metricValue(samples, 'qiao_run_duration_seconds_bucket', { kind: 'sync', le: '2.5' })).toBe(1);
    expect(metricValue(samples, 'qiao_run_duration_seconds_bucket', { kind: 'sync', le: '1' })).toBe(0);
    expect(metricValue(samples, 'qiao_run_duration_seconds_count', { kind: 'flow' })).toBeUndefined();
  });

  it('counts sync records from the growth of a run’s stats, not what an earlier attempt counted', async () => {
    const metrics = createMetrics({ processMetrics: false });
    // Carried over from an earlier attempt, which reported them.
    const stats = { ...emptyStats(), read: 10, written: 8, failed: 2 };
    const meter = meterStats(metrics.sync, 'bills', stats);
    stats.read += 5;
    stats.written += 4;
    meter.flush();
    meter.flush();
    stats.writtenBack += 4;
    stats.skipped += 1;
    meter.flush();
    const samples = await scrape(metrics);
    const value = (name: string) => metricValue(samples, name, { sync: 'bills' });
    expect(value('qiao_sync_records_read_total')).toBe(5);
    expect(value('qiao_sync_records_written_total')).toBe(4);
    expect(value('qiao_sync_records_written_back_total')).toBe(4);
    expect(value('qiao_sync_records_skipped_total')).toBe(1);
    expect(value('qiao_sync_records_failed_total')).toBeUndefined();
  });

  it('gives each instance its own counts; the process metrics are the process’s, shared', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.gateway.exchange('dingtalk', 'getInstance', 'ok', 0.02);
    a.request('GET', '/api/v1/runs', 200, 0.001);
    const [fromA, fromB] = [await scrape(a), await scrape(b)];
    expect(metricValue(fromA, 'qiao_connector_calls_total', { outcome: 'ok' })).toBe(1);
    expect(metricValue(fromA, 'qiao_connector_call_duration_seconds_bucket', { le: '0.025' })).toBe(1);
    expect(metricValue(fromB, 'qiao_connector_calls_total')).toBeUndefined();
    expect(metricValue(fromB, 'qiao_http_request_duration_seconds_count')).toBeUndefined();
    expect(metricValue(fromA, 'qiao_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(metricValue(fromB, 'qiao_process_resident_memory_bytes')).toBeGreaterThan(0);
    // Without them, only the runtime's own metrics.
    const own = await scrape(createMetrics({ processMetrics: false }));
    expect(own.some((s) => s.name.startsWith('qiao_process_') || s.name.startsWith('qiao_nodejs_'))).toBe(
      false,
    );
  });

  it('renders Prometheus text that the scrape parses back', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.gateway.credentialFetch('kingdee-k3cloud', 'auth_failed');
    metrics.gateway.rateLimitWait('kingdee-k3cloud', 0.25);
    const text = await metrics.render();
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE qiao_connector_credential_fetches_total counter');
    const samples = parseMetricsText(text);
    expect(metricValue(samples, 'qiao_connector_credential_fetches_total', { outcome: 'auth_failed' })).toBe(
      1,
    );
    expect(metricValue(samples, 'qiao_connector_rate_limit_waits_total')).toBe(1);
    expect(metricValue(samples, 'qiao_connector_rate_limit_wait_seconds_total')).toBe(0.25);
  });
});
