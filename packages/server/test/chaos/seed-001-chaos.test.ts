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
    systems = await startDemoSystems({
      instances: 2000,
      dingtalk: { faults: DINGTALK_FAULTS, faultTimeoutMs: 200 },
      k3cloud: { faults: K3CLOUD_FAULTS, timeoutMs: 200 },
    });
    dir = mkdtempSync(join(tmpdir(), 'qiao-chaos-'));
    const args = [dir, systems.urls.dingtalk, systems.urls.k3cloud];
    const sims = systems;
    let runId = '';
    // Processes 1–3 are killed after they made progress (pages read or batches written); 4 finishes.
    for (let i = 1; i <= 3; i++) {
      let progress = 0;
      const proc = startChild(runId ? [...args, runId] : args, (line, child) => {
        if (line.startsWith('run ')) runId = line.slice(4);
        if (!line.startsWith('progress')) return;
        progress++;
        if (i === 2 && progress === 5) {
          sims.dingtalk.sim.expireTokens();
          sims.k3cloud.sim.expireSessions();
        }
        if (progress === 12) child.kill('SIGKILL');
      });
      expect(await proc.exited, proc.output()).toBe('SIGKILL');
      expect(runId).not.toBe('');
    }
    const last = startChild([...args, runId], () => undefined);
    expect(await last.exited, last.output()).toBe(0);
    expect(last.output()).toMatch(/done succeeded/);

    const state = seed001FinalState(systems.dingtalk.sim, systems.k3cloud.sim);
    // Every kind of fault was really injected.
    const injected = [...systems.dingtalk.sim.faults.injected, ...systems.k3cloud.sim.faults.injected];
    for (const kind of FAULT_KINDS)
      expect(injected.filter(([key]) => key.endsWith(kind)).length, kind).toBeGreaterThan(0);
    expect(state.doubled).toEqual([]);
    expect(state.unexpected).toEqual([]);
    expect(state.wrongTotal).toEqual([]);
    const store = createStore({ file: join(dir, 'qiao.db') });
    try {
      // An agreed instance without a bill must be a visible failure in the ledger, with its reason.
      for (const id of state.missing) {
        const entry = await store.ledger.get(SEED_001_SYNC, id);
        expect(entry?.status, id).toBe('failed');
        expect(entry?.lastError?.message).toBeTruthy();
      }
      const counts = await store.ledger.counts(SEED_001_SYNC);
      expect(counts.pending + counts.writing).toBe(0);
      expect(counts.written).toBe(state.agreed - state.missing.length);
      expect(state.bills).toBe(counts.written);
      // Comments: exactly one per bill, except write-backs the ledger shows failed.
      const failedBacks = (
        await store.ledger.list(SEED_001_SYNC, { writeBack: ['failed'], limit: 10_000 })
      ).map((e) => e.sourceKey);
      expect(state.wrongComments.filter((id) => !failedBacks.includes(id))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 420_000);
});
