import { afterEach, describe, expect, it } from 'vitest';
import { createFeishuSimulator } from './create-feishu-simulator.ts';
import { type FeishuSimHarness, type LooseJson, listPath, startFeishuHarness } from './testing.ts';

let h: FeishuSimHarness;
afterEach(() => h?.server.close());

describe('feishu simulator instances', () => {
  it('pages instance codes with page_token and has_more to the end', async () => {
    h = await startFeishuHarness({ instances: 230 });
    const token = await h.token();
    const codes: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const answer = await h.call('GET', listPath(h, pageToken ? { page_token: pageToken } : {}), token);
      expect(answer.body.code).toBe(0);
      codes.push(...answer.body.data.instance_code_list);
      pageToken = answer.body.data.has_more ? answer.body.data.page_token : undefined;
      pages++;
    } while (pageToken && pages < 10);
    expect(pages).toBe(3);
    expect(codes).toHaveLength(230);
    expect(new Set(codes).size).toBe(230);
  });

  it('filters on creation time and validates page_size and approval_code', async () => {
    h = await startFeishuHarness({ instances: 50 });
    const token = await h.token();
    const store = h.sim.state.store;
    const window = { start_time: store.createMsOf(10), end_time: store.createMsOf(19) };
    const some = await h.call('GET', listPath(h, window), token);
    expect(some.body.data.instance_code_list).toHaveLength(10);
    expect(some.body.data.has_more).toBe(false);
    expect((await h.call('GET', listPath(h, { page_size: 101 }), token)).body.code).toBe(1390001);
    const bad = listPath(h).replace(h.sim.options.approvalCode, 'NO-SUCH-CODE');
    expect((await h.call('GET', bad, token)).body).toMatchObject({
      code: 1390002,
      msg: 'approval code not found',
    });
  });

  it('returns an instance with the form as a json string incl. a fieldList of rows', async () => {
    h = await startFeishuHarness({ instances: 20 });
    const token = await h.token();
    const [code] = (await h.call('GET', listPath(h), token)).body.data.instance_code_list;
    const detail = (await h.call('GET', `/open-apis/approval/v4/instances/${code}`, token)).body;
    expect(detail.code).toBe(0);
    const data = detail.data;
    expect(data).toMatchObject({ approval_code: h.sim.options.approvalCode, instance_code: code });
    expect(typeof data.start_time).toBe('string');
    expect(typeof data.form).toBe('string');
    const form = JSON.parse(data.form) as LooseJson[];
    const table = form.find((w) => w.type === 'fieldList');
    expect(table?.name).toBe('报销明细');
    expect(Array.isArray(table?.value[0])).toBe(true);
    const rowSum = table?.value.reduce(
      (s: number, row: LooseJson[]) => s + Math.round(row[1]?.value * 100),
      0,
    );
    expect(Math.round(form.find((w) => w.name === '报销总金额(元)')?.value * 100)).toBe(rowSum);
    const unknown = await h.call('GET', '/open-apis/approval/v4/instances/NOPE', token);
    expect(unknown.body.code).toBe(1390003);
  });

  it('is deterministic for a seed and marks pending instances with end_time 0', async () => {
    const a = createFeishuSimulator({ seed: 7, instances: 300, anchorTime: 1_720_000_000_000 });
    const b = createFeishuSimulator({ seed: 7, instances: 300, anchorTime: 1_720_000_000_000 });
    const q = { startMs: 0, endMs: 1_720_000_000_000, offset: 0, limit: 300 };
    const codes = a.state.store.list(q).codes;
    expect(b.state.store.list(q).codes).toEqual(codes);
    const statuses = new Set(codes.map((c) => a.state.store.get(c)?.status));
    expect([...statuses].sort()).toEqual(['APPROVED', 'CANCELED', 'PENDING', 'REJECTED']);
    const pending = codes.map((c) => a.state.store.get(c)).find((i) => i?.status === 'PENDING');
    expect(pending?.endMs).toBeUndefined();
  });

  it('creates 100,000 instances lazily in well under two seconds', async () => {
    const started = performance.now();
    const sim = createFeishuSimulator({ instances: 100_000, anchorTime: 1_720_000_000_000 });
    const page = sim.state.store.list({ startMs: 0, endMs: 1_720_000_000_000, offset: 99_950, limit: 100 });
    expect(page.codes).toHaveLength(50);
    expect(sim.state.store.get(page.codes[49] as string)?.index).toBe(99_999);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
