import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../test-harness.ts';

const PATH = '/api/v1/mapping/preview';
const SAMPLE = {
  id: 'A-1',
  who: { name: '王伟' },
  lines: [
    { amount: '1,234.50', kind: '差旅费' },
    { amount: '0.20', kind: '办公用品' },
  ],
};

describe('api mapping preview', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('maps a sample with helpers, $each, jsonata and bindings', async () => {
    const mapping = {
      FBillNo: '{{ id }}',
      who: '{{ who.name }}',
      total: '{{ $decimalSum(lines.amount, 2) }}',
      upper: "{{ $uppercase('k') & $count(lines) }}",
      dept: "{{ $lookup('depts', who.name) }}",
      rows: {
        $each: 'lines',
        $as: 'line',
        $map: { no: '{{ $index + 1 }}', amt: '{{ $decimal(amount, 2) }}' },
      },
    };
    const res = await api.call('POST', PATH, {
      body: { mapping, sample: SAMPLE, bindings: { tables: { depts: { 王伟: 'BM001' } } } },
    });
    expect(res.status).toBe(200);
    expect(res.body.output).toEqual({
      FBillNo: 'A-1',
      who: '王伟',
      total: 1234.7,
      upper: 'K2',
      dept: 'BM001',
      rows: [
        { no: 1, amt: 1234.5 },
        { no: 2, amt: 0.2 },
      ],
    });
  });

  it('names the field, source value and expression of a run-time failure', async () => {
    const mapping = { rows: { $each: 'lines', $map: { amt: '{{ $decimal(kind, 2) }}' } } };
    const res = await api.call('POST', PATH, { body: { mapping, sample: SAMPLE } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MAPPING_FAILED');
    expect(res.body.details).toMatchObject({
      field: 'rows[0].amt',
      sourceValue: '差旅费',
      expression: '$decimal(kind, 2)',
    });
  });

  it('refuses a syntax error naming the field', async () => {
    const res = await api.call('POST', PATH, { body: { mapping: { a: '{{ (( }}' }, sample: {} } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('EXPRESSION_SYNTAX');
    expect(res.body.details).toMatchObject({ field: 'a' });
  });

  it('stops a runaway expression at the expression limits', async () => {
    const mapping = { a: '{{ ($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000)) }}' };
    const res = await api.call('POST', PATH, { body: { mapping, sample: {} } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MAPPING_FAILED');
    expect(res.body.details.cause.code).toBe('EXPRESSION_LIMIT');
  });

  it('refuses bad bodies with INPUT_INVALID', async () => {
    const extra = await api.call('POST', PATH, { body: { mapping: {}, sample: {}, colour: 1 } });
    expect([extra.status, extra.body.code]).toEqual([400, 'INPUT_INVALID']);
    const badBindings = await api.call('POST', PATH, { body: { mapping: {}, sample: {}, bindings: [1] } });
    expect([badBindings.status, badBindings.body.code]).toEqual([400, 'INPUT_INVALID']);
    const huge = await api.call('POST', PATH, {
      body: { mapping: {}, sample: { x: 'x'.repeat(1_000_001) } },
    });
    expect([huge.status, huge.body.code]).toEqual([400, 'INPUT_INVALID']);
    const notJson = await api.call('POST', PATH, {
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect([notJson.status, notJson.body.code]).toEqual([400, 'INPUT_INVALID']);
  });

  it('lets editors preview and keeps viewers out', async () => {
    const body = { mapping: { a: '{{ id }}' }, sample: { id: 7 } };
    const editor = await api.call('POST', PATH, { token: await api.tokenFor('editor'), body });
    expect([editor.status, editor.body.output]).toEqual([200, { a: 7 }]);
    const viewer = await api.call('POST', PATH, { token: await api.tokenFor('viewer'), body });
    expect([viewer.status, viewer.body.code]).toEqual([403, 'FORBIDDEN']);
  });
});
