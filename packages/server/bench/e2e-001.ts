// End to end, scenario 001: the example sync (examples/dingtalk-expense-to-k3cloud) over 20,000
// DingTalk approval instances into the K3Cloud simulator, write-back included, ledger in SQLite.
// The simulators run in a child process (their rate limits lifted, no faults); this process is the
// engine, so its peak RSS (sampled every 50 ms) is the engine's. HTTP calls come from the simulators'
// own counters. Run standalone: `node bin/run-ts.mjs bench/e2e-001.ts`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QiaoDocument, SyncDefinition } from '../src/definitions/index.ts';
import { DEMO_ENV, startDemoSystems } from '../src/demo/demo-systems.ts';
import { EXAMPLES, loadExample, pointConnections } from '../src/demo/example-documents.ts';
import { SEED_001_SYNC } from '../src/demo/scenario-001.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import type { BenchResult } from './result.ts';

const TOTAL = Number(process.env.QIAO_BENCH_E2E_TOTAL ?? 20_000);
const SIMS_FLAG = '--e2e-001-sims';
const MB = 1024 * 1024;

/** The simulators' process: starts them and prints their URLs as one JSON line. */
async function serveSimulators(instances: number): Promise<void> {
  const systems = await startDemoSystems({ instances });
  process.stdout.write(`${JSON.stringify(systems.urls)}\n`);
}

async function startSimulatorProcess(instances: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['bin/run-ts.mjs', fileURLToPath(import.meta.url), SIMS_FLAG, String(instances)],
    { cwd: fileURLToPath(new URL('../', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const urls = await new Promise<{ dingtalk: string; k3cloud: string }>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0] ?? '{}'));
    });
    child.once('exit', (code) => reject(new Error(`simulators exited with ${code}`)));
  });
  return { child, urls };
}

async function callCount(url: string): Promise<number> {
  const base = url.replace(/\/K3Cloud\/$/, '');
  const calls = (await (await fetch(`${base}/__sim/calls`)).json()) as Record<string, unknown>;
  const flat = (value: unknown): number =>
    typeof value === 'number'
      ? value
      : value && typeof value === 'object'
        ? Object.values(value).reduce<number>((a, v) => a + flat(v), 0)
        : 0;
  return flat(calls);
}

/** Uses `listInstances` (list with details) instead of listids + detail when `shape` says so. */
function withShape(docs: QiaoDocument[], shape: 'ids+detail' | 'listInstances'): QiaoDocument[] {
  if (shape === 'ids+detail') return docs;
  return docs.map((d) => {
    if (d.kind !== 'sync') return d;
    const sync = d as SyncDefinition;
    const { detail: _detail, ...source } = sync.source;
    return {
      ...sync,
      source: { ...source, operation: 'listInstances', key: 'processInstanceId' },
    } as QiaoDocument;
  });
}

/** Runs the scenario-001 sync once over `total` instances and reports rate, calls per record and peak RSS. */
export async function benchE2e001(
  total = TOTAL,
  shape: 'ids+detail' | 'listInstances' = (process.env.QIAO_BENCH_E2E_SHAPE as 'listInstances') ??
    'ids+detail',
): Promise<BenchResult[]> {
  const sims = await startSimulatorProcess(total);
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-bench-e2e-'));
  const env = { ...process.env, ...DEMO_ENV };
  const runtime = await createRuntime({ dataDir, env });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const docs = withShape(await loadExample(EXAMPLES.seed001, env), shape);
    await runtime.documents.applyAll(
      pointConnections(
        docs,
        { dingtalk: { baseUrl: sims.urls.dingtalk }, 'kingdee-k3cloud': { baseUrl: sims.urls.k3cloud } },
        { perSecond: 1_000_000, burst: 100_000 },
      ),
    );
    runtime.engine.start();
    const before = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const runId = await runtime.engine.enqueue({ kind: 'sync', id: SEED_001_SYNC }, { type: 'manual' });
    const run = await runtime.engine.waitForRun(runId);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6;
    const calls = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud)) - before;
    const ledger = await runtime.store.ledger.counts(SEED_001_SYNC);
    if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error?.message}`);
    const records = ledger.written + ledger.skipped + ledger.failed;
    const p = `e2e-001 (${shape}, ${total.toLocaleString('en-US')} instances)`;
    return [
      { name: `${p} instances processed per second`, value: records / seconds, unit: 'records/s' },
      { name: `${p} bills written per second`, value: ledger.written / seconds, unit: 'bills/s' },
      { name: `${p} bills written`, value: ledger.written, unit: 'bills' },
      { name: `${p} wall time`, value: seconds, unit: 's' },
      { name: `${p} engine CPU time`, value: cpuSeconds, unit: 's' },
      { name: `${p} HTTP calls per instance`, value: calls / records, unit: 'calls/record' },
      { name: `${p} engine peak RSS`, value: peak / MB, unit: 'MB' },
    ];
  } finally {
    clearInterval(sampler);
    await runtime.close();
    sims.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes(SIMS_FLAG)) {
  await serveSimulators(Number(process.argv[process.argv.indexOf(SIMS_FLAG) + 1] ?? TOTAL));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchE2e001()) console.log(`${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
}
