import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSystems, startDemoSystems } from '../../src/demo/demo-systems.ts';
import { runQiao } from './run-qiao.ts';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../examples/dingtalk-expense-to-k3cloud',
);

/** `qiao preview` and `qiao run --from` (backfill) on a copy of the seed-001 example, pointed at the simulators (real child processes). */
describe('qiao preview and backfill on the seed-001 example', () => {
  let systems: DemoSystems;
  let dir: string;
  let dataDir: string;
  const preview = (file: string, ...args: string[]) =>
    runQiao(['--data-dir', dataDir, 'preview', join(dir, file), ...args], { env: systems.env });
  const exportLedger = (...args: string[]) =>
    runQiao(['--data-dir', dataDir, 'ledger', 'export', 'dingtalkExpenseToK3Paybill', ...args]);

  beforeAll(async () => {
    systems = await startDemoSystems({ instances: 30 });
    dir = await mkdtemp(join(tmpdir(), 'qiao-preview-'));
    dataDir = join(dir, '.qiao');
    await cp(EXAMPLE, dir, { recursive: true });
    for (const [file, url] of [
      ['dingtalk.connection.yaml', systems.urls.dingtalk],
      ['k3cloud.connection.yaml', systems.urls.k3cloud],
    ] as const) {
      const text = await readFile(join(dir, file), 'utf8');
      await writeFile(join(dir, file), text.replace(/baseUrl: .*/, `baseUrl: ${url}`));
    }
  });
  afterAll(async () => {
    await systems?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the records the next run would read and their payloads, and stores nothing', async () => {
    const result = await preview('sync.yaml', '--limit', '4', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.records).toHaveLength(4);
    const mapped = body.records.filter((r: { mapped?: unknown }) => r.mapped !== undefined);
    expect(mapped.length).toBeGreaterThan(0);
    for (const r of mapped) expect(r.mapped.FBillNo).toBe(r.source.businessId);
    // Nothing stored — neither the sync nor a ledger (so the CLI knows no such sync) — and no bill in K3Cloud.
    const ledger = await runQiao(['--data-dir', dataDir, 'ledger', 'dingtalkExpenseToK3Paybill', '--json']);
    expect([ledger.code, ledger.stdout]).toEqual([2, '']);
    expect(ledger.stderr).toContain('dingtalkExpenseToK3Paybill');
    expect(systems.k3cloud.sim.state.bills.touched()).toHaveLength(0);
  });

  it('exits 1 and names the field when the mapping fails for a record', async () => {
    const text = await readFile(join(dir, 'sync.yaml'), 'utf8');
    const broken = text
      .replace(/filter: .*/, 'filter: "true"')
      .replace(/FBUSINESSTYPE: .*/, `FBUSINESSTYPE: '{{ $valueMap(form.\`报销类别\`, {"无": "X"}) }}'`);
    await writeFile(
      join(dir, 'broken.sync.yaml'),
      broken.replace('id: dingtalkExpenseToK3Paybill', 'id: broken'),
    );
    const result = await preview('broken.sync.yaml', '--limit', '2');
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n').filter((l) => l.includes('MAPPING_FAILED'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('FBUSINESSTYPE:');
    await rm(join(dir, 'broken.sync.yaml'));
  });

  it('runs a backfill of a time range with --from, after a normal run, writing nothing twice', async () => {
    const run = (...args: string[]) =>
      runQiao(['--data-dir', dataDir, 'run', join(dir, 'sync.yaml'), ...args], { env: systems.env });
    const first = await run();
    expect(first.code).toBe(0);
    const bills = systems.k3cloud.sim.state.bills.createdCount();
    expect(bills).toBeGreaterThan(0);
    const backfill = await run('--from', '100d ago');
    expect(backfill.stderr).toBe('');
    expect(backfill.code).toBe(0);
    expect(backfill.stdout).toMatch(/补数：重新读取 \d{4}-\d{2}-\d{2} .* → /);
    expect(systems.k3cloud.sim.state.bills.createdCount()).toBe(bills);
    const alone = await run('--to', '2026-01-01');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--to 需要和 --from 一起使用');
  });
  it('exports the ledger the runs left as CSV, to a file or standard output', async () => {
    const out = join(dir, 'ledger.csv');
    const written = await exportLedger('--status', 'written', '--out', out);
    expect(written.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.startsWith('\uFEFF来源键,状态,目标单号')).toBe(true);
    const rows = text.slice(1).split('\r\n').filter(Boolean).slice(1);
    const bills = systems.k3cloud.sim.state.bills.createdCount();
    expect(rows).toHaveLength(bills);
    expect(rows.every((row) => row.split(',')[1] === 'written' && row.split(',')[2] !== '')).toBe(true);
    const english = await exportLedger('--lang', 'en');
    expect(english.stdout).toContain('source key,status,target number');
    const bad = await exportLedger('--status', 'lost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--status');
  });

  it('exports the ledger as an Excel workbook whose bill numbers stay exact text', async () => {
    const out = join(dir, 'ledger.xlsx');
    const result = await exportLedger('--out', out);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const sheet = strFromU8(unzipSync(await readFile(out))['xl/worksheets/sheet1.xml']!);
    const rows = sheet.match(/<row>.*?<\/row>/g) ?? [];
    const ledger = JSON.parse(
      (
        await runQiao([
          '--data-dir',
          dataDir,
          'ledger',
          'dingtalkExpenseToK3Paybill',
          '--json',
          '--limit',
          '1000',
        ])
      ).stdout,
    ).entries as Array<{ status: string; targetNumber: string | null }>;
    expect(rows).toHaveLength(ledger.length + 1);
    const numbers = ledger.filter((e) => e.status === 'written').map((e) => e.targetNumber!);
    expect(numbers.length).toBeGreaterThan(0);
    // The bill numbers are DingTalk business ids (≥ 16 digits): text cells, never numbers.
    for (const number of numbers) {
      expect(number).toMatch(/^\d{16,}$/);
      expect(sheet).toContain(`<is><t xml:space="preserve">${number}</t></is>`);
    }
  });
});
