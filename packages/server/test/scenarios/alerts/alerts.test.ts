import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../src/store/port.ts';
import { alertRunId, type RunFailureWatch, watchRunFailures } from '../../../src/triggers/run-failures.ts';
import { putFlowFile } from '../response-chaining/voucher-api.ts';
import { startVoucherScenario, type VoucherScenario } from '../response-chaining/voucher-scenario.ts';

let scenario: VoucherScenario;
let alerts: RunFailureWatch;

beforeEach(async () => {
  scenario = await startVoucherScenario();
  alerts = watchRunFailures({ store: scenario.store, engine: scenario.engine });
  await putFlowFile(scenario.store, new URL('../retries/flow.yaml', import.meta.url));
  await putFlowFile(scenario.store, new URL('./alert-flow.yaml', import.meta.url));
});
afterEach(async () => {
  await alerts.stop();
  await scenario.close();
});

/** The next finished run of flow `flowId` (engine events, no waiting on time). */
function nextRunOf(flowId: string): Promise<RunRecord> {
  return new Promise((resolve) => {
    const listener = ({ run }: { run: RunRecord }) => {
      if (run.flowId !== flowId) return;
      scenario.engine.events.off('run:finished', listener);
      resolve(run);
    };
    scenario.engine.events.on('run:finished', listener);
  });
}

describe('alert flows (trigger runFailed)', () => {
  it('runs the alert flow with what failed and why when a run fails', async () => {
    const { engine, api } = scenario;
    api.plan = { voucher: [400] };
    const alerted = nextRunOf('alertOnFailure');
    const failed = await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 3 }));
    expect(failed.status).toBe('failed');
    const alert = await alerted;
    expect(alert.status).toBe('succeeded');
    expect(alert.trigger).toMatchObject({
      type: 'runFailed',
      failure: 'run',
      run: { id: failed.id, flowId: 'postWithRetries', kind: 'flow', error: { code: 'CONNECTOR_REJECTED' } },
    });
    const text = String((alert.output as { text?: string }).text);
    expect(text).toContain(`postWithRetries 运行 ${failed.id}（CONNECTOR_REJECTED）`);
    expect(text).toContain(String(failed.error?.message));
  });

  it('stays quiet for runs that succeed and for flows it does not watch', async () => {
    const { engine, store } = scenario;
    const ok = await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 1 }));
    expect(ok.status).toBe('succeeded');
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toEqual([]);
  });

  it("does not alert on an alert run's own failure (no loops)", async () => {
    const { engine, store } = scenario;
    // Every flow is watched, and the alert flow itself fails (its template reads a missing function).
    const def = (await store.documents.get('flow', 'alertOnFailure'))?.definition as Record<string, unknown>;
    const broken = {
      ...def,
      trigger: { type: 'runFailed', failedRecords: false },
      steps: [{ id: 'boom', type: 'set', values: { x: '{{ $nope(1) }}' } }],
    };
    await store.documents.put({ kind: 'flow', id: 'alertOnFailure', definition: broken, now: Date.now() });
    scenario.api.plan = { voucher: [400] };
    const alerted = nextRunOf('alertOnFailure');
    await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 4 }));
    const alert = await alerted;
    expect(alert.status).toBe('failed');
    // Its failure was handled synchronously: had it alerted, a second run would exist now.
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toHaveLength(1);
  });

  it('gives a failure one alert run, however often it is told (its id names the failed run and the alert flow)', async () => {
    const { engine, store, api } = scenario;
    api.plan = { voucher: [400] };
    const alerted = nextRunOf('alertOnFailure');
    const failed = await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 5 }));
    const alert = await alerted;
    expect(alert.id).toBe(alertRunId(failed.id, 'alertOnFailure'));
    expect(await alerts.alertsOf(failed.id)).toEqual([alert.id]);
    // A sweep (another process starting, say) finds the failure alerted already.
    expect(await alerts.sweep()).toBe(0);
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toHaveLength(1);
  });

  it('sweeps up the alert of a failure nobody was told of (the process died before enqueueing it)', async () => {
    const { engine, store, api } = scenario;
    await alerts.stop(); // nobody listens: as if the process died right after the run's end was committed
    api.plan = { voucher: [400] };
    const failed = await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 6 }));
    expect(failed.status).toBe('failed');
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toEqual([]);
    alerts = watchRunFailures({ store, engine });
    const alerted = nextRunOf('alertOnFailure');
    expect(await alerts.sweep()).toBe(1);
    const alert = await alerted;
    expect(alert).toMatchObject({ id: alertRunId(failed.id, 'alertOnFailure'), status: 'succeeded' });
    expect(alert.trigger).toMatchObject({ type: 'runFailed', run: { id: failed.id } });
    expect(await alerts.sweep()).toBe(0);
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toHaveLength(1);
  });

  it('does not sweep up failures from before the alert flow took effect', async () => {
    const { engine, store, api } = scenario;
    await alerts.stop();
    api.plan = { voucher: [400] };
    const failed = await engine.waitForRun(await engine.enqueue('postWithRetries', { amount: 7 }));
    // A new version of the alert flow, saved after the failure: it alerts from now on, not for the past.
    const def = (await store.documents.get('flow', 'alertOnFailure'))?.definition as Record<string, unknown>;
    const later = (failed.finishedAt ?? 0) + 1;
    await store.documents.put({
      kind: 'flow',
      id: 'alertOnFailure',
      definition: { ...def, name: 'v2' },
      now: later,
    });
    alerts = watchRunFailures({ store, engine });
    expect(await alerts.sweep({ now: later })).toBe(0);
    expect(await store.runs.list({ flowId: 'alertOnFailure', limit: 5 })).toEqual([]);
  });
});
