import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDingtalkSimulator } from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import type { RunningSimulator } from '../connectors/simulator-kit/index.ts';
import { type MetricSample, metricValue, parseMetricsText } from '../observability/parse-metrics-text.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

/** `GET /metrics` after real runs whose calls go to the DingTalk simulator over HTTP. */
describe('GET /metrics', () => {
  let api: TestApi;
  let other: TestApi;
  let server: RunningSimulator;
  const dingtalk = createDingtalkSimulator({ instances: 5 });

  const scrape = async (from: TestApi): Promise<MetricSample[]> => {
    const answer = await from.call('GET', '/metrics', { token: null });
    expect(answer.status).toBe(200);
    return parseMetricsText(answer.text);
  };
  const run = async (id: string) => {
    const started = await api.call('POST', '/api/v1/flows/lookup/run', { body: { input: { id } } });
    expect(started.status).toBe(202);
    return api.runtime.engine.waitForRun(started.body.runId as string);
  };

  beforeAll(async () => {
    server = await dingtalk.start();
    [api, other] = await Promise.all([createTestApi({ start: true }), createTestApi()]);
    const { appKey, appSecret } = dingtalk.options;
    const connection = await api.call('PUT', '/api/v1/connections/dt', {
      body: {
        schemaVersion: 1,
        kind: 'connection',
        id: 'dt',
        connector: 'dingtalk',
        config: { baseUrl: server.url, processCode: 'PROC-1' },
        secrets: { appKey, appSecret },
      },
    });
    expect(connection.status).toBe(201);
    const flow = await api.call('PUT', '/api/v1/flows/lookup', {
      body: {
        schemaVersion: 1,
        kind: 'flow',
        id: 'lookup',
        name: '查审批',
        trigger: { type: 'manual' },
        steps: [
          {
            id: 'get',
            type: 'call',
            connection: 'dt',
            operation: 'getInstance',
            input: { process_instance_id: '{{ trigger.input.id }}' },
            retry: { maxAttempts: 1 },
          },
        ],
      },
    });
    expect(flow.status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([api?.close(), other?.close()]);
    await server?.close();
  });

  it('counts the calls, credential fetches, runs and API requests of real runs, by outcome', async () => {
    const instance = dingtalk.startInstance();
    expect((await run(instance.id)).status).toBe('succeeded');
    expect((await run('no-such-instance')).status).toBe('failed');
    const samples = await scrape(api);
    const value = (name: string, labels: Record<string, string> = {}) => metricValue(samples, name, labels);

    const getInstance = { connector: 'dingtalk', operation: 'getInstance' };
    expect(value('qiao_connector_calls_total', { ...getInstance, outcome: 'ok' })).toBe(1);
    // The unknown instance: DingTalk answers with an errcode, classified as a permanent rejection.
    const failed = samples.filter(
      (s) =>
        s.name === 'qiao_connector_calls_total' &&
        s.labels.operation === 'getInstance' &&
        s.labels.outcome !== 'ok',
    );
    expect(failed.map((s) => [s.labels.outcome, s.value])).toEqual([['rejected', 1]]);
    expect(value('qiao_connector_call_duration_seconds_count', getInstance)).toBe(2);
    expect(value('qiao_connector_call_duration_seconds_bucket', { ...getInstance, le: '+Inf' })).toBe(2);
    expect(value('qiao_connector_call_duration_seconds_sum', getInstance)).toBeGreaterThan(0);
    // One token for both runs: one fetch, and its exchange counted as a call of the token operation.
    expect(value('qiao_connector_credential_fetches_total', { connector: 'dingtalk', outcome: 'ok' })).toBe(
      1,
    );
    expect(value('qiao_connector_calls_total', { connector: 'dingtalk' })).toBe(3);

    expect(value('qiao_runs_started_total', { kind: 'flow' })).toBe(2);
    expect(value('qiao_runs_finished_total', { kind: 'flow', status: 'succeeded' })).toBe(1);
    expect(value('qiao_runs_finished_total', { kind: 'flow', status: 'failed' })).toBe(1);
    expect(value('qiao_run_duration_seconds_count', { kind: 'flow' })).toBe(2);
    expect(value('qiao_runs', { status: 'succeeded' })).toBe(1);
    expect(value('qiao_definitions', { kind: 'flow' })).toBe(1);

    const runRoute = { method: 'POST', route: '/api/v1/flows/:id/run', status_class: '2xx' };
    expect(value('qiao_http_request_duration_seconds_count', runRoute)).toBe(2);
    expect(value('qiao_http_request_duration_seconds_count', { route: '/api/v1/connections/:id' })).toBe(1);
    // Labels hold route patterns and declaration ids, never ids from URLs or input.
    const labelValues = samples.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes(instance.id) || v.includes('no-such-instance'))).toEqual([]);

    // The process metrics, with the qiao_ prefix.
    expect(value('qiao_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value('qiao_nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('times requests that no route answers under the pattern /*, and unknown methods as other', async () => {
    await api.call('GET', '/api/v1/runs/some-run-id-that-is-not-there');
    await api.call('GET', '/no/such/page/123', { token: null });
    await api.call('BREW', '/metrics', { token: null });
    const samples = await scrape(api);
    expect(
      metricValue(samples, 'qiao_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/v1/runs/:id',
        status_class: '4xx',
      }),
    ).toBe(1);
    expect(
      metricValue(samples, 'qiao_http_request_duration_seconds_count', { route: '/*', status_class: '4xx' }),
    ).toBe(2);
    expect(metricValue(samples, 'qiao_http_request_duration_seconds_count', { method: 'other' })).toBe(1);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('no/such')))).toBe(false);
  });

  it('keeps the counts of two runtimes in one process apart', async () => {
    const samples = await scrape(other);
    expect(metricValue(samples, 'qiao_connector_calls_total')).toBeUndefined();
    expect(metricValue(samples, 'qiao_runs_started_total')).toBeUndefined();
    expect(metricValue(samples, 'qiao_runs', { status: 'succeeded' })).toBe(0);
    // This runtime's only request so far is the scrape itself, timed once it answered.
    expect(metricValue(samples, 'qiao_http_request_duration_seconds_count')).toBeUndefined();
    expect(metricValue(await scrape(other), 'qiao_http_request_duration_seconds_count')).toBe(1);
  });
});
