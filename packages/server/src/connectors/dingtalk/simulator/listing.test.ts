import { afterEach, describe, expect, it } from 'vitest';
import { createDingtalkSimulator } from './create-dingtalk-simulator.ts';
import { DINGTALK_SEED_EMPLOYEES } from './seed-employees.ts';
import { jsonOf, type SimulatorHarness, startSimulatorHarness } from './testing.ts';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 0, 15, 4, 0, 0);
let h: SimulatorHarness;
afterEach(() => h?.server.close());

async function harness(instances = 300): Promise<SimulatorHarness> {
  h = await startSimulatorHarness({
    instances,
    spanDays: 90,
    anchorTime: ANCHOR,
    now: () => ANCHOR + 1000,
    qpsLimit: 0,
  });
  return h;
}

describe('dingtalk simulator listids', () => {
  it('pages a legacy window to the last page, next_cursor absent at the end', async () => {
    await harness();
    const token = await h.legacyToken();
    const ids: string[] = [];
    let cursor: number | undefined = 0;
    let pages = 0;
    while (cursor !== undefined) {
      const r = await h.legacy('/topapi/processinstance/listids', token, {
        process_code: h.sim.options.processCode,
        start_time: ANCHOR - 100 * DAY,
        end_time: ANCHOR,
        size: 20,
        cursor,
      });
      expect(r.body.errcode).toBe(0);
      const result = r.body.result as { list: string[]; next_cursor?: number };
      expect(result.list.length).toBeLessThanOrEqual(20);
      ids.push(...result.list);
      cursor = result.next_cursor;
      pages++;
    }
    expect(ids.length).toBe(300);
    expect(new Set(ids).size).toBe(300);
    expect(pages).toBe(15);
  });

  it('pages v1.0 with nextToken as a string and honours the time window', async () => {
    await harness();
    const token = await h.v1Token();
    const body = {
      processCode: h.sim.options.processCode,
      startTime: ANCHOR - 30 * DAY,
      endTime: ANCHOR,
      maxResults: 20,
    };
    let nextToken: string | number | undefined = 0;
    const ids: string[] = [];
    while (nextToken !== undefined) {
      const r = await h.v1('POST', '/v1.0/workflow/processes/instanceIds/query', token, {
        ...body,
        nextToken,
      });
      expect(r.status).toBe(200);
      const result = r.body.result as { list: string[]; nextToken?: string };
      if (result.nextToken !== undefined) expect(typeof result.nextToken).toBe('string');
      ids.push(...result.list);
      nextToken = result.nextToken;
    }
    expect(ids.length).toBeGreaterThan(80);
    expect(ids.length).toBeLessThan(120);
    for (const id of ids.slice(0, 5)) {
      const detail = await h.legacy('/topapi/processinstance/get', token, { process_instance_id: id });
      const created = String((detail.body.process_instance as { create_time: string }).create_time);
      const ms = Date.parse(`${created.replace(' ', 'T')}+08:00`);
      expect(ms).toBeGreaterThanOrEqual(ANCHOR - 30 * DAY);
    }
  });

  it('filters by originator userid_list', async () => {
    await harness();
    const token = await h.legacyToken();
    const userid = (DINGTALK_SEED_EMPLOYEES[3] as { userid: string }).userid;
    const r = await h.legacy('/topapi/processinstance/listids', token, {
      process_code: h.sim.options.processCode,
      start_time: ANCHOR - 100 * DAY,
      end_time: ANCHOR,
      userid_list: userid,
    });
    const list = (r.body.result as { list: string[] }).list;
    expect(list.length).toBeGreaterThan(0);
    for (const id of list) {
      const detail = await h.legacy('/topapi/processinstance/get', token, { process_instance_id: id });
      expect((detail.body.process_instance as { originator_userid: string }).originator_userid).toBe(userid);
    }
  });

  it('rejects every documented parameter error', async () => {
    await harness();
    const token = await h.legacyToken();
    const v1token = await h.v1Token();
    const base = {
      process_code: h.sim.options.processCode,
      start_time: ANCHOR - DAY,
      end_time: ANCHOR,
      size: 20,
      cursor: 0,
    };
    const legacyCases: [Record<string, unknown>, number, string?][] = [
      [{ ...base, size: 21 }, 88, 'invalidMaxResults'],
      [{ ...base, start_time: ANCHOR - 121 * DAY }, 88, 'invalidInstanceListIdsStartTime'],
      [
        { ...base, start_time: ANCHOR - 400 * DAY, end_time: ANCHOR - 390 * DAY },
        88,
        'invalidInstanceListIdsStartTime',
      ],
      [{ ...base, end_time: ANCHOR - 2 * DAY }, 88, 'invalidEndTime'],
      [{ ...base, process_code: 'PROC-UNKNOWN' }, 88, 'invalidProcessCode'],
      [{ ...base, cursor: -1 }, 88, 'invalidNextToken'],
      [
        { ...base, userid_list: Array.from({ length: 11 }, (_, i) => `u${i}`).join(',') },
        88,
        'invalidUserIds',
      ],
      [{ size: 20 }, 40035],
      [{ process_code: base.process_code }, 40035],
    ];
    for (const [body, errcode, sub] of legacyCases) {
      const r = await h.legacy('/topapi/processinstance/listids', token, body);
      expect(r.status).toBe(200);
      expect(r.body.errcode).toBe(errcode);
      if (sub) expect(r.body.sub_code).toBe(sub);
    }
    const v1 = await h.v1('POST', '/v1.0/workflow/processes/instanceIds/query', v1token, {
      processCode: base.process_code,
      startTime: base.start_time,
      nextToken: 0,
      maxResults: 50,
    });
    expect(v1.status).toBe(400);
    expect(v1.body.code).toBe('invalidMaxResults');
    const wrongType = await fetch(`${h.url}/topapi/processinstance/listids?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify(base),
      headers: { 'content-type': 'text/plain' },
    });
    expect((await jsonOf(wrongType)).errcode).toBe(43004);
    const unknown = await h.legacy('/topapi/processinstance/nosuch', token, {});
    expect(unknown.body.errcode).toBe(22);
  });

  it('generates 100,000 instances lazily and quickly', () => {
    const started = performance.now();
    const sim = createDingtalkSimulator({ instances: 100_000, anchorTime: ANCHOR, now: () => ANCHOR });
    const page = sim.state.store.list({
      startMs: ANCHOR - 90 * DAY,
      endMs: ANCHOR,
      offset: 9_980,
      limit: 20,
    });
    expect(page.ids.length).toBe(20);
    expect(page.more).toBe(false);
    const last = sim.state.store.list({ startMs: ANCHOR - DAY, endMs: ANCHOR, offset: 0, limit: 20 });
    expect(sim.state.store.get(last.ids[0] as string)?.status).toMatch(/RUNNING|COMPLETED|TERMINATED/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('is deterministic for a seed', () => {
    const a = createDingtalkSimulator({ seed: 7, anchorTime: ANCHOR });
    const b = createDingtalkSimulator({ seed: 7, anchorTime: ANCHOR });
    const c = createDingtalkSimulator({ seed: 8, anchorTime: ANCHOR });
    const q = { startMs: ANCHOR - 10 * DAY, endMs: ANCHOR, offset: 0, limit: 20 };
    const ids = a.state.store.list(q).ids;
    expect(b.state.store.list(q).ids).toEqual(ids);
    expect(c.state.store.list(q).ids).not.toEqual(ids);
    expect(JSON.stringify(b.state.store.get(ids[0] as string))).toBe(
      JSON.stringify(a.state.store.get(ids[0] as string)),
    );
  });
});
