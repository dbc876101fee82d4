import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../../../src/connectors/kit/gateway.ts';
import { createEngine } from '../../../src/runs/index.ts';
import { createStore } from '../../../src/store/index.ts';
import { putFlowFile, VoucherApi } from '../response-chaining/voucher-api.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const worker = fileURLToPath(new URL('./worker.ts', import.meta.url));
type Line = { event: string; runId?: string; path?: string; status?: string };

let dir: string;
let api: VoucherApi;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qiao-kill-'));
  api = await new VoucherApi().start();
});
afterEach(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a worker process; `until` resolves with the first line the predicate accepts. */
function startWorker(file: string) {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', worker, file, api.url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: Line[] = [];
  const waiters: Array<{
    test: (line: Line, all: Line[]) => boolean;
    resolve: (line: Line) => void;
    reject: (error: Error) => void;
  }> = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Line;
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.test(line, lines)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<void>((resolve) =>
    child.once('close', (code, signal) => {
      // A worker that exits on its own fails whoever still waits on it (instead of a timeout).
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`worker exited (${code ?? signal})`));
      resolve();
    }),
  );
  const until = (test: (line: Line, all: Line[]) => boolean) =>
    new Promise<Line>((resolve, reject) => waiters.push({ test, resolve, reject }));
  return { child, lines, until, exited };
}

async function enqueueRun(file: string): Promise<string> {
  const store = createStore({ file });
  await store.migrate();
  const flowId = await putFlowFile(store, new URL('./flow.yaml', import.meta.url));
  const engine = createEngine({ store, gateway: {} as ConnectorGateway });
  const rows = [1, 2, 3, 4, 5].map((no) => ({ no, amount: no * 100 }));
  const runId = await engine.enqueue(flowId, { rows });
  await store.close();
  return runId;
}

describe('kill and resume', () => {
  it('resumes a killed run from its checkpoint without repeating completed steps', async () => {
    const file = join(dir, 'qiao.db');
    const runId = await enqueueRun(file);
    api.holdAfterLines = 3;
    const held = new Promise<void>((resolve) => (api.onHold = resolve));

    const first = startWorker(file);
    const savedLines = (all: Line[]) =>
      all.filter((l) => l.event === 'step' && l.path?.endsWith('.save') && l.status === 'succeeded');
    await first.until((_line, all) => savedLines(all).length === 3);
    // The 4th line is in flight (the server holds it): kill the worker mid-call.
    await held;
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.lines.some((l) => l.event === 'run')).toBe(false);

    api.holdAfterLines = null;
    const second = startWorker(file);
    const finished = await second.until((line) => line.event === 'run' && line.runId === runId);
    expect(finished.status).toBe('succeeded');
    second.child.kill('SIGTERM');
    await second.exited;

    // Each completed outside call happened exactly once; the interrupted 4th line was sent again.
    expect(
      api.accepted.map((a) => (a.route === 'line' ? `line:${(a.body as { no: number }).no}` : a.route)),
    ).toEqual(['token', 'line:1', 'line:2', 'line:3', 'line:4', 'line:5', 'voucher']);
    expect(api.hits.token).toBe(1);
    const resumedPaths = second.lines
      .filter((l) => l.event === 'step' && l.status === 'succeeded')
      .map((l) => l.path);
    expect(resumedPaths).not.toContain('getToken');
    expect(resumedPaths).not.toContain('lines[0].save');

    const store = createStore({ file });
    const steps = await store.steps.list(runId);
    const succeeded = steps.filter((s) => s.status === 'succeeded').map((s) => s.path);
    expect(succeeded).toEqual([
      'getToken',
      'lines',
      'lines[0].save',
      'lines[1].save',
      'lines[2].save',
      'lines[3].save',
      'lines[4].save',
      'summary',
    ]);
    // The attempt cut off by the kill stays visible; the resumed one is the next attempt.
    const fourth = steps
      .filter((s) => s.path === 'lines[3].save')
      .map((s) => [s.attempt, s.status, s.error?.code ?? null]);
    expect(fourth).toEqual([
      [1, 'failed', 'CONNECTOR_UNCERTAIN_WRITE'],
      [2, 'succeeded', null],
    ]);
    expect((await store.runs.get(runId))?.output).toMatchObject({ errcode: 0 });
    await store.close();
  });
});
