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

/** A sync with one rejected record, through the real `qiao`: its figures, the ledger's empty answers, and retries by key. */
describe('qiao ledger retry and the ledger of a sync run', () => {
  let source: LocalServer;
  let target: LocalServer;
  let state: TargetState;
  let project: string;
  let dataDir: string;
  const qiao = (...args: string[]) => runQiao(['--data-dir', dataDir, ...args]);
  const runCount = async () =>
    (JSON.parse((await qiao('runs', 'list', '--json')).stdout) as unknown[]).length;

  beforeAll(async () => {
    source = await startSource(makeRecords(5));
    state = createTargetState();
    state.reject = (body) => (body.externalKey === 'R000003' ? '金额不符' : null);
    target = await startTarget(state);
    project = await writeLocalSyncProject('qiao-cli-retry-', { src: source.url, erp: target.url });
    dataDir = join(project, '.qiao');
    await writeLocalSync(project, { id: 'bills', name: '付款单' });
    const first = await qiao('run', join(project, 'sync.yaml'));
    expect(first.stderr).toBe('');
    // What the run did, labelled: records read, written and failed by this run, then the whole ledger.
    expect(first.stdout).toContain(
      '记录：读取 5 条（新 5 条，其中 0 条被筛选跳过）· 写入 4 · 失败 1 · 回写 0',
    );
    expect(first.stdout).toContain('台账：pending=0  writing=0  written=4  failed=1  skipped=0');
  });
  afterAll(async () => {
    await source.close();
    await target.close();
    await rm(project, { recursive: true, force: true });
  });

  it('labels the counts as the whole ledger and says when no record matches', async () => {
    const none = await qiao('ledger', 'bills', '--search', 'zzzz');
    expect([none.code, none.stdout.trim().split('\n')]).toEqual([
      0,
      [
        '整个台账：pending=0  writing=0  written=4  failed=1  skipped=0',
        '没有符合条件的记录（--search zzzz）',
      ],
    ]);
    const failed = await qiao('--lang', 'en', 'ledger', 'bills', '--status', 'failed');
    expect(failed.stdout).toMatch(/^whole ledger: .*failed=1/);
    expect(failed.stdout).toMatch(/^ {2}R000003 {2}failed .*金额不符/m);
  });

  it('starts no run when none of the given keys can be retried, and names them', async () => {
    const runs = await runCount();
    const unknown = await qiao('ledger', 'retry', 'bills', 'nope', 'nada');
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    // In the CLI's language only (Chinese by default).
    expect(unknown.stderr.trim()).toBe('错误 [NOT_FOUND]: 台账中没有这些主键：nope, nada');
    const written = await qiao('ledger', 'retry', 'bills', 'R000001', 'nope');
    expect(written.code).toBe(2);
    expect(written.stderr).toContain(
      '错误 [CONFLICT]: 没有可重试的记录，这些记录没有失败：R000001；台账中没有这些主键：nope',
    );
    expect(await runCount()).toBe(runs);
  }, 60_000);

  it('retries the failed key it is given, reporting the unknown one, then has no failed records to show', async () => {
    state.reject = undefined;
    const retried = await qiao('ledger', 'retry', 'bills', 'R000003', 'nope');
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('台账中没有这些主键：nope');
    expect(retried.stdout).toContain('已重置 1 条失败记录、0 条失败回写；运行 ');
    expect(retried.stdout).toMatch(/运行 \S+ 成功；台账：pending=0 {2}writing=0 {2}written=5 {2}failed=0/);
    expect(state.commits.get('R000003')).toBe(1);
    const none = await qiao('ledger', 'bills', '--status', 'failed');
    expect(none.stdout).toContain('没有符合条件的记录（--status failed）');
    const preview = await qiao('preview', join(project, 'sync.yaml'), '--failed');
    expect(preview.code).toBe(0);
    expect(preview.stdout.trim().split('\n').at(-1)).toBe('台账中没有失败的记录，没有可预览的内容');
  }, 60_000);
});
