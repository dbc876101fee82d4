import { afterEach, describe, expect, it } from 'vitest';
import { type FeishuSimHarness, type LooseJson, listPath, startFeishuHarness } from './testing.ts';

let h: FeishuSimHarness;
afterEach(() => h.server.close());

async function firstCode(h: FeishuSimHarness, token: string): Promise<string> {
  return (await h.call('GET', listPath(h, { page_size: 1 }), token)).body.data.instance_code_list[0];
}

const commentPath = (code: string, userId = 'E0001') =>
  `/open-apis/approval/v4/instances/${code}/comments?user_id_type=user_id&user_id=${userId}`;
const content = (text: string) => ({ content: JSON.stringify({ text, files: [] }) });

describe('feishu simulator comments, limits and faults', () => {
  it('adds a comment that shows in comment_list of the next detail call', async () => {
    h = await startFeishuHarness({ instances: 5 });
    const token = await h.token();
    const code = await firstCode(h, token);
    const added = await h.call('POST', commentPath(code), token, content('已生成付款单 FKD0001'));
    expect(added.body.code).toBe(0);
    expect(added.body.data.comment_id).toMatch(/^\d{19}$/);
    const detail = (await h.call('GET', `/open-apis/approval/v4/instances/${code}`, token)).body.data;
    expect(detail.comment_list).toEqual([
      expect.objectContaining({
        id: added.body.data.comment_id,
        user_id: 'E0001',
        comment: '已生成付款单 FKD0001',
      }),
    ]);
    const listed = (await h.call('GET', commentPath(code), token)).body.data.comments;
    expect(JSON.parse(listed[0].content).text).toBe('已生成付款单 FKD0001');
    const inspected = await fetch(`${h.url}/__sim/comments?instanceCode=${code}`).then((r) => r.json());
    expect(inspected).toHaveLength(1);
  });

  it('rejects bad comments with 1390001 and unknown instances with 1390003', async () => {
    h = await startFeishuHarness({ instances: 5 });
    const token = await h.token();
    const code = await firstCode(h, token);
    expect((await h.call('POST', commentPath(code), token, { content: 'not json' })).body.code).toBe(1390001);
    expect((await h.call('POST', commentPath(code, 'nobody'), token, content('x'))).body.code).toBe(1390001);
    expect((await h.call('POST', commentPath('NOPE'), token, content('x'))).body.code).toBe(1390003);
  });

  it('throttles with 99991400 in a 200 body, or 429 when configured', async () => {
    let clock = 1_700_000_000_500;
    h = await startFeishuHarness({ instances: 5, perSecond: 3, perMinute: 5, now: () => clock });
    const token = await h.token();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await h.call('GET', listPath(h), token)).body.code);
    expect(codes).toEqual([0, 0, 0, 99991400]);
    clock += 1000;
    const minute = [];
    for (let i = 0; i < 2; i++) minute.push(await h.call('GET', listPath(h), token));
    expect(minute.map((a) => a.body.code)).toEqual([0, 99991400]);
    expect(Number(minute[1]?.headers.get('x-ogw-ratelimit-reset'))).toBeGreaterThan(1);
    await fetch(`${h.url}/__sim/limits`, {
      method: 'POST',
      body: JSON.stringify({ http429: true, perMinute: 0 }),
    });
    clock += 1000;
    for (let i = 0; i < 3; i++) await h.call('GET', listPath(h), token);
    const limited = await h.call('GET', listPath(h), token);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(99991400);
  });

  it('runs the handler and then drops the connection on a forced lostResponse', async () => {
    h = await startFeishuHarness({ instances: 5 });
    const token = await h.token();
    const code = await firstCode(h, token);
    const force = await fetch(`${h.url}/__sim/faults/force`, {
      method: 'POST',
      body: JSON.stringify({ route: 'comment', kind: 'lostResponse' }),
    });
    expect(force.status).toBe(200);
    await expect(h.call('POST', commentPath(code), token, content('丢失的响应'))).rejects.toThrow();
    expect(h.sim.state.comments.of(code).map((c) => c.text)).toEqual(['丢失的响应']);
    const state = (await fetch(`${h.url}/__sim/state`).then((r) => r.json())) as LooseJson;
    expect(state.faults.injected).toEqual({ 'comment:lostResponse': 1 });
    expect(state.calls.comment).toBe(1);
  });

  it('injects configured server errors and token expiry as feishu answers them', async () => {
    h = await startFeishuHarness({ instances: 5 });
    const token = await h.token();
    await fetch(`${h.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ list: { serverError: 1 } }),
    });
    const failed = await h.call('GET', listPath(h), token);
    expect(failed.status).toBe(500);
    h.sim.faults.configure({});
    h.sim.faults.force('get', 'tokenExpiry');
    const expired = await h.call('GET', '/open-apis/approval/v4/instances/x', token);
    expect(expired.body.code).toBe(99991663);
    await fetch(`${h.url}/__sim/reset`, { method: 'POST' });
    expect(h.sim.calls.toJSON()).toEqual({});
  });
});
