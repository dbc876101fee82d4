import { afterEach, describe, expect, it } from 'vitest';
import { DINGTALK_SEED_EMPLOYEES } from './seed-employees.ts';
import { jsonOf, type SimulatorHarness, startSimulatorHarness } from './testing.ts';

const DAY = 86_400_000;
let h: SimulatorHarness | undefined;
afterEach(() => h?.server.close());

const commenter = (DINGTALK_SEED_EMPLOYEES[1] as { userid: string }).userid;
const firstId = (h: SimulatorHarness) => {
  const anchor = h.sim.state.store.anchorMs;
  return h.sim.state.store.list({ startMs: anchor - 90 * DAY, endMs: anchor, offset: 0, limit: 1 })
    .ids[0] as string;
};

describe('dingtalk simulator comments', () => {
  it('stores legacy and v1.0 comments as ADD_REMARK records visible in inspection', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    const id = firstId(h);
    const legacy = await h.legacy('/topapi/process/instance/comment/add', token, {
      request: { process_instance_id: id, text: '已生成付款单 FKD000123', comment_userid: commenter },
    });
    expect(legacy.body).toMatchObject({ errcode: 0, result: true, success: true });
    const v1 = await h.v1('POST', '/v1.0/workflow/processInstances/comments', token, {
      processInstanceId: id,
      text: '付款完成',
      commentUserId: commenter,
    });
    expect(v1.body).toEqual({ result: true, success: true });
    const detail = await h.legacy('/topapi/processinstance/get', token, { process_instance_id: id });
    const remarks = (
      detail.body.process_instance as { operation_records: { operation_type: string; remark?: string }[] }
    ).operation_records.filter((r) => r.operation_type === 'ADD_REMARK');
    expect(remarks.map((r) => r.remark)).toEqual(['已生成付款单 FKD000123', '付款完成']);
    const listed = await fetch(`${h.url}/__sim/comments?processInstanceId=${id}`).then(jsonOf);
    expect(listed.map((c: { api: string }) => c.api)).toEqual(['legacy', 'v1.0']);
  });

  it('rejects comments on unknown instances, by unknown users and that are too long', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    const id = firstId(h);
    const cases: [Record<string, unknown>, string][] = [
      [{ processInstanceId: 'nope', text: 'x', commentUserId: commenter }, 'aflowProcessInstNotExist'],
      [{ processInstanceId: id, text: 'x', commentUserId: 'ghost' }, 'userNotExist'],
      [{ processInstanceId: id, text: 'x'.repeat(1025), commentUserId: commenter }, 'invalidParameter'],
    ];
    for (const [body, code] of cases) {
      const r = await h.v1('POST', '/v1.0/workflow/processInstances/comments', token, body);
      expect(r.status).toBe(400);
      expect(r.body.code).toBe(code);
    }
    const legacy = await h.legacy('/topapi/process/instance/comment/add', token, {
      request: { process_instance_id: 'nope', text: 'x', comment_userid: commenter },
    });
    expect(legacy.body).toMatchObject({ errcode: 88, sub_code: 'aflowProcessInstNotExist' });
    expect(h.sim.state.comments).toEqual([]);
  });
});

describe('dingtalk simulator faults', () => {
  it('stores a comment and then drops the connection on lostResponse', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    const id = firstId(h);
    await fetch(`${h.url}/__sim/faults/force`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'comment', kind: 'lostResponse' }),
    });
    await expect(
      h.legacy('/topapi/process/instance/comment/add', token, {
        request: { process_instance_id: id, text: '回写', comment_userid: commenter },
      }),
    ).rejects.toThrow();
    expect(h.sim.state.comments.map((c) => c.text)).toEqual(['回写']);
    const state = await fetch(`${h.url}/__sim/state`).then(jsonOf);
    expect(state.faults.injected['comment:lostResponse']).toBe(1);
    expect(state.calls.comment).toBe(1);
  });

  it('injects configured server errors and token expiry in each generation shape', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    await fetch(`${h.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ get: { serverError: 1 }, 'v1/get': { tokenExpiry: 1 } }),
    });
    const legacy = await fetch(`${h.url}/topapi/processinstance/get?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(legacy.status).toBe(502);
    const v1 = await h.v1('GET', `/v1.0/workflow/processInstances?processInstanceId=${firstId(h)}`, token);
    expect(v1).toMatchObject({ status: 400, body: { code: 'InvalidAuthentication' } });
  });
});

describe('dingtalk simulator rate limits', () => {
  it('answers the 21st call in a second with 90018 legacy and 403 QpsLimitForAppkeyAndApi v1.0', async () => {
    const clock = 1_760_000_000_000;
    h = await startSimulatorHarness({ now: () => clock, anchorTime: clock });
    const token = await h.legacyToken();
    const body = { process_instance_id: firstId(h) };
    const legacy = [];
    for (let i = 0; i < 21; i++)
      legacy.push((await h.legacy('/topapi/processinstance/get', token, body)).body.errcode);
    expect(legacy.slice(0, 20).every((c) => c === 0)).toBe(true);
    expect(legacy[20]).toBe(90018);
    const v1 = await h.v1(
      'GET',
      `/v1.0/workflow/processInstances?processInstanceId=${body.process_instance_id}`,
      token,
    );
    expect(v1.status).toBe(200);
    for (let i = 0; i < 19; i++)
      await h.v1(
        'GET',
        `/v1.0/workflow/processInstances?processInstanceId=${body.process_instance_id}`,
        token,
      );
    const limited = await h.v1(
      'GET',
      `/v1.0/workflow/processInstances?processInstanceId=${body.process_instance_id}`,
      token,
    );
    expect(limited).toMatchObject({
      status: 403,
      body: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' },
    });
  });

  it('lifts the limit with qps 0 and enforces an optional monthly quota with 90020', async () => {
    h = await startSimulatorHarness({ qpsLimit: 0, monthlyQuota: 30 });
    const token = await h.legacyToken();
    const body = { process_instance_id: firstId(h) };
    const codes = [];
    for (let i = 0; i < 31; i++)
      codes.push((await h.legacy('/topapi/processinstance/get', token, body)).body.errcode);
    expect(codes.filter((c) => c === 0).length).toBe(30);
    expect(codes[30]).toBe(90020);
    const v1 = await h.v1(
      'GET',
      `/v1.0/workflow/processInstances?processInstanceId=${body.process_instance_id}`,
      token,
    );
    expect(v1.body.code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
  });
});
