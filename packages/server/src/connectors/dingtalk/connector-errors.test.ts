import { afterEach, describe, expect, it } from 'vitest';
import type { QiaoError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { failure } from '../kit/testing/failure.ts';
import { CONNECTION, type DingtalkGatewayHarness, startDingtalkGateway } from './testing.ts';

let h: DingtalkGatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const call = (h: DingtalkGatewayHarness, operation: string, input: JsonObject) =>
  h.gateway.call({ connection: CONNECTION, operation, input }, h.observe);

async function someIds(h: DingtalkGatewayHarness): Promise<string[]> {
  const page = await h.gateway.listPage({
    connection: CONNECTION,
    operation: 'listInstanceIds',
    input: h.window,
    cursor: null,
  });
  return page.items.map(String);
}

describe('dingtalk connector error classes', () => {
  it('reports bad credentials as auth failed with the system errcode', async () => {
    h = await startDingtalkGateway({ secrets: { appSecret: 'wrong-secret' } });
    const error = await failure(call(h, 'getInstance', { process_instance_id: 'x' }));
    expect(error.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ errcode: 40096 });
  });

  it('keeps the system message of a user error (unknown instance) on both generations', async () => {
    h = await startDingtalkGateway();
    const legacy = await failure(call(h, 'getInstance', { process_instance_id: 'no-such-instance' }));
    expect(legacy.code).toBe('CONNECTOR_REJECTED');
    expect(legacy.message).toContain('审批实例不存在');
    expect(legacy.system).toMatchObject({ errcode: 88, sub_code: 'processInstanceNotExist' });
    const v1 = await failure(call(h, 'getInstanceV1', { processInstanceId: 'no-such-instance' }));
    expect(v1.code).toBe('CONNECTOR_REJECTED');
    expect(v1.system).toMatchObject({ status: 400, code: 'processInstanceNotExist' });
  });

  it('classifies throttling as rate limited with a one-second wait', async () => {
    h = await startDingtalkGateway();
    h.sim.faults.force('listids', 'rateLimit', 1);
    const legacy = await failure(someIds(h));
    expect(legacy.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(legacy.retryable).toBe(true);
    expect(legacy.retryAfterMs).toBe(1000);
    expect(legacy.system).toMatchObject({ errcode: 90018 });
    h.sim.faults.force('v1/get', 'rateLimit', 1);
    const v1 = await failure(call(h, 'getInstanceV1', { processInstanceId: 'x' }));
    expect(v1.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(v1.system).toMatchObject({ status: 403, code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
  });

  it('classifies the monthly quota as quota exceeded (not retried)', async () => {
    h = await startDingtalkGateway({ simulator: { monthlyQuota: 1 } });
    await someIds(h);
    const error = await failure(someIds(h));
    expect(error.code).toBe('CONNECTOR_QUOTA_EXCEEDED');
    expect(error.retryable).toBe(false);
    expect(error.system).toMatchObject({ errcode: 90020 });
  });

  it('classifies a gateway 5xx as retryable unavailable', async () => {
    h = await startDingtalkGateway();
    h.sim.faults.force('get', 'serverError', 1);
    const error = await failure(call(h, 'getInstance', { process_instance_id: 'x' }));
    expect(error.code).toBe('CONNECTOR_UNAVAILABLE');
    expect(error.retryable).toBe(true);
  });

  it('gives up with auth expired when the token is still refused after one refresh', async () => {
    h = await startDingtalkGateway();
    h.sim.faults.force('listids', 'tokenExpiry', 2);
    const error = await failure(someIds(h));
    expect(error.code).toBe('CONNECTOR_AUTH_EXPIRED');
    expect(h.sim.calls.get('gettoken')).toBe(2);
  });

  it('turns a lost comment response into an uncertain write that findWritten resolves', async () => {
    h = await startDingtalkGateway();
    const [id = ''] = await someIds(h);
    const record = { process_instance_id: id, text: '已生成付款单 FKD000777' };
    const before = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      record,
    });
    expect(before).toBeNull();
    h.sim.faults.force('comment', 'lostResponse', 1);
    const error = await failure(call(h, 'addComment', record));
    expect(error.code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const ref = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      record,
    });
    expect(ref).toEqual({ targetId: id });
    expect(h.sim.state.comments.filter((c) => c.text === record.text)).toHaveLength(1);
  });

  it('resolves a lost v1.0 comment the same way', async () => {
    h = await startDingtalkGateway();
    const [id = ''] = await someIds(h);
    const record = { processInstanceId: id, text: 'v1 回写 FKD000778' };
    h.sim.faults.force('v1/comment', 'lostResponse', 1);
    expect((await failure(call(h, 'addCommentV1', record))).code).toBe('CONNECTOR_UNCERTAIN_WRITE');
    const ref = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addCommentV1',
      input: {},
      record,
    });
    expect(ref).toEqual({ targetId: id });
  });

  it('reports per-record results of a comment batch with partial success', async () => {
    h = await startDingtalkGateway();
    const [a = '', b = ''] = await someIds(h);
    const records: JsonValue[] = [
      { process_instance_id: a, text: '付款单 FKD1' },
      { process_instance_id: 'no-such-instance', text: '付款单 FKD2' },
      { process_instance_id: b, text: '付款单 FKD3' },
    ];
    const results = await h.gateway.writeBatch({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      records,
    });
    expect(results.map((r) => [r.index, r.ok, r.targetId ?? null, r.error?.code ?? null])).toEqual([
      [0, true, a, null],
      [1, false, null, 'CONNECTOR_REJECTED'],
      [2, true, b, null],
    ]);
    expect(results[1]?.error?.system).toMatchObject({ sub_code: 'aflowProcessInstNotExist' });
    expect(h.sim.state.comments.map((c) => c.processInstanceId)).toEqual([a, b]);
  });
});

describe('dingtalk connector rate limiting', () => {
  it('paces calls under the 20 QPS per-API limit so DingTalk never throttles', async () => {
    h = await startDingtalkGateway({ simulator: { qpsLimit: 20 }, gateway: { rateLimiter: undefined } });
    const ids = await someIds(h);
    const started = Date.now();
    const calls = Array.from({ length: 30 }, (_, i) =>
      call(h as DingtalkGatewayHarness, 'getInstance', { process_instance_id: ids[i % ids.length] ?? '' }),
    );
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(0);
    expect(h.sim.calls.get('get')).toBe(30);
    // 30 calls at the connector's 19/s with no burst need at least 29 × 52.6 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('is throttled by DingTalk without the limiter (the control: 45 calls put more than 20 into some one-second window)', async () => {
    h = await startDingtalkGateway({ simulator: { qpsLimit: 20 } });
    const ids = await someIds(h);
    const calls = Array.from({ length: 45 }, (_, i) =>
      call(h as DingtalkGatewayHarness, 'getInstance', { process_instance_id: ids[i % ids.length] ?? '' }),
    );
    const outcomes = await Promise.allSettled(calls);
    const rejected = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as QiaoError] : []));
    expect(rejected.length).toBeGreaterThan(0);
    expect(new Set(rejected.map((e) => e.code))).toEqual(new Set(['CONNECTOR_RATE_LIMITED']));
  });
});
