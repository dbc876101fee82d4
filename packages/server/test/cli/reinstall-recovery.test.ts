import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSystems, startDemoSystems } from '../../src/demo/demo-systems.ts';
import type { LedgerEntry } from '../../src/store/port.ts';
import { runQiao } from './run-qiao.ts';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../examples/dingtalk-expense-to-k3cloud',
);
const SYNC = 'dingtalkExpenseToK3Paybill';

/**
 * The recovery the seed-001 example's README describes, step by step through the real `qiao`, against the
 * simulators: a first installation writes the bills; a second one (a new data directory) fails every record as a
 * duplicate and exits 1; `onDuplicate: adopt` added to the file is not what `ledger retry` runs until it is
 * stored — `ledger retry --project` stores it and adopts every bill, writing nothing twice.
 */
describe('re-installing the seed-001 example: the README recovery with onDuplicate: adopt', () => {
  let systems: DemoSystems;
  let dir: string;
  let written = 0;
  const second = () => join(dir, '.qiao-second');
  const qiao = (dataDir: string, ...args: string[]) =>
    runQiao(['--data-dir', dataDir, ...args], { env: systems.env });

  beforeAll(async () => {
    systems = await startDemoSystems({ instances: 30 });
    dir = await mkdtemp(join(tmpdir(), 'qiao-reinstall-'));
    await cp(EXAMPLE, dir, { recursive: true });
    for (const [file, url] of [
      ['dingtalk.connection.yaml', systems.urls.dingtalk],
      ['k3cloud.connection.yaml', systems.urls.k3cloud],
    ] as const) {
      const text = await readFile(join(dir, file), 'utf8');
      await writeFile(join(dir, file), text.replace(/baseUrl: .*/, `baseUrl: ${url}`));
    }
    const first = await qiao(join(dir, '.qiao-first'), 'run', join(dir, 'sync.yaml'));
    expect([first.code, first.stderr]).toEqual([0, '']);
    written = systems.k3cloud.sim.state.bills.createdCount();
    expect(written).toBeGreaterThan(0);
  }, 120_000);
  afterAll(async () => {
    await systems?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails every record of the new installation as a duplicate, exits 1 and points at onDuplicate: adopt', async () => {
    const run = await qiao(second(), 'run', join(dir, 'sync.yaml'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      `${written} 条记录在这次运行中失败（退出码 1）；查看：qiao ledger show ${SYNC} --status failed`,
    );
    expect(run.code).toBe(1);
    const ledger = await qiao(second(), 'ledger', SYNC, '--status', 'failed', '--json', '--limit', '1000');
    const entries = JSON.parse(ledger.stdout).entries as LedgerEntry[];
    expect(entries).toHaveLength(written);
    for (const e of entries) {
      expect(e.lastError).toMatchObject({
        code: 'CONNECTOR_DUPLICATE',
        details: { FBillNo: expect.any(String) },
      });
      expect(e.lastError?.message).toContain('在 target 中设置 onDuplicate: adopt');
      expect(e.lastError?.message).toContain('set target.onDuplicate: adopt');
    }
    expect(systems.k3cloud.sim.state.bills.createdCount()).toBe(written);
  }, 120_000);

  it('retries the stored version until the edited file is stored: ledger retry --project adopts every bill', async () => {
    const text = await readFile(join(dir, 'sync.yaml'), 'utf8');
    expect(text).toContain('  batchSize: 50\nwriteBack:');
    await writeFile(
      join(dir, 'sync.yaml'),
      text.replace('  batchSize: 50\nwriteBack:', '  batchSize: 50\n  onDuplicate: adopt\nwriteBack:'),
    );
    const comments = systems.dingtalk.sim.state.comments.length;

    // The file alone changes nothing: the retry says which stored version it ran, and why it failed again.
    const stale = await qiao(second(), 'ledger', 'retry', SYNC);
    expect(stale.stdout).toMatch(new RegExp(`^使用同步方案 ${SYNC} 已保存的版本 1（保存于 .+）$`, 'm'));
    expect(stale.stdout).toContain(`${written} 条记录在这次运行中失败（退出码 1）`);
    expect(stale.stdout).toContain('这次重试用的是已保存的版本 1，不是文件');
    expect(stale.code).toBe(1);

    const retry = await qiao(second(), 'ledger', 'retry', SYNC, '--project', join(dir, 'sync.yaml'));
    expect(retry.stderr).toBe('');
    expect(retry.stdout).toContain(`sync.yaml 中的同步方案 ${SYNC} 与已保存的版本 1 不同：已保存为版本 2`);
    expect(retry.stdout).toMatch(new RegExp(`^使用同步方案 ${SYNC} 已保存的版本 2（保存于 .+）$`, 'm'));
    expect(retry.stdout).toMatch(new RegExp(`written=${written} {2}failed=0`));
    expect(retry.code).toBe(0);
    // Nothing written twice: no second bill, no second comment.
    expect(systems.k3cloud.sim.state.bills.createdCount()).toBe(written);
    expect(systems.dingtalk.sim.state.comments.length).toBe(comments);

    // Storing the same file again is said to be the stored version.
    const same = await qiao(second(), 'ledger', 'retry', SYNC, '--project', dir);
    expect(same.stdout).toContain(`与已保存的版本 2 相同`);
  }, 180_000);
});
