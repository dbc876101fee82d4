import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERP_CONNECTION, ERP_CONNECTOR, ERP_SYNC } from './test-fixtures.ts';
import { createTestApi, TEST_API_TOKEN, type TestApi } from './test-harness.ts';

const SYNC = { ...ERP_SYNC, schedule: { cron: '0 * * * *', timezone: 'Asia/Shanghai' } };
/** 2026-11-20 08:30:00 in Beijing. */
const T = Date.UTC(2026, 10, 20, 0, 30, 0);

async function download(api: TestApi, path: string) {
  const response = await api.app.request(path, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return {
    response,
    text,
    lines: text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean),
  };
}

describe('ledger export (GET /api/v1/syncs/{id}/ledger/export)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    for (const doc of [ERP_CONNECTOR, ERP_CONNECTION, SYNC])
      expect((await api.call('PUT', `/api/v1/${doc.kind}s/${doc.id}`, { body: doc })).status).toBe(201);
    const { ledger } = api.runtime.store;
    const keys = Array.from({ length: 1203 }, (_, i) => `k${String(i).padStart(5, '0')}`);
    await ledger.addPending(
      'bills',
      keys.map((sourceKey) => ({ sourceKey, source: { id: sourceKey }, sourceTime: T, runId: 'r1' })),
      T,
    );
    await ledger.update('bills', ['k00001'], {
      status: 'written',
      targetId: '100234',
      targetNumber: 'FKD-0001',
      writeBack: 'done',
      updatedAt: T,
    });
    await ledger.update('bills', ['k00002'], {
      status: 'failed',
      attempts: 2,
      lastError: {
        code: 'CONNECTOR_REJECTED',
        kind: 'user',
        message: '=HYPERLINK("x"), 金额 "1,000" 无效',
        retryable: false,
      },
      updatedAt: T,
    });
  });
  afterAll(() => api.close());

  it('streams every entry as CSV for a spreadsheet: BOM, Chinese headers, Beijing times, quoting', async () => {
    const { response, text, lines } = await download(api, '/api/v1/syncs/bills/ledger/export');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bills-ledger.csv"');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(
      '来源键,状态,目标单号,目标 ID,尝试次数,错误代码,错误信息,回写,回写错误,来源时间（Asia/Shanghai）,更新时间（Asia/Shanghai）,运行',
    );
    // 1,203 entries over two ledger pages of 1,000, in source-key order.
    expect(lines).toHaveLength(1 + 1203);
    expect(lines[1]).toBe('k00000,pending,,,0,,,none,,2026-11-20 08:30:00,2026-11-20 08:30:00,r1');
    expect(lines[2]).toBe(
      'k00001,written,FKD-0001,100234,0,,,done,,2026-11-20 08:30:00,2026-11-20 08:30:00,r1',
    );
    // A message that a spreadsheet would run as a formula is written as text; commas and quotes are quoted.
    expect(lines[3]).toBe(
      `k00002,failed,,,2,CONNECTOR_REJECTED,"'=HYPERLINK(""x""), 金额 ""1,000"" 无效",none,,2026-11-20 08:30:00,2026-11-20 08:30:00,r1`,
    );
    expect(lines.at(-1)?.startsWith('k01202,pending,')).toBe(true);
  });

  it('filters by status or a search text and writes English headers on request', async () => {
    const { lines } = await download(api, '/api/v1/syncs/bills/ledger/export?status=written,failed&lang=en');
    expect(lines[0]).toBe(
      'source key,status,target number,target id,attempts,error code,error message,write-back,write-back error,source time (Asia/Shanghai),updated at (Asia/Shanghai),run',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['k00001', 'k00002']);
    const found = await download(api, '/api/v1/syncs/bills/ledger/export?q=fkd-0001');
    expect(found.lines.slice(1).map((line) => line.split(',')[0])).toEqual(['k00001']);
  });

  it('streams an Excel workbook with format=xlsx: same rows, times as date cells in the schedule zone', async () => {
    const response = await api.app.request(
      '/api/v1/syncs/bills/ledger/export?format=xlsx&status=written,failed',
      {
        headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bills-ledger.xlsx"');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="台账"');
    const rows = strFromU8(files['xl/worksheets/sheet1.xml']!).match(/<row>.*?<\/row>/g) ?? [];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('<t xml:space="preserve">来源键</t>');
    expect(rows[0]).toContain('<t xml:space="preserve">更新时间（Asia/Shanghai）</t>');
    expect(rows[1]).toContain('<t xml:space="preserve">FKD-0001</t>');
    // 2026-11-20 08:30:00 Beijing time as an Excel date serial (day 46346 + 8.5 h), date-time style.
    const dates = [...rows[1]!.matchAll(/<c s="2"><v>([\d.]+)<\/v><\/c>/g)].map((m) => Number(m[1]));
    expect(dates).toHaveLength(2);
    for (const serial of dates) expect(serial).toBeCloseTo(46346 + 8.5 / 24, 9);
    expect(rows[2]).toContain('<c><v>2</v></c>');
  });

  it('answers 404 for an unknown sync, 400 for an unknown status and 401 without a token', async () => {
    const missing = await api.call('GET', '/api/v1/syncs/nope/ledger/export');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.call('GET', '/api/v1/syncs/bills/ledger/export?status=lost')).status).toBe(400);
    expect((await api.call('GET', '/api/v1/syncs/bills/ledger/export?format=pdf')).status).toBe(400);
    expect((await api.call('GET', '/api/v1/syncs/bills/ledger/export', { token: null })).status).toBe(401);
  });

  it('writes identifiers exactly, even when they look like a formula; messages get the guard', async () => {
    // DingTalk ids may start with "-": a lookup against the export must find them as they are.
    const { ledger } = api.runtime.store;
    await ledger.addPending('bills', [{ sourceKey: '-3zi97G', source: {}, sourceTime: T, runId: 'r1' }], T);
    await ledger.update('bills', ['-3zi97G'], {
      status: 'failed',
      targetNumber: '+FKD',
      lastError: { code: 'CONNECTOR_REJECTED', kind: 'user', message: '-1 无效', retryable: false },
      updatedAt: T,
    });
    const { lines } = await download(api, '/api/v1/syncs/bills/ledger/export?q=3zi97G');
    expect(lines[1]).toBe(
      "-3zi97G,failed,+FKD,,0,CONNECTOR_REJECTED,'-1 无效,none,,2026-11-20 08:30:00,2026-11-20 08:30:00,r1",
    );
  });
});
