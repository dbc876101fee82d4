// End to end, scenario 001: the example sync (examples/dingtalk-expense-to-k3cloud) over 20,000
// DingTalk approval instances (env QIAO_BENCH_E2E_INSTANCES) into the K3Cloud simulator, write-back
// included, ledger and run history persisted in SQLite.
// - The simulators run in a CHILD process (their rate limits lifted, no faults, no latency) so the
//   engine and the simulators each get a core; this process is the engine.
// - The connections' own client-side rate limits (DingTalk 20 QPS, K3Cloud 10/s in the example files,
//   and the connectors' defaults) would still cap the run: the bench sets the connections'
//   `rateLimit: {perSecond: 1e6, burst: 1e5}`, which overrides the connector default (the kit's
//   `rateOf`: a connection's rateLimit wins). A bench setting, not a code change.
// - Figures: wall records/s; engine CPU-seconds (process.cpuUsage) and simulator CPU-seconds
//   (/proc/<pid>/stat of the child), and records per CPU-second of each — the machine may be shared,
//   so the CPU figures are the steadier ones; HTTP calls per record from the simulators' own call
//   counters; the engine's peak RSS during the run (sampled every 100 ms) and its lifetime high-water
//   mark (VmHWM, which includes loading the TypeScript sources).
// - Profiling: `node --cpu-prof bin/run-ts.mjs bench/e2e-001.ts` profiles the engine;
//   QIAO_BENCH_E2E_SIM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" the simulators' process.
//   Heap flags go on the command line too (e.g. `node --max-old-space-size=96 …`): the engine is
//   this process, and the bench measures what it is given.
// - QIAO_BENCH_E2E_SHAPE=listInstances reads with the list-with-details operation instead of
//   listids + one detail call per instance.
// Run standalone: `node bin/run-ts.mjs bench/e2e-001.ts [--json]`; in `npm run bench` as `e2e-001`.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { QiaoDocument, SyncDefinition } from '../src/definitions/index.ts';
import { DEMO_ENV, startDemoSystems } from '../src/demo/demo-systems.ts';
import { EXAMPLES, loadExample, pointConnections } from '../src/demo/example-documents.ts';
import { SEED_001_SYNC } from '../src/demo/scenario-001.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';
import type { BenchResult } from './result.ts';

const INSTANCES = Number(process.env.QIAO_BENCH_E2E_INSTANCES ?? process.env.QIAO_BENCH_E2E_TOTAL ?? 20_000);
const SIMS_FLAG = '--e2e-001-sims';
/** Extra node flags for the simulators' process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const SIM_NODE_ARGS = (process.env.QIAO_BENCH_E2E_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean);
const MB = 1024 * 1024;
/** Client-side limits high enough never to wait (overrides the connectors' and example files' limits). */
const NO_CLIENT_LIMIT = { perSecond: 1_000_000, burst: 100_000 };

/** The simulators' process: starts them and prints their URLs as one JSON line. */
async function serveSimulators(instances: number): Promise<void> {
  const systems = await startDemoSystems({ instances });
  // A clean exit on SIGTERM, so `--cpu-prof` (e.g. through NODE_OPTIONS) writes this process's profile too.
  process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`${JSON.stringify(systems.urls)}\n`);
}

async function startSimulatorProcess(instances: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [...SIM_NODE_ARGS, 'bin/run-ts.mjs', fileURLToPath(import.meta.url), SIMS_FLAG, String(instances)],
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

/** CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat; 0 where there is no /proc. */
function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) — utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** This process's lifetime peak RSS in bytes (VmHWM), or 0 where there is no /proc. */
function highWaterMark(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
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

/** What one measured run gave. */
interface Measured {
  records: number;
  written: number;
  seconds: number;
  engineCpu: number;
  /** The kernel's part of engineCpu (socket and SQLite WAL writes). */
  engineSys: number;
  simCpu: number;
  calls: number;
  peakRun: number;
}

function toResults(prefix: string, m: Measured): BenchResult[] {
  const p = prefix;
  return [
    { name: `${p} instances processed per second (wall)`, value: m.records / m.seconds, unit: 'records/s' },
    { name: `${p} bills written per second (wall)`, value: m.written / m.seconds, unit: 'bills/s' },
    { name: `${p} bills written`, value: m.written, unit: 'bills' },
    { name: `${p} wall time`, value: m.seconds, unit: 's' },
    { name: `${p} engine CPU time`, value: m.engineCpu, unit: 's' },
    { name: `${p} engine CPU time, system part`, value: m.engineSys, unit: 's' },
    { name: `${p} records per engine CPU-second`, value: m.records / m.engineCpu, unit: 'records/cpu-s' },
    { name: `${p} simulators CPU time`, value: m.simCpu, unit: 's' },
    {
      name: `${p} records per CPU-second (engine + simulators)`,
      value: m.records / (m.engineCpu + m.simCpu),
      unit: 'records/cpu-s',
    },
    { name: `${p} HTTP calls per instance`, value: m.calls / m.records, unit: 'calls/record' },
    { name: `${p} engine peak RSS during the run`, value: m.peakRun / MB, unit: 'MB' },
    { name: `${p} engine peak RSS (VmHWM, incl. start-up)`, value: highWaterMark() / MB, unit: 'MB' },
  ];
}

/** Runs the scenario-001 sync once over `total` instances and reports rates (wall and CPU), calls per record and peak RSS. */
export async function benchE2e001(
  total = INSTANCES,
  shape: 'ids+detail' | 'listInstances' = (process.env.QIAO_BENCH_E2E_SHAPE as 'listInstances') ??
    'ids+detail',
): Promise<BenchResult[]> {
  const sims = await startSimulatorProcess(total);
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-bench-e2e-'));
  const env = { ...process.env, ...DEMO_ENV };
  const runtime = await createRuntime({ dataDir, env });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  try {
    const docs = withShape(await loadExample(EXAMPLES.seed001, env), shape);
    const targets = {
      dingtalk: { baseUrl: sims.urls.dingtalk },
      'kingdee-k3cloud': { baseUrl: sims.urls.k3cloud },
    };
    await runtime.documents.applyAll(pointConnections(docs, targets, NO_CLIENT_LIMIT));
    runtime.engine.start();
    const before = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud));
    const simCpu0 = processCpuSeconds(sims.child.pid);
    const started = performance.now();
    const cpu = process.cpuUsage();
    peak = process.memoryUsage.rss();
    const runId = await runtime.engine.enqueue({ kind: 'sync', id: SEED_001_SYNC }, { type: 'manual' });
    const run = await runtime.engine.waitForRun(runId);
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const simCpu = processCpuSeconds(sims.child.pid) - simCpu0;
    const calls = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud)) - before;
    const ledger = await runtime.store.ledger.counts(SEED_001_SYNC);
    if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error?.message}`);
    const records = ledger.written + ledger.skipped + ledger.failed;
    const measured: Measured = {
      records,
      written: ledger.written,
      seconds,
      engineCpu: (used.user + used.system) / 1e6,
      engineSys: used.system / 1e6,
      simCpu,
      calls,
      peakRun: peak,
    };
    return toResults(`e2e-001 (${shape}, ${total.toLocaleString('en-US')} instances)`, measured);
  } finally {
    clearInterval(sampler);
    await runtime.close();
    sims.child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv.includes(SIMS_FLAG)) {
  await serveSimulators(Number(process.argv[process.argv.indexOf(SIMS_FLAG) + 1] ?? INSTANCES));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const json = process.argv.includes('--json');
  for (const r of await benchE2e001()) {
    console.log(json ? JSON.stringify(r) : `${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
  }
}
