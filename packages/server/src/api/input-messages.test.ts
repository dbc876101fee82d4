import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIn } from '../errors/index.ts';
import { ERP_CONNECTION, ERP_CONNECTOR, ERP_SYNC, MANUAL_FLOW, VOUCHER_FORM } from './test-fixtures.ts';
import { createTestApi, type TestApi } from './test-harness.ts';

const CJK = /[\u3400-\u9fff]/;

let api: TestApi;
let runId: string;

beforeAll(async () => {
  api = await createTestApi({ start: true });
  for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, ERP_SYNC, MANUAL_FLOW, VOUCHER_FORM]) {
    const put = await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc });
    expect(put.status).toBe(201);
  }
  const entries = ['a', 'b', 'c'].map((key) => ({
    sourceKey: key,
    source: { id: key },
    sourceTime: null,
    runId: 'r0',
  }));
  await api.runtime.store.ledger.addPending('bills', entries, 1);
  runId = (await api.call('POST', '/api/v1/flows/manual/run', { body: { input: { n: 1 } } })).body.runId;
  await api.runtime.engine.waitForRun(runId);
});
afterAll(() => api.close());

/** A 400 INPUT_INVALID whose message says `zh` in Chinese and `en` in English. */
function expectInvalid(
  response: { status: number; body: { code: string; message: string } },
  zh: string,
  en: string,
) {
  expect([response.status, response.body.code]).toEqual([400, 'INPUT_INVALID']);
  expect(messageIn(response.body.message, 'zh')).toBe(zh);
  expect(messageIn(response.body.message, 'en')).toBe(en);
}

describe('validation messages', () => {
  it('says a body field has the wrong type, not that it is missing', async () => {
    const response = await api.call('POST', '/api/v1/syncs/bills/ledger/retry', { body: { keys: 'abc' } });
    expectInvalid(
      response,
      '请求体字段 keys 无效：应为数组，实际为字符串 "abc"',
      'Invalid request body field keys: expected an array, got the string "abc"',
    );
  });

  it('says the text of a number parameter is not a number', async () => {
    expectInvalid(
      await api.call('GET', '/api/v1/runs?limit=abc'),
      '参数 limit 无效："abc" 不是数字',
      'Invalid parameter limit: "abc" is not a number',
    );
    expectInvalid(
      await api.call('GET', '/api/v1/syncs/bills/ledger?limit=2.5'),
      '参数 limit 无效："2.5" 不是整数',
      'Invalid parameter limit: "2.5" is not an integer',
    );
  });

  it('gives every issue in details in both languages', async () => {
    const response = await api.call('GET', '/api/v1/runs?limit=abc&from=x');
    const issues = response.body.details.issues as Array<{ path: string; message: string }>;
    expect(issues.map((issue) => issue.path).sort()).toEqual(['from', 'limit']);
    for (const issue of issues) {
      expect(messageIn(issue.message, 'en'), issue.message).not.toMatch(CJK);
      expect(messageIn(issue.message, 'zh'), issue.message).toMatch(CJK);
    }
    expect(issues.find((issue) => issue.path === 'from')?.message).toBe('"x" 不是数字 / "x" is not a number');
  });

  it('names the run that does not exist in both languages', async () => {
    const response = await api.call('GET', '/api/v1/runs/nope');
    expect([response.status, response.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(response.body.message).toBe('运行 nope 不存在 / run "nope" not found');
  });
});

describe('cursors', () => {
  it('pages runs with the next it issued, and refuses one it did not', async () => {
    const first = await api.call('GET', '/api/v1/runs?limit=1');
    expect(first.body.next).toBe(runId);
    expect((await api.call('GET', `/api/v1/runs?limit=1&before=${first.body.next}`)).status).toBe(200);
    const garbage = await api.call('GET', '/api/v1/runs?before=garbage');
    expectInvalid(
      garbage,
      '参数 before 无效：游标 "garbage" 不是上一页返回的 next（没有这个运行），请从第一页开始',
      'Invalid parameter before: the cursor "garbage" is not the next of a previous page (no such run); start from the first page',
    );
    expect(garbage.body.details).toEqual({ field: 'before' });
  });

  it('pages a ledger by its source keys, and refuses a key it does not hold', async () => {
    const first = await api.call('GET', '/api/v1/syncs/bills/ledger?limit=2');
    expect(first.body.next).toBe('b');
    const second = await api.call('GET', `/api/v1/syncs/bills/ledger?limit=2&after=${first.body.next}`);
    expect(second.body.items.map((e: { sourceKey: string }) => e.sourceKey)).toEqual(['c']);
    for (const after of ['%00%00', 'garbage', 'aa']) {
      const response = await api.call('GET', `/api/v1/syncs/bills/ledger?after=${after}`);
      expect([response.status, response.body.code], after).toEqual([400, 'INPUT_INVALID']);
      expect(messageIn(response.body.message, 'en')).toMatch(
        /^Invalid parameter after: the cursor ".*" is not the next/,
      );
    }
    const newest = await api.call('GET', '/api/v1/syncs/bills/ledger?order=newest&after=%00%00');
    expect([newest.status, newest.body.code]).toEqual([400, 'INPUT_INVALID']);
  });

  it('refuses a form records cursor naming no record of the form', async () => {
    const response = await api.call('GET', '/api/v1/forms/voucher/records?before=garbage');
    expect([response.status, response.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect(messageIn(response.body.message, 'en')).toContain('no such record of this form');
  });
});
