import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTargetState,
  type LocalServer,
  makeRecords,
  startSource,
  startTarget,
  type TargetState,
} from '../scenarios/sync-kit/servers.ts';
import { writeLocalSync, writeLocalSyncProject } from './fixtures.ts';
import { runQiao } from './run-qiao.ts';

/** DingTalk-like instance ids: two start with "-" (one with "-V", the program's version flag). */
const KEYS = ['-_3rB4RZj9wzUH000000ad04041793452392', '-V9x2kQ000000ad04041793452393', 'R000003'];

/**
 * Through the real `qiao`: a sync run whose records failed exits 1 (and says where to look), as does a retry
 * whose records fail again; `ledger retry` takes source keys starting with "-".
 */
describe('failed records: exit codes, and retrying keys that start with "-"', () => {
  let source: LocalServer;
  let target: LocalServer;
  let state: TargetState;
  let project: string;
  let dataDir: string;
  const qiao = (...args: string[]) => runQiao(['--data-dir', dataDir, ...args]);

  beforeAll(async () => {
    const records = makeRecords(KEYS.length).map((r, i) => ({ ...r, id: KEYS[i] ?? r.id }));
    source = await startSource(records);
    state = createTargetState();
    state.reject = () => '金额不符';
    target = await startTarget(state);
    project = await writeLocalSyncProject('qiao-cli-failed-', { src: source.url, erp: target.url });
    dataDir = join(project, '.qiao');
    await writeLocalSync(project, { id: 'bills', name: '付款单', remark: false });
  });
  afterAll(async () => {
    await source.close();
    await target.close();
    await rm(project, { recursive: true, force: true });
  });

  it('exits 1 when a sync run finished with every record failed, saying how many and where to look', async () => {
    const run = await qiao('run', join(project, 'sync.yaml'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('写入 0 · 失败 3');
    expect(run.stdout).toContain(
      '3 条记录在这次运行中失败（退出码 1）；查看：qiao ledger show bills --status failed',
    );
    expect(run.code).toBe(1);
    const shown = await qiao('--lang', 'en', 'ledger', 'show', 'bills', '--status', 'failed');
    // Stored errors are shown in the language asked for (the system's own text kept as it is).
    expect(shown.stdout).toContain('[CONNECTOR_REJECTED] the target system rejected the record: 金额不符');
    expect(shown.stdout).not.toContain('目标系统');
    // A later run with nothing new fails nothing: the records that failed before do not count.
    const again = await qiao('--lang', 'en', 'run', join(project, 'sync.yaml'));
    expect(again.stdout).toContain('0 written · 0 failed');
    expect(again.stdout).not.toContain('failed in this run');
    expect(again.code).toBe(0);
  }, 60_000);

  it('exits 1 when records fail again in a retry, naming the stored version it ran', async () => {
    const retry = await qiao('ledger', 'retry', 'bills', KEYS[2] ?? '');
    expect(retry.stderr).toBe('');
    expect(retry.stdout).toMatch(
      /^使用同步方案 bills 已保存的版本 1（保存于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}）$/m,
    );
    expect(retry.stdout).toContain('1 条记录在这次运行中失败（退出码 1）');
    expect(retry.stdout).toContain('这次重试用的是已保存的版本 1，不是文件');
    expect(retry.code).toBe(1);
  }, 60_000);

  it('takes keys starting with "-" after the sync id as keys; "--" and global options still work', async () => {
    state.reject = undefined;
    const unknown = await qiao('ledger', 'retry', 'bills', '-Xnope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^错误 \[NOT_FOUND\]: 台账中没有这些主键：-Xnope/);
    const dashed = await qiao('ledger', 'retry', 'bills', KEYS[0] ?? '', '--lang', 'en');
    expect(dashed.stderr).toBe('');
    expect(dashed.stdout).toContain('reset 1 failed record(s)');
    expect(dashed.code).toBe(0);
    // "-V…" would be the program's --version flag: after "--" it is a key.
    const afterDashes = await qiao('ledger', 'retry', 'bills', '--', KEYS[1] ?? '', KEYS[2] ?? '');
    expect(afterDashes.stderr).toBe('');
    expect(afterDashes.stdout).toContain('已重置 2 条失败记录');
    expect(afterDashes.stdout).toMatch(/failed=0/);
    expect(afterDashes.code).toBe(0);
    for (const key of KEYS) expect(state.commits.get(key)).toBe(1);
  }, 60_000);
});
