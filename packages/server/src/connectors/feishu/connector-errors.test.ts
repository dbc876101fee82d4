import { afterEach, describe, expect, it } from 'vitest';
import type { QiaoError } from '../../errors/index.ts';
import type { JsonObject } from '../../json.ts';
import { failure } from '../kit/testing/failure.ts';
import { CONNECTION, type FeishuGatewayHarness, startFeishuGateway } from './testing.ts';

let h: FeishuGatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const call = (h: FeishuGatewayHarness, operation: string, input: JsonObject) =>
  h.gateway.call({ connection: CONNECTION, operation, input }, h.observe);

async function someCodes(h: FeishuGatewayHarness): Promise<string[]> {
  const page = await h.gateway.listPage({
    connection: CONNECTION,
    operation: 'listInstanceCodes',
    input: h.window,
    cursor: null,
  });
  return page.items.map(String);
}

describe('feishu connector error classes', () => {
  it('reports a wrong app secret as auth failed with the system code', async () => {
    h = await startFeishuGateway({ secrets: { appSecret: 'wrong-secret' } });
    const error = await failure(call(h, 'getInstance', { instance_code: 'x' }));
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ code: 10014 });
  });

  it('keeps feishu message for unknown instances and approval codes (user errors)', async () => {
    h = await startFeishuGateway();
    const instance = await failure(call(h, 'getInstance', { instance_code: 'NO-SUCH' }));
    expect(instance.code).toBe('CONNECTOR_REJECTED');
    expect(instance.message).toContain('instance code not found');
    expect(instance.system).toMatchObject({ code: 1390003 });
    const approval = await failure(
      h.gateway.listPage({
        connection: CONNECTION,
        operation: 'listInstanceCodes',
        input: { ...h.window, approval_code: 'NOPE' },
        cursor: null,
      }),
    );
    expect(approval.system).toMatchObject({ code: 1390002 });
  });

  it('classifies 99991400 and http 429 as rate limited with the reset wait', async () => {
    h = await startFeishuGateway();
    h.sim.faults.force('list', 'rateLimit');
    const in200 = await failure(someCodes(h));
    expect(in200.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(in200.retryAfterMs).toBe(1000);
    expect(in200.system).toMatchObject({ status: 200, code: 99991400 });
    h.sim.state.limits.settings.http429 = true;
    h.sim.faults.force('list', 'rateLimit');
    const in429 = await failure(someCodes(h));
    expect(in429.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(in429.system).toMatchObject({ status: 429 });
  });

  it('classifies a 500 as retryable unavailable and a reset as a network error', async () => {
    h = await startFeishuGateway();
    h.sim.faults.force('list', 'serverError');
    const unavailable = await failure(someCodes(h));
    expect(unavailable.code).toBe('CONNECTOR_UNAVAILABLE');
    expect(unavailable.retryable).toBe(true);
    h.sim.faults.force('list', 'reset');
    expect((await failure(someCodes(h))).code).toBe('CONNECTOR_NETWORK');
  });

  it('refreshes once on 99991663 and gives up as auth expired when it persists', async () => {
    h = await startFeishuGateway();
    const [code] = await someCodes(h);
    h.sim.faults.force('get', 'tokenExpiry', 1);
    expect(await call(h, 'getInstance', { instance_code: String(code) })).toMatchObject({
      instanceCode: code,
    });
    expect(h.sim.calls.get('token')).toBe(2);
    h.sim.faults.force('get', 'tokenExpiry', 2);
    const error = await failure(call(h, 'getInstance', { instance_code: String(code) }));
    expect(error.code).toBe('CONNECTOR_AUTH_EXPIRED');
    expect(h.sim.calls.get('token')).toBe(3);
  });
});

describe('feishu connector writes', () => {
  it('turns a lost comment response into an uncertain write that findWritten resolves', async () => {
    h = await startFeishuGateway();
    const [code] = await someCodes(h);
    const input = { instance_code: String(code), text: '已生成付款单 FKD0100' };
    h.sim.faults.force('comment', 'lostResponse');
    const error = await failure(call(h, 'addComment', input));
    expect(error.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const found = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      record: input,
    });
    const stored = h.sim.state.comments.of(String(code));
    expect(stored).toHaveLength(1);
    expect(found).toEqual({ targetId: stored[0]?.id });
    const missing = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      record: { ...input, text: '别的评论' },
    });
    expect(missing).toBeNull();
  });

  it('reports per-record results of a batch with one bad record', async () => {
    h = await startFeishuGateway();
    const [a, b] = await someCodes(h);
    const records = [
      { instance_code: String(a), text: '付款单 FKD1' },
      { instance_code: 'NO-SUCH', text: '付款单 FKD2' },
      { instance_code: String(b), text: '付款单 FKD3' },
    ];
    const results = await h.gateway.writeBatch({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      records,
    });
    expect(results.map((r) => [r.index, r.ok, r.error?.code ?? null])).toEqual([
      [0, true, null],
      [1, false, 'CONNECTOR_REJECTED'],
      [2, true, null],
    ]);
    expect(results[1]?.error?.system).toMatchObject({ code: 1390003 });
    expect(results[0]?.targetId).toBe(h.sim.state.comments.of(String(a))[0]?.id);
    expect(h.sim.state.comments.all().map((c) => c.instanceCode)).toEqual([a, b]);
  });
});

describe('feishu connector rate limiting', () => {
  it('paces calls so feishu (50/s) never throttles with the default limit', async () => {
    h = await startFeishuGateway({
      simulator: { perSecond: 50, perMinute: 1000 },
      gateway: { rateLimiter: undefined },
    });
    const [code] = await someCodes(h);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        call(h as FeishuGatewayHarness, 'getInstance', { instance_code: String(code) }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(0);
    expect(h.sim.calls.get('get')).toBe(50);
  });

  it('is throttled without the limiter (the control)', async () => {
    h = await startFeishuGateway({ simulator: { perSecond: 50, perMinute: 1000 } });
    const [code] = await someCodes(h);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 120 }, () =>
        call(h as FeishuGatewayHarness, 'getInstance', { instance_code: String(code) }),
      ),
    );
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as QiaoError] : []));
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(rejected.map((e) => e.code))).toEqual(new Set(['CONNECTOR_RATE_LIMITED']));
  });
});
