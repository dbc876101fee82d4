import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../store/index.ts';
import type { LedgerEntry } from '../../store/port.ts';
import { registerLedgerCommand } from './ledger.ts';

/** The `qiao ledger` command in process, on a data dir whose ledger was filled beforehand. */
describe('qiao ledger show', () => {
  let dir: string;
  /** First seen in this order (two reads), so neither key order nor its reverse. */
  const seen = ['m', 'c', 'x', 'a', 'q'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qiao-cli-ledger-'));
    const store = createStore({ file: join(dir, 'qiao.db') });
    await store.migrate();
    const entry = (key: string) => ({ sourceKey: key, source: { id: key }, sourceTime: null, runId: 'r0' });
    await store.ledger.addPending('bills', seen.slice(0, 3).map(entry), 1);
    await store.ledger.addPending('bills', seen.slice(3).map(entry), 2);
    await store.ledger.update('bills', ['m', 'a'], { status: 'failed', updatedAt: 3 });
    await store.close();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Runs `qiao --data-dir <dir> ledger show bills …args`; what it printed. */
  async function show(args: string[]): Promise<string> {
    const program = new Command('qiao').option('--data-dir <dir>').option('--lang <lang>').exitOverride();
    registerLedgerCommand(program);
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));
    try {
      await program.parseAsync(['--data-dir', dir, 'ledger', 'show', 'bills', ...args], { from: 'user' });
    } finally {
      log.mockRestore();
    }
    return printed.join('\n');
  }
  const pageOf = async (args: string[]) =>
    JSON.parse(await show([...args, '--json'])) as { entries: LedgerEntry[]; next: string | null };

  it('pages newest first with --order newest, following the cursor it prints', async () => {
    const first = await pageOf(['--order', 'newest', '--limit', '2']);
    expect(first.entries.map((e) => e.sourceKey)).toEqual(['q', 'a']);
    const keys = [...first.entries.map((e) => e.sourceKey)];
    let next = first.next;
    while (next !== null) {
      const page = await pageOf(['--order', 'newest', '--limit', '2', '--after', next]);
      keys.push(...page.entries.map((e) => e.sourceKey));
      next = page.next;
    }
    expect(keys).toEqual([...seen].reverse());
    const failed = await pageOf(['--order', 'newest', '--status', 'failed']);
    expect(failed.entries.map((e) => e.sourceKey)).toEqual(['a', 'm']);
  });

  it('lists by source key by default and says where the next page starts', async () => {
    const text = await show(['--limit', '2']);
    expect(text).toMatch(/^ {2}a {2}failed/m);
    expect(text.indexOf('  a  ')).toBeLessThan(text.indexOf('  c  '));
    expect(text).toContain('--after c');
    expect((await pageOf(['--order', 'key', '--after', 'c'])).entries.map((e) => e.sourceKey)).toEqual([
      'm',
      'q',
      'x',
    ]);
  });

  it('refuses an unknown order', async () => {
    await expect(show(['--order', 'oldest'])).rejects.toThrow(
      /--order (must be one of|必须是以下之一：)key, newest/,
    );
  });
});
