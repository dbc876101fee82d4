import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../store/index.ts';
import type { RunRecord } from '../../store/port.ts';
import { formatTime } from '../format-time.ts';
import { setLanguage } from '../messages.ts';
import { registerRunsCommand } from './runs.ts';

const T = Date.UTC(2026, 10, 3, 6, 5, 9);

function run(id: string, patch: Partial<RunRecord>): RunRecord {
  return {
    id,
    flowKind: 'sync',
    flowId: 'bills',
    flowVersion: 1,
    status: 'queued',
    trigger: null,
    checkpoint: null,
    output: null,
    error: null,
    attempt: 1,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: T,
    startedAt: null,
    finishedAt: null,
    retryOf: null,
    waitingSince: null,
    ...patch,
  };
}

/** The `qiao runs` command in process, on a data dir whose runs were stored beforehand. */
describe('qiao runs list', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-cli-runs-'));
    const store = createStore({ file: join(dir, 'qiao.db') });
    await store.migrate();
    await store.runs.create(run('r1', { status: 'succeeded', startedAt: T + 10, finishedAt: T + 45 }));
    // Taken by a worker, but the sync's one slot is held by another run: waiting, not running.
    const lease = { status: 'running', leaseOwner: 'w1', leaseUntil: Date.now() + 60_000 } as const;
    await store.runs.create(run('r2', { ...lease, createdAt: T + 1000, waitingSince: T + 1000 }));
    await store.close();
  });
  afterAll(async () => {
    setLanguage('zh');
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs `qiao --data-dir <dir> runs …args`; the lines it printed. */
  async function qiao(args: string[]): Promise<string[]> {
    const program = new Command('qiao').option('--data-dir <dir>').option('--lang <lang>').exitOverride();
    registerRunsCommand(program);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    try {
      await program.parseAsync(['--data-dir', dir, 'runs', ...args], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    return printed;
  }

  it("prints when each run was created in the machine's zone, with the offset", async () => {
    const [waiting, done] = await qiao(['list']);
    expect(done).toBe(`r1  ${formatTime(T)}  sync  bills@1  succeeded  35 ms`);
    expect(waiting).toContain(`r2  ${formatTime(T + 1000)}  sync`);
    expect(done).toMatch(/ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d /);
  });

  it('shows a run waiting for its slot as waiting, not running, in either language', async () => {
    setLanguage('zh');
    expect((await qiao(['list']))[0]).toContain('  bills@1  等待中（等待上一个运行结束）');
    setLanguage('en');
    expect((await qiao(['show', 'r2']))[0]).toContain('  bills@1  waiting (for the previous run to finish)');
    setLanguage('zh');
  });
});
