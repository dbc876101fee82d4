import { afterEach, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import { createManualClock } from '../kit/clock.ts';
import { CONNECTION, type DingtalkGatewayHarness, startDingtalkGateway } from './testing.ts';

let h: DingtalkGatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function allPages(h: DingtalkGatewayHarness, operation: string, input: JsonObject) {
  const items: JsonValue[] = [];
  const cursors: JsonValue[] = [];
  let cursor: JsonValue = null;
  let pages = 0;
  do {
    const page = await h.gateway.listPage({ connection: CONNECTION, operation, input, cursor }, h.observe);
    items.push(...page.items);
    cursor = page.next;
    cursors.push(cursor);
    pages++;
  } while (cursor !== null && pages < 500);
  return { items, pages, cursors };
}

const obj = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});

describe('dingtalk connector through the gateway', () => {
  it('fetches one token and reuses it across calls', async () => {
    h = await startDingtalkGateway();
    const { items } = await allPages(h, 'listInstanceIds', h.window);
    await h.gateway.call({
      connection: CONNECTION,
      operation: 'getInstance',
      input: { process_instance_id: String(items[0]) },
    });
    expect(h.sim.calls.get('gettoken')).toBe(1);
    expect(h.sim.calls.get('listids')).toBe(3);
    const urls = h.exchanges.map((e) => e.request.url);
    expect(urls.some((u) => u.includes('appsecret=') && !u.includes(h?.sim.options.appSecret ?? '§'))).toBe(
      true,
    );
  });

  it('refreshes the token before its 7200 s lifetime ends', async () => {
    const clock = createManualClock(Date.now());
    h = await startDingtalkGateway({ gateway: { clock } });
    await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstanceIds',
      input: h.window,
      cursor: null,
    });
    clock.advance(7200_000 - 6 * 60_000);
    await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstanceIds',
      input: h.window,
      cursor: null,
    });
    expect(h.sim.calls.get('gettoken')).toBe(1);
    clock.advance(2 * 60_000);
    await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstanceIds',
      input: h.window,
      cursor: null,
    });
    expect(h.sim.calls.get('gettoken')).toBe(2);
  });

  it('pages listInstanceIds to the end with next_cursor', async () => {
    h = await startDingtalkGateway();
    const { items, pages, cursors } = await allPages(h, 'listInstanceIds', h.window);
    expect(pages).toBe(3);
    expect(cursors).toEqual([20, 40, null]);
    expect(items).toHaveLength(45);
    expect(new Set(items).size).toBe(45);
  });

  it('refreshes a token expired mid-run transparently and retries once', async () => {
    h = await startDingtalkGateway();
    const first = await h.gateway.listPage(
      { connection: CONNECTION, operation: 'listInstanceIds', input: h.window, cursor: null },
      h.observe,
    );
    expect(h.sim.expireTokens()).toBe(1);
    const second = await h.gateway.listPage(
      { connection: CONNECTION, operation: 'listInstanceIds', input: h.window, cursor: first.next },
      h.observe,
    );
    expect(second.items).toHaveLength(20);
    expect(h.sim.calls.get('gettoken')).toBe(2);
    const expired = h.exchanges.filter((e) => e.error?.code === 'CONNECTOR_AUTH_EXPIRED');
    expect(expired).toHaveLength(1);
    expect(expired[0]?.error?.system).toMatchObject({ errcode: 88, sub_code: '40014' });
  });

  it('decodes the form of getInstance by label, with the detail table as rows', async () => {
    h = await startDingtalkGateway();
    const { items } = await allPages(h, 'listInstanceIds', h.window);
    const out = obj(
      await h.gateway.call({
        connection: CONNECTION,
        operation: 'getInstance',
        input: { process_instance_id: String(items[3]) },
      }),
    );
    const raw = obj(out.process_instance);
    const form = obj(out.form);
    expect(out.processInstanceId).toBe(items[3]);
    expect(out.businessId).toBe(raw.business_id);
    expect(['行政报销', '项目报销']).toContain(form.报销类别);
    const rows = form.报销明细 as JsonObject[];
    expect(rows.length).toBeGreaterThan(0);
    const sum = rows.reduce((s, r) => s + Math.round(Number(r['报销金额(元)']) * 100), 0);
    expect(sum).toBe(Math.round(Number(form['报销总金额(元)']) * 100));
    expect(typeof rows[0]?.费用发生日期).toBe('string');
    const created = String(raw.create_time);
    expect(
      new Date(Number(out.createTimeMs) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '),
    ).toBe(created);
  });

  it('lists full decoded instances with listInstances, one call per page, to the end', async () => {
    h = await startDingtalkGateway({ simulator: { instances: 25 } });
    const { items, pages } = await allPages(h, 'listInstances', h.window);
    expect(items).toHaveLength(25);
    expect(pages).toBe(2 + 25);
    expect(h.sim.calls.get('listids')).toBe(2);
    expect(h.sim.calls.get('get')).toBe(25);
    const ids = await allPages(h, 'listInstanceIds', h.window);
    expect(items.map((i) => obj(i).processInstanceId)).toEqual(ids.items);
    for (const item of items) expect(Array.isArray(obj(obj(item).form).报销明细)).toBe(true);
  });

  it('writes a comment that shows up as ADD_REMARK', async () => {
    h = await startDingtalkGateway();
    const { items } = await allPages(h, 'listInstanceIds', h.window);
    const id = String(items[0]);
    const out = await h.gateway.call({
      connection: CONNECTION,
      operation: 'addComment',
      input: { process_instance_id: id, text: '已生成付款单 FKD000123' },
    });
    expect(out).toEqual({ ok: true, targetId: id });
    expect(h.sim.state.comments).toMatchObject([
      { processInstanceId: id, text: '已生成付款单 FKD000123', commentUserId: h.commenter, api: 'legacy' },
    ]);
    const ref = await h.gateway.findWritten?.({
      connection: CONNECTION,
      operation: 'addComment',
      input: {},
      record: { process_instance_id: id, text: '已生成付款单 FKD000123' },
    });
    expect(ref).toEqual({ targetId: id });
  });

  it('serves the v1.0 variants with the header token and a v1.0 token', async () => {
    h = await startDingtalkGateway({ config: { tokenApi: 'v1' } });
    const { items, cursors } = await allPages(h, 'listInstanceIdsV1', {
      startTime: h.window.start_time,
      endTime: h.window.end_time,
    });
    expect(items).toHaveLength(45);
    expect(cursors).toEqual([20, 40, null]);
    const legacy = await allPages(h, 'listInstanceIds', h.window);
    expect(items).toEqual(legacy.items);
    const id = String(items[1]);
    const v1 = obj(
      await h.gateway.call({
        connection: CONNECTION,
        operation: 'getInstanceV1',
        input: { processInstanceId: id },
      }),
    );
    const old = obj(
      await h.gateway.call({
        connection: CONNECTION,
        operation: 'getInstance',
        input: { process_instance_id: id },
      }),
    );
    expect(v1.form).toEqual(old.form);
    // v1.0 times have minute precision and the (untrusted) Z: read as Beijing they match the legacy time.
    expect(v1.createTimeMs).toBe(Math.floor(Number(old.createTimeMs) / 60_000) * 60_000);
    await h.gateway.call({
      connection: CONNECTION,
      operation: 'addCommentV1',
      input: { processInstanceId: id, text: '新版评论' },
    });
    expect(h.sim.state.comments.at(-1)).toMatchObject({ processInstanceId: id, api: 'v1.0' });
    expect(h.sim.calls.get('v1/accessToken')).toBe(1);
    expect(h.sim.calls.get('gettoken')).toBe(0);
  });

  it('refreshes on v1.0 InvalidAuthentication too', async () => {
    h = await startDingtalkGateway();
    const { items } = await allPages(h, 'listInstanceIds', h.window);
    h.sim.expireTokens();
    const out = obj(
      await h.gateway.call(
        {
          connection: CONNECTION,
          operation: 'getInstanceV1',
          input: { processInstanceId: String(items[0]) },
        },
        h.observe,
      ),
    );
    expect(out.processInstanceId).toBe(items[0]);
    expect(h.exchanges.some((e) => e.error?.system?.code === 'InvalidAuthentication')).toBe(true);
    expect(h.sim.calls.get('gettoken')).toBe(2);
  });
});
