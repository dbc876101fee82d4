import { afterEach, describe, expect, it } from 'vitest';
import { type SimulatorHarness, startSimulatorHarness } from './testing.ts';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 0, 15, 4, 0, 0);
let h: SimulatorHarness | undefined;
afterEach(() => h?.server.close());

/** Status, content type and body (request ids blanked) of an answer. */
async function shape(response: Response) {
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text.replace(/"request_id":"[0-9a-f]+"/, '"request_id":"-"'),
  };
}

describe('dingtalk simulator fast routes', () => {
  it('answer listids, get and comment/add exactly as the Hono routes do, errors included', async () => {
    h = await startSimulatorHarness({ anchorTime: ANCHOR, now: () => ANCHOR, instances: 60, qpsLimit: 0 });
    const { sim, url } = h;
    const token = await h.legacyToken();
    const store = sim.state.store;
    const ids = store.list({ startMs: ANCHOR - 90 * DAY, endMs: ANCHOR, offset: 0, limit: 100 }).ids;
    const userid = store.get(ids[0] as string)?.originator.userid as string;
    const json = { 'content-type': 'application/json' };
    const cases: { path: string; body: string; headers?: Record<string, string> }[] = [
      {
        path: `/topapi/processinstance/get?access_token=${token}`,
        body: JSON.stringify({ process_instance_id: ids[3] }),
      },
      {
        path: `/topapi/processinstance/get?access_token=${token}`,
        body: JSON.stringify({ process_instance_id: 'nope' }),
      },
      { path: `/topapi/processinstance/get?access_token=${token}`, body: JSON.stringify({}) },
      { path: `/topapi/processinstance/get?access_token=${token}`, body: 'not json' },
      { path: `/topapi/processinstance/get?access_token=${token}`, body: '[1]' },
      {
        path: `/topapi/processinstance/get?access_token=${token}`,
        body: '{}',
        headers: { 'content-type': 'text/plain' },
      },
      { path: '/topapi/processinstance/get', body: '{}' },
      { path: '/topapi/processinstance/get?access_token=wrong', body: '{}' },
      {
        path: `/topapi/processinstance/listids?access_token=${token}`,
        body: JSON.stringify({
          process_code: sim.options.processCode,
          start_time: ANCHOR - 30 * DAY,
          size: 5,
        }),
      },
      {
        path: `/topapi/processinstance/listids?access_token=${token}`,
        body: JSON.stringify({ start_time: 1 }),
      },
      {
        path: `/topapi/process/instance/comment/add?access_token=${token}`,
        body: JSON.stringify({
          request: { process_instance_id: ids[5], text: '已付款', comment_userid: userid },
        }),
      },
      {
        path: `/topapi/process/instance/comment/add?access_token=${token}`,
        body: JSON.stringify({
          request: { process_instance_id: ids[5], text: '已付款', comment_userid: 'nobody' },
        }),
      },
      // The commented instance is now changed: rendered afresh, comment included.
      {
        path: `/topapi/processinstance/get?access_token=${token}`,
        body: JSON.stringify({ process_instance_id: ids[5] }),
      },
    ];
    for (const c of cases) {
      const init = { method: 'POST', headers: c.headers ?? json, body: c.body };
      const callsBefore = sim.calls.toJSON();
      const fast = await shape(await fetch(`${url}${c.path}`, init));
      // The same request through Hono (in process): a comment is only added once per pair, so compare the
      // second comment answer with a repeat through the fast path instead.
      const viaHono = await shape(await sim.app.request(c.path, init));
      const again = c.path.includes('comment/add')
        ? await shape(await fetch(`${url}${c.path}`, init))
        : viaHono;
      expect(fast, c.path).toEqual(again);
      expect(fast.type, c.path).toBe(viaHono.type);
      if (!c.path.includes('comment/add')) expect(fast, c.path).toEqual(viaHono);
      const route = c.path.includes('listids') ? 'listids' : c.path.includes('comment') ? 'comment' : 'get';
      expect(sim.calls.get(route)).toBeGreaterThan(callsBefore[route] ?? 0);
    }
    expect(sim.state.comments).toHaveLength(3);
  });

  it('leave faulted calls to the fault middleware and count every call once', async () => {
    h = await startSimulatorHarness({ anchorTime: ANCHOR, now: () => ANCHOR, instances: 20, qpsLimit: 0 });
    const token = await h.legacyToken();
    const id = h.sim.state.store.list({ startMs: ANCHOR - 90 * DAY, endMs: ANCHOR, offset: 0, limit: 1 })
      .ids[0];
    h.sim.faults.force('get', 'serverError');
    const path = '/topapi/processinstance/get';
    const first = await fetch(`${h.url}${path}?access_token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ process_instance_id: id }),
    });
    expect(await first.text()).toContain('502 Bad Gateway');
    const second = await h.legacy(path, token, { process_instance_id: id });
    expect(first.status).toBe(502);
    expect(second.body.errcode).toBe(0);
    expect(h.sim.calls.get('get')).toBe(2);
    h.sim.faults.configure({ get: { rateLimit: 1 } });
    expect((await h.legacy(path, token, { process_instance_id: id })).body.errcode).toBe(90018);
    expect(h.sim.calls.get('get')).toBe(3);
  });
});
