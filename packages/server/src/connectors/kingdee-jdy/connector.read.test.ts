import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../json.ts';
import { createManualClock, type Exchange, type KitGateway } from '../kit/index.ts';
import { readAllPages } from '../kit/testing/read-all-pages.ts';
import { type JdyHarness, jdyConnection, startJdyHarness } from './test-harness.ts';

let h: JdyHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const allPages = (
  gateway: KitGateway,
  operation: string,
  input: JsonObject,
  observe?: (exchange: Exchange) => void,
) => readAllPages(gateway, { connection: 'jdy', operation, input }, observe);

describe('kingdee-jdy reads', () => {
  it('pages through voucherlist to the end', async () => {
    h = await startJdyHarness();
    const pages = await allPages(h.gateway, 'listVouchers', {
      fromPeriod: '202504',
      toPeriod: '202603',
      pageSize: 25,
    });
    expect(pages.map((p) => p.length)).toEqual([25, 25, 10]);
    const ids = pages.flat().map((v) => (v as JsonObject).vchId);
    expect(new Set(ids).size).toBe(60);
    expect(h.callsOf('acct.voucherlist')).toBe(3);
  });

  it('treats "no data" (46002) as the end of the list, not an error', async () => {
    h = await startJdyHarness();
    const page = await h.gateway.listPage({
      connection: 'jdy',
      operation: 'listVouchers',
      input: { fromPeriod: '201001', toPeriod: '201001' },
      cursor: null,
    });
    expect(page).toEqual({ items: [], next: null });
    const rows = await h.gateway.call({
      connection: 'jdy',
      operation: 'listVouchers',
      input: { fromPeriod: 201001, toPeriod: 201001 },
    });
    expect(rows).toEqual([]);
  });

  it('filters voucherlist by linkId', async () => {
    h = await startJdyHarness();
    const rows = await h.gateway.call({
      connection: 'jdy-configured',
      operation: 'listVouchers',
      input: { fromPeriod: '202504', toPeriod: '202603', linkId: 'seed-7' },
    });
    expect((rows as JsonObject[]).map((r) => r.linkId)).toEqual(['seed-7']);
  });

  it('pages v2 vouchers 100 at a time to the end despite the page-size cap', async () => {
    h = await startJdyHarness({ sim: { instances: 250 } });
    const pages = await allPages(h.gateway, 'listVouchersV2', {}, h.observe);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(new Set(pages.flat().map((r) => (r as JsonObject).id)).size).toBe(250);
    const lists = h.exchanges.filter((e) => e.request.url.includes('/jdy/v2/fi/voucher'));
    expect(lists).toHaveLength(3);
    for (const e of lists) expect(new URL(e.request.url).searchParams.get('page_size')).toBe('100');
    expect(lists[0]?.request.headers['app-token']).toBeDefined();
  });

  it('lists the chart of accounts', async () => {
    h = await startJdyHarness();
    const accounts = (await h.gateway.call({
      connection: 'jdy',
      operation: 'listAccounts',
      input: {},
    })) as JsonObject[];
    expect(accounts.find((a) => a.number === '6602.02')).toMatchObject({ isLeaf: true });
  });

  it('spaces calls by the connector default rate limit when the connection sets none', async () => {
    const clock = createManualClock(Date.now());
    h = await startJdyHarness({ clock });
    const base = jdyConnection(h.server.url);
    h.connections.set('jdy', { connectorId: base.connectorId, config: base.config, secrets: base.secrets });
    for (let i = 0; i < 14; i++)
      await h.gateway.call({ connection: 'jdy', operation: 'listAccounts', input: {} });
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(200);
  });
});
