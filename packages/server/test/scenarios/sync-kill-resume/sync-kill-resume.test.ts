import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/index.ts';
import {
  createTargetState,
  type LocalServer,
  makeRecords,
  startSource,
  startTarget,
} from '../sync-kit/servers.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

function startChild(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string | null>;
} {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', CHILD, ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => output, exited };
}

describe('sync-kill-resume', () => {
  const servers: LocalServer[] = [];
  let dir: string | undefined;
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes every record exactly once across a SIGKILL and a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'qiao-sync-kill-'));
    const records = makeRecords(60);
    const target = createTargetState();
    const source = await startSource(records, 10);
    const targetServer = await startTarget(target);
    servers.push(source, targetServer);
    const args = [join(dir, 'store.sqlite'), source.url, targetServer.url];

    // The first process is killed the moment the target commits its 4th batch, before it answers.
    const first = startChild(args);
    let committed = 0;
    target.onBatch = () => {
      if (++committed === 4) first.child.kill('SIGKILL');
    };
    expect(await first.exited).toBe('SIGKILL');
    expect(first.output()).toContain('batch 3\n');
    expect(first.output()).not.toContain('done');
    expect(target.commits.size).toBe(20);
    const runId = /run (\S+)/.exec(first.output())?.[1];
    expect(runId).toBeDefined();

    // The second process starts only the engine: it takes the run over when the dead lease expires.
    target.onBatch = undefined;
    const second = startChild([...args, runId ?? '']);
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain(
      'done succeeded {"pending":0,"writing":0,"written":60,"failed":0,"skipped":0}',
    );

    for (const record of records) {
      expect(target.commits.get(record.id)).toBe(1);
      expect(target.writeBacks.get(record.id) ?? 0).toBeGreaterThanOrEqual(1);
    }
    // Only the uncertain 4th batch was sent twice (answered "duplicate" the second time).
    const twice = records.filter((r) => target.received.get(r.id) === 2).map((r) => r.id);
    expect(twice).toEqual(records.slice(15, 20).map((r) => r.id));

    // One run, resumed (not a second run); its timeline holds both processes' steps with distinct seqs.
    const store = createStore({ file: args[0] ?? '' });
    try {
      const runs = await store.runs.list({ flowKind: 'sync' });
      expect(runs.map((r) => [r.id, r.status])).toEqual([[runId, 'succeeded']]);
      expect(runs[0]?.stats).toMatchObject({ written: 60, failed: 0 });
      const steps = await store.steps.list(runId ?? '');
      expect(new Set(steps.map((s) => s.seq)).size).toBe(steps.length);
      expect(steps.filter((s) => s.path.startsWith('batch:') && s.status === 'succeeded').length).toBe(12);
    } finally {
      await store.close();
    }
  });
});
