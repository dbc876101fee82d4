import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, type FaultSpec } from '../../src/connectors/simulator-kit/index.ts';
import { type DemoSystems, startDemoSystems } from '../../src/demo/demo-systems.ts';
import { SEED_001_SYNC } from '../../src/demo/scenario-001.ts';
import { createStore } from '../../src/store/index.ts';
import { seed001FinalState } from '../scenarios/seed-001-dingtalk-to-k3cloud/final-state.ts';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./seed-001-child.ts', import.meta.url));
/** 10 % of calls to every route fail, spread over every kind of fault (the lost response included). */
const RATES = {
  serverError: 0.02,
  timeout: 0.01,
  rateLimit: 0.01,
  tokenExpiry: 0.02,
  reset: 0.02,
  lostResponse: 0.02,
};
/** Faults on the business routes (the token/login routes stay healthy: their failures are not retried). */
const DINGTALK_FAULTS: FaultSpec = { listids: RATES, get: RATES, comment: RATES };
const K3CLOUD_FAULTS: FaultSpec = { BatchSave: RATES, ExecuteBillQuery: RATES };

/**
 * When each engine process is killed: the first while reading pages, the second after its third batch,
 * the third after its fifth write-back batch (so kills land in every phase); the fourth finishes.
 * `disrupt` (third process, second batch): every token and session is expired and the next BatchSave
 * and comment lose their response, so the uncertain-write paths of both targets surely run.
 */
const KILL_AT: Array<{ event: string; count: number }> = [
  { event: 'page', count: 12 },
  { event: 'batch', count: 3 },
  { event: 'writeBack', count: 5 },
];
const DISRUPT_AT = { process: 3, event: 'batch', count: 2 };

interface Child {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | string | null>;
}

/** Starts an engine process; `onLine` sees each line it prints (progress, run id, done). */
function startChild(args: string[], onLine: (line: string, child: ChildProcess) => void): Child {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', CHILD, ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line, child);
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return { child, output: () => output, exited };
}

describe('seed 001 chaos', () => {
  let systems: DemoSystems | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await systems?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ends with exactly one bill per agreed instance through faults, token expiry and three SIGKILLs', async () => {
    const started = performance.now();
    // A held call (timeout fault) outlasts the connections' 300 ms call timeout (seed-001-child.ts).
    systems = await startDemoSystems({
      instances: 2000,
      dingtalk: { faults: DINGTALK_FAULTS, faultTimeoutMs: 1000 },
      k3cloud: { faults: K3CLOUD_FAULTS, timeoutMs: 1000 },
    });
    dir = mkdtempSync(join(tmpdir(), 'qiao-chaos-'));
    const args = [dir, systems.urls.dingtalk, systems.urls.k3cloud];
    const sims = systems;
    let runId = '';
    let disrupted = false;
    const timeline: string[] = [];
    for (const [index, kill] of KILL_AT.entries()) {
      const seen = new Map<string, number>();
      const proc = startChild(runId ? [...args, runId] : args, (line, child) => {
        if (line.startsWith('run ')) runId = line.slice(4);
        if (!line.startsWith('progress ')) return;
        const event = line.slice('progress '.length);
        const count = (seen.get(event) ?? 0) + 1;
        seen.set(event, count);
        if (index + 1 === DISRUPT_AT.process && event === DISRUPT_AT.event && count === DISRUPT_AT.count) {
          sims.dingtalk.sim.expireTokens();
          sims.k3cloud.sim.expireSessions();
          sims.k3cloud.sim.faults.force('BatchSave', 'lostResponse');
          sims.dingtalk.sim.faults.force('comment', 'lostResponse');
          disrupted = true;
        }
        if (event === kill.event && count === kill.count) child.kill('SIGKILL');
      });
      expect(await proc.exited, proc.output()).toBe('SIGKILL');
      expect(runId).not.toBe('');
      timeline.push(
        `process ${index + 1} killed at ${seconds(started)} s (${JSON.stringify(Object.fromEntries(seen))})`,
      );
    }
    const last = startChild([...args, runId], () => undefined);
    expect(await last.exited, last.output()).toBe(0);
    expect(last.output()).toMatch(/done succeeded/);
    timeline.push(`process 4 finished at ${seconds(started)} s: ${/done .*/.exec(last.output())?.[0] ?? ''}`);
    expect(disrupted).toBe(true);

    const state = seed001FinalState(systems.dingtalk.sim, systems.k3cloud.sim);
    // Every kind of fault was really injected, and lost responses hit both writing routes.
    const injected = [...systems.dingtalk.sim.faults.injected, ...systems.k3cloud.sim.faults.injected];
    for (const kind of FAULT_KINDS)
      expect(injected.filter(([key]) => key.endsWith(kind)).length, kind).toBeGreaterThan(0);
    for (const route of ['BatchSave:lostResponse', 'comment:lostResponse'])
      expect(
        injected.some(([key]) => key === route),
        route,
      ).toBe(true);
    expect(state.doubled).toEqual([]);
    expect(state.unexpected).toEqual([]);
    expect(state.wrongTotal).toEqual([]);
    const store = createStore({ file: join(dir, 'qiao.db') });
    try {
      const failed = await store.ledger.list(SEED_001_SYNC, { status: ['failed'], limit: 10_000 });
      const failedBacks = await store.ledger.list(SEED_001_SYNC, { writeBack: ['failed'], limit: 10_000 });
      // Every failure that could not be fixed is visible in the ledger with a readable reason.
      for (const entry of [...failed, ...failedBacks])
        timeline.push(
          `ledger ${entry.sourceKey}: ${entry.lastError?.message ?? entry.writeBackError?.message}`,
        );
      console.info(`seed-001 chaos\n${timeline.join('\n')}`);
      for (const entry of failed) expect(entry.lastError?.message, entry.sourceKey).toBeTruthy();
      for (const entry of failedBacks) expect(entry.writeBackError?.message, entry.sourceKey).toBeTruthy();
      // An agreed instance without a bill must be one of those failures.
      const failedKeys = new Set(failed.map((e) => e.sourceKey));
      expect(state.missing.filter((id) => !failedKeys.has(id))).toEqual([]);
      const counts = await store.ledger.counts(SEED_001_SYNC);
      expect(counts.pending + counts.writing).toBe(0);
      expect(counts.written).toBe(state.agreed - state.missing.length);
      expect(state.bills).toBe(counts.written);
      expect(counts.written + counts.failed + counts.skipped).toBe(2000);
      // Comments: exactly one per bill, none for other instances, except write-backs the ledger shows failed.
      const failedBackKeys = new Set(failedBacks.map((e) => e.sourceKey));
      expect(state.wrongComments.filter((id) => !failedBackKeys.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 240_000);
});

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
