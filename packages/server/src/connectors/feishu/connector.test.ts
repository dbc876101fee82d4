import { afterEach, describe, expect, it } from 'vitest';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import { createManualClock } from '../kit/clock.ts';
import { CONNECTION, type FeishuGatewayHarness, startFeishuGateway } from './testing.ts';

let h: FeishuGatewayHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function allPages(h: FeishuGatewayHarness, operation: string, input: JsonObject) {
  const items: JsonValue[] = [];
  const cursors: JsonValue[] = [];
  let cursor: JsonValue = null;
  do {
    const page = await h.gateway.listPage({ connection: CONNECTION, operation, input, cursor }, h.observe);
    items.push(...page.items);
    cursor = page.next;
    cursors.push(cursor);
  } while (cursor !== null && cursors.length < 500);
  return { items, cursors };
}

const obj = (value: JsonValue | undefined): JsonObject => (isJsonObject(value) ? value : {});
const get = (h: FeishuGatewayHarness, code: string) =>
  h.gateway.call(
    { connection: CONNECTION, operation: 'getInstance', input: { instance_code: code } },
    h.observe,
  );

describe('feishu connector through the gateway', () => {
  it('fetches one tenant token, reuses it and sends it as a bearer header', async () => {
    h = await startFeishuGateway();
    const { items } = await allPages(h, 'listInstanceCodes', { ...h.window, page_size: 20 });
    await get(h, String(items[0]));
    expect(h.sim.calls.get('token')).toBe(1);
    expect(h.sim.calls.get('list')).toBe(3);
    const business = h.exchanges.filter((e) => e.request.url.includes('/approval/'));
    expect(business.length).toBe(4);
    // the bearer header is there on every business call, masked in the recorded exchange
    expect(business.every((e) => e.request.headers.authorization !== undefined)).toBe(true);
    expect(JSON.stringify(h.exchanges)).not.toContain(h.sim.options.appSecret);
  });

  it('refreshes the token shortly before its 7200 s lifetime ends', async () => {
    const clock = createManualClock(Date.now());
    h = await startFeishuGateway({ gateway: { clock } });
    const page = () =>
      h?.gateway.listPage({
        connection: CONNECTION,
        operation: 'listInstanceCodes',
        input: h.window,
        cursor: null,
      });
    await page();
    clock.advance(7200_000 - 6 * 60_000);
    await page();
    expect(h.sim.calls.get('token')).toBe(1);
    clock.advance(2 * 60_000);
    await page();
    expect(h.sim.calls.get('token')).toBe(2);
  });

  it('refreshes transparently when the token expires mid-run (99991663)', async () => {
    h = await startFeishuGateway();
    const first = await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstanceCodes',
      input: { ...h.window, page_size: 20 },
      cursor: null,
    });
    expect(h.sim.expireTokens()).toBe(1);
    const second = await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstanceCodes',
      input: { ...h.window, page_size: 20 },
      cursor: first.next,
    });
    expect(second.items).toHaveLength(20);
    expect(h.sim.calls.get('token')).toBe(2);
    expect(h.sim.calls.get('list')).toBe(3);
  });

  it('pages listInstanceCodes to the end with page_token and has_more', async () => {
    h = await startFeishuGateway();
    const { items, cursors } = await allPages(h, 'listInstanceCodes', { ...h.window, page_size: 20 });
    expect(cursors).toHaveLength(3);
    expect(cursors.at(-1)).toBeNull();
    expect(items).toHaveLength(45);
    expect(new Set(items).size).toBe(45);
  });

  it('decodes the form by widget name with the fieldList as row objects', async () => {
    h = await startFeishuGateway();
    const { items } = await allPages(h, 'listInstanceCodes', h.window);
    const code = String(items[0]);
    const decoded = obj(await get(h, code));
    const raw = h.sim.state.store.get(code);
    expect(decoded).toMatchObject({
      instanceCode: code,
      status: raw?.status,
      userId: raw?.originator.userId,
      startTimeMs: raw?.createMs,
    });
    const form = obj(decoded.form);
    const rows = form.报销明细 as JsonObject[];
    expect(Array.isArray(rows)).toBe(true);
    expect(Object.keys(rows[0] ?? {})).toEqual(['费用发生日期', '报销金额(元)', '费用明细']);
    const sum = rows.reduce((s, r) => s + Math.round(Number(r['报销金额(元)']) * 100), 0);
    expect(Math.round(Number(form['报销总金额(元)']) * 100)).toBe(sum);
    expect(sum).toBe(raw?.totalCents);
    expect(typeof obj(decoded.instance).form).toBe('string');
  });

  it('lists decoded instances with one call per page and resumes from a stored cursor', async () => {
    h = await startFeishuGateway({ simulator: { instances: 7 } });
    const { items, cursors } = await allPages(h, 'listInstances', h.window);
    expect(items).toHaveLength(7);
    expect(items.map((i) => obj(i).instanceCode)).toEqual(
      h.sim.state.store.list({ startMs: 0, endMs: Date.now() + 1000, offset: 0, limit: 100 }).codes,
    );
    expect(cursors).toHaveLength(8);
    expect(h.sim.calls.get('list')).toBe(1);
    expect(h.sim.calls.get('get')).toBe(7);
    const resumed = await h.gateway.listPage({
      connection: CONNECTION,
      operation: 'listInstances',
      input: h.window,
      cursor: JSON.parse(JSON.stringify(cursors[3])),
    });
    expect(obj(resumed.items[0]).instanceCode).toBe(obj(items[3]).instanceCode);
  });

  it('adds a comment and finds it on the next detail', async () => {
    h = await startFeishuGateway();
    const { items } = await allPages(h, 'listInstanceCodes', h.window);
    const code = String(items[2]);
    const out = obj(
      await h.gateway.call({
        connection: CONNECTION,
        operation: 'addComment',
        input: { instance_code: code, text: '已生成付款单 FKD0007' },
      }),
    );
    expect(out.ok).toBe(true);
    const detail = obj(await get(h, code));
    expect(detail.comments).toEqual([
      expect.objectContaining({ id: out.targetId, userId: 'E0001', text: '已生成付款单 FKD0007' }),
    ]);
  });
});
