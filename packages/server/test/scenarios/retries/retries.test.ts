import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/runs/index.ts';
import type { Store } from '../../../src/store/index.ts';
import { putFlowFile, type VoucherApi } from '../response-chaining/voucher-api.ts';
import { startVoucherScenario, type VoucherScenario } from '../response-chaining/voucher-scenario.ts';

let api: VoucherApi;
let store: Store;
let scenario: VoucherScenario;
let engine: Engine;
let flowId: string;

beforeEach(async () => {
  scenario = await startVoucherScenario();
  ({ api, store, engine } = scenario);
  flowId = await putFlowFile(store, new URL('./flow.yaml', import.meta.url));
});
afterEach(() => scenario.close());

async function timeline(runId: string) {
  return (await store.steps.list(runId)).map((s) => [s.path, s.attempt, s.status, s.error?.code ?? null]);
}

describe('retries', () => {
  it('succeeds on the third attempt after two 503s', async () => {
    api.plan = { voucher: [503, 503] };
    const retrying: number[] = [];
    engine.events.on('run:retrying', ({ run }) => retrying.push(run.attempt));
    const run = await engine.waitForRun(await engine.enqueue(flowId, { amount: 1 }));
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(retrying).toEqual([2, 3]);
    expect(await timeline(run.id)).toEqual([
      ['getToken', 1, 'succeeded', null],
      ['post', 1, 'failed', 'CONNECTOR_UNAVAILABLE'],
      ['post', 2, 'failed', 'CONNECTOR_UNAVAILABLE'],
      ['post', 3, 'succeeded', null],
    ]);
    expect(api.hits).toEqual({ token: 1, voucher: 3 });
    expect(api.accepted.filter((a) => a.route === 'voucher')).toHaveLength(1);
  });

  it('fails with a readable stored error when the system stays down', async () => {
    api.plan = { voucher: [503, 503, 503, 503, 503] };
    const run = await engine.waitForRun(await engine.enqueue(flowId, { amount: 2 }));
    expect(run.status).toBe('failed');
    const stored = await store.runs.get(run.id);
    expect(stored?.error).toMatchObject({
      code: 'RUN_RETRIES_EXHAUSTED',
      attempt: 4,
      retryable: false,
      system: { status: 503, errcode: 503, errmsg: '系统繁忙，请稍后再试' },
    });
    expect(stored?.error?.message).toContain('系统繁忙');
    expect((await timeline(run.id)).filter((t) => t[0] === 'post')).toHaveLength(4);
    expect(api.hits.voucher).toBe(4);
  });

  it('fails fast on a 400 business error with the system message', async () => {
    api.plan = { voucher: [400] };
    const run = await engine.waitForRun(await engine.enqueue(flowId, { amount: 3 }));
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({
      code: 'CONNECTOR_REJECTED',
      kind: 'user',
      attempt: 1,
      system: { errcode: 40001 },
    });
    expect(run.error?.message).toContain('凭证字号重复');
    expect(await timeline(run.id)).toEqual([
      ['getToken', 1, 'succeeded', null],
      ['post', 1, 'failed', 'CONNECTOR_REJECTED'],
    ]);
    expect(api.hits.voucher).toBe(1);
    // The failed step's record keeps what was sent (the token masked), not null.
    const post = (await store.steps.list(run.id)).find((step) => step.path === 'post');
    expect(post?.input).toEqual({ access_token: '***', voucher: { amount: 3 } });
    expect(run.attempt).toBe(1);
  });
});
