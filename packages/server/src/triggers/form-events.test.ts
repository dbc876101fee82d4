import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VOUCHER_FORM } from '../api/test-fixtures.ts';
import { createTestApi, type TestApi } from '../api/test-harness.ts';

/** A flow that reads the record flat: `trigger.date`, `trigger.id`, and iterates the detail table `trigger.lines`. */
const LINES_FLOW = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'voucherLines',
  name: '凭证分录',
  trigger: { type: 'form', form: 'voucher', event: 'saved' },
  steps: [
    {
      id: 'head',
      type: 'set',
      values: { date: '{{ trigger.date }}', recordId: '{{ trigger.id }}', event: '{{ trigger.event }}' },
    },
    {
      id: 'lines',
      type: 'forEach',
      items: 'trigger.lines',
      steps: [
        {
          id: 'line',
          type: 'map',
          mapping: { date: '{{ vars.date }}', account: '{{ item.account }}', debit: '{{ item.debit }}' },
        },
      ],
    },
  ],
};

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi({ start: true });
  for (const doc of [VOUCHER_FORM, LINES_FLOW]) {
    const put = await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc });
    expect(put.status, put.text).toBe(201);
  }
});
afterAll(() => api.close());

describe('form events', () => {
  it('gives a form-fired flow the record flat: fields, detail rows and meta', async () => {
    const lines = [
      { account: '6602', debit: '120.50' },
      { account: '1001', debit: '7' },
    ];
    const saved = await api.call('POST', '/api/v1/forms/voucher/records', {
      body: { data: { date: '2026-11-20', lines } },
    });
    expect(saved.status, saved.text).toBe(201);
    const recordId = saved.body.record.id as string;
    const run = await api.runtime.engine.waitForRun(saved.body.runIds[0]);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual(lines.map((line) => ({ date: '2026-11-20', ...line })));
    const steps = await api.runtime.store.steps.list(run.id);
    expect(steps.find((s) => s.path === 'head')?.output).toEqual({
      date: '2026-11-20',
      recordId,
      event: 'created',
    });
    expect(steps.map((s) => s.path)).toEqual(['head', 'lines', 'lines[0].line', 'lines[1].line']);

    const edited = await api.call('PUT', `/api/v1/forms/voucher/records/${recordId}`, {
      body: { data: { date: '2026-11-21', lines: lines.slice(0, 1) } },
    });
    const again = await api.runtime.engine.waitForRun(edited.body.runIds[0]);
    expect(again.trigger).toMatchObject({
      id: recordId,
      formId: 'voucher',
      event: 'updated',
      date: '2026-11-21',
    });
    expect(again.output).toEqual([{ date: '2026-11-21', ...lines[0] }]);
    // The record view finds both runs by the flat trigger's `id`.
    const detail = await api.call('GET', `/api/v1/forms/voucher/records/${recordId}`);
    expect(detail.body.runs.map((r: { id: string }) => r.id).sort()).toEqual([run.id, again.id].sort());
  });
});
