import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTargetState,
  type LocalServer,
  makeRecords,
  startSource,
  startTarget,
} from '../scenarios/sync-kit/servers.ts';
import { writeLocalSync, writeLocalSyncProject } from './fixtures.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = resolve(HERE, '../../bin/qiao.mjs');

/** A `qiao` child whose stdout is followed line by line as it comes. */
function startQiao(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, QIAO_LANG: 'zh' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<{ text: string; found: () => void }> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of watchers.splice(0)) {
      if (stdout.includes(w.text)) w.found();
      else watchers.push(w);
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('close', done));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves once stdout holds `text` (or rejects when the process ends first). */
    printed: (text: string) =>
      Promise.race([
        new Promise<void>((found) => (stdout.includes(text) ? found() : watchers.push({ text, found }))),
        exited.then((code) => {
          if (!stdout.includes(text)) throw new Error(`exited ${code} without "${text}": ${stdout}${stderr}`);
        }),
      ]),
  };
}

/** A gate in front of the target: the first batch request waits until `open()`, the rest pass through. */
async function gatedTarget(targetUrl: string) {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let first = true;
  let reached: () => void = () => undefined;
  const firstBatch = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url?.startsWith('/batch') && first) {
      first = false;
      reached();
      await opened;
    }
    const answer = await fetch(`${targetUrl}${req.url}`, {
      method: req.method,
      headers: { 'content-type': 'application/json' },
      ...(req.method === 'GET' ? {} : { body: Buffer.concat(chunks) }),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(await answer.text());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    firstBatch,
    open,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

describe('qiao run, two processes, one sync', () => {
  it('runs the sync in one process at a time: the second waits, then finds everything written', async () => {
    const records = makeRecords(30);
    const source: LocalServer = await startSource(records);
    const state = createTargetState();
    const target = await startTarget(state);
    const gate = await gatedTarget(target.url);
    cleanup.push(source.close, target.close, gate.close);
    const project = await writeLocalSyncProject('qiao-cli-sync-', { src: source.url, erp: gate.url });
    await writeLocalSync(project, { id: 'twice', name: '两个进程同时运行同一集成方案' });
    const dataDir = await mkdtemp(join(tmpdir(), 'qiao-cli-sync-data-'));
    const args = ['--data-dir', dataDir, 'run', join(project, 'sync.yaml')];
    const first = startQiao(args);
    cleanup.push(async () => first.child.kill());
    // The first process is sending its first batch (it holds the sync's slot) when the second starts.
    await gate.firstBatch;
    const second = startQiao(args);
    cleanup.push(async () => second.child.kill());
    await second.printed('等待中');
    gate.open();
    expect(await first.exited).toBe(0);
    expect(await second.exited).toBe(0);
    // Every record was committed once; nothing was sent twice.
    expect(state.records.size).toBe(records.length);
    expect([...state.received.values()].every((n) => n === 1)).toBe(true);
    expect(second.output().stdout).toMatch(/成功|succeeded/);
  });
});
