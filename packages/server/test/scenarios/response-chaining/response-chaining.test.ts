import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/runs/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { putFlowFile, type VoucherApi } from './voucher-api.ts';
import { startVoucherScenario, type VoucherScenario } from './voucher-scenario.ts';

let api: VoucherApi;
let store: Store;
let scenario: VoucherScenario;
let engine: Engine;

beforeEach(async () => {
  scenario = await startVoucherScenario();
  ({ api, store, engine } = scenario);
});
afterEach(() => scenario.close());

describe('response chaining', () => {
  it('posts the voucher with the token from the previous step', async () => {
    const flowId = await putFlowFile(store, new URL('./flow.yaml', import.meta.url));
    const trigger = {
      date: '2026-03-02',
      rows: [
        { memo: '报销差旅费', account: '6602', debit: '1280.50', credit: '0' },
        { memo: '报销差旅费', account: '1001', debit: '0', credit: '1280.50' },
      ],
    };
    const run = await engine.waitForRun(await engine.enqueue(flowId, trigger));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ voucherNumber: 'JZ-0002', lines: 2 });

    const steps = await store.steps.list(run.id);
    expect(steps.map((s) => [s.seq, s.path, s.attempt, s.status])).toEqual([
      [0, 'getToken', 1, 'succeeded'],
      [1, 'post', 1, 'succeeded'],
      [2, 'result', 1, 'succeeded'],
    ]);
    // Stored step records never hold the token (the server below proves it was passed along).
    expect(steps[0]?.output).toEqual({ access_token: '***', expires_in: 7200 });
    expect(steps[1]?.input).toMatchObject({ access_token: '***' });
    expect(JSON.stringify(steps)).not.toContain('tok-1');
    expect(steps[1]?.exchanges).toMatchObject([{ request: { method: 'POST' }, response: { status: 200 } }]);

    expect(api.accepted).toEqual([
      { route: 'token', token: null, body: null },
      {
        route: 'voucher',
        token: 'tok-1',
        body: {
          date: '2026-03-02',
          entries: [
            { explanation: '报销差旅费', accountNumber: '6602', debit: 1280.5, credit: 0 },
            { explanation: '报销差旅费', accountNumber: '1001', debit: 0, credit: 1280.5 },
          ],
        },
      },
    ]);
  });
});
