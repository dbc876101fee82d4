// End to end, scenario 001: the example sync (examples/dingtalk-expense-to-k3cloud) over 20,000
// DingTalk approval instances (env QIAO_BENCH_E2E_INSTANCES) into the K3Cloud simulator, write-back
// included, ledger and run history persisted in SQLite.
// - The simulators run in a CHILD process (their rate limits lifted, no faults, no latency) so the
//   engine and the simulators each get a core.
// - Where the engine runs (env QIAO_BENCH_E2E_ENGINE):
//   `in-process` (the default when run standalone): this process is the engine, loaded from the
//     TypeScript sources through tsx — what profiling the sources uses;
//   `bundle` (what `npm run bench` uses): the engine as shipped — its own child process running the
//     built bundle (dist/bench-e2e-001.mjs, rebuilt first when stale) with the engine's heap settings
//     (src/runtime/engine-heap.ts, as the CLI applies them); the simulators run from the bundle too,
//     and this process only orchestrates.
// - The connections' own client-side rate limits (DingTalk 20 QPS, K3Cloud 10/s in the example files,
//   and the connectors' defaults) would still cap the run: the bench sets the connections'
//   `rateLimit: {perSecond: 1e6, burst: 1e5}`, which overrides the connector default (the kit's
//   `rateOf`: a connection's rateLimit wins). A bench setting, not a code change.
// - Figures: wall records/s; engine CPU-seconds (process.cpuUsage) and simulator CPU-seconds
//   (/proc/<pid>/stat of the child), and records per CPU-second of each — the machine may be shared,
//   so the CPU figures are the steadier ones; HTTP calls per record from the simulators' own call
//   counters; the engine's RSS and heap once started, its peak RSS during the run (the kernel's VmHWM,
//   reset when the run starts) and its lifetime high-water mark (VmHWM, which includes start-up), V8
//   heap and GC pauses.
// - Profiling: in-process, `node --cpu-prof bin/run-ts.mjs bench/e2e-001.ts` profiles the engine;
//   in bundle mode QIAO_BENCH_E2E_ENGINE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" the engine
//   child; QIAO_BENCH_E2E_SIM_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" the simulators' process
//   (both modes). Heap flags: in-process on the command line (`node --max-old-space-size=96 …`), in
//   bundle mode in QIAO_BENCH_E2E_ENGINE_NODE_ARGS (a node flag for a setting of engine-heap.ts wins
//   over it; QIAO_HEAP_TUNING=off drops those settings). `--expose-gc` there adds the live heap after
//   the run. QIAO_BENCH_E2E_HEAP_SNAPSHOT=/tmp/engine.heapsnapshot writes the engine's heap once
//   started (before the measured run) for Chrome DevTools.
// - QIAO_BENCH_E2E_SHAPE=listInstances reads with the list-with-details operation instead of
//   listids + one detail call per instance.
// Run standalone: `node bin/run-ts.mjs bench/e2e-001.ts [--json]`; in `npm run bench` as `e2e-001`.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { E2eShape, Measured, SimulatorsReady } from './e2e-001-engine.ts';
import type { BenchResult } from './result.ts';

const INSTANCES = Number(process.env.QIAO_BENCH_E2E_INSTANCES ?? process.env.QIAO_BENCH_E2E_TOTAL ?? 20_000);
const SIMS_FLAG = '--e2e-001-sims';
const ENGINE_FLAG = '--e2e-001-engine';
/** The engine child's job (simulators' URLs, credentials and pid; the shape), as JSON in its environment. */
const ENGINE_JOB_ENV = 'QIAO_BENCH_E2E_ENGINE_JOB';
/** The server package folder (the children's working directory). */
const SERVER_ROOT = fileURLToPath(new URL('../', import.meta.url));
/** Where the engine runs: `in-process` (this process, from the sources) or `bundle` (a child running dist/). */
type EngineMode = 'in-process' | 'bundle';
/** Extra node flags for the simulators' process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it. */
const SIM_NODE_ARGS = words(process.env.QIAO_BENCH_E2E_SIM_NODE_ARGS);
/** Extra node flags for the engine child (bundle mode), after the production flags. */
const ENGINE_NODE_ARGS = words(process.env.QIAO_BENCH_E2E_ENGINE_NODE_ARGS);
const MB = 1024 * 1024;
/** CPUs this process may use (the engine and the simulators share them). */
const CORES = availableParallelism();

function words(text: string | undefined): string[] {
  return (text ?? '').split(' ').filter(Boolean);
}

function engineMode(): EngineMode {
  const mode = process.env.QIAO_BENCH_E2E_ENGINE ?? 'in-process';
  if (mode !== 'in-process' && mode !== 'bundle')
    throw new Error(`QIAO_BENCH_E2E_ENGINE must be in-process or bundle, not ${mode}`);
  return mode;
}

/** The simulators' process: starts them and prints their URLs, credentials and pid as one JSON line. */
async function serveSimulators(instances: number): Promise<void> {
  const { startDemoSystems } = await import('../src/demo/demo-systems.ts');
  const systems = await startDemoSystems({ instances });
  // A clean exit on SIGTERM, so `--cpu-prof` (e.g. through NODE_OPTIONS) writes this process's profile too.
  process.once('SIGTERM', () => process.exit(0));
  const ready: SimulatorsReady = { urls: systems.urls, env: systems.env, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

/** The engine child (bundle mode): reads what the simulators reported from ENGINE_JOB_ENV, prints `Measured` as one JSON line. */
async function serveEngineRun(): Promise<void> {
  const { sims, shape } = JSON.parse(process.env[ENGINE_JOB_ENV] ?? '{}') as {
    sims: SimulatorsReady;
    shape: E2eShape;
  };
  // As `qiao serve`/`run` do (src/cli/main.ts): the engine's heap settings, before the engine loads.
  const { tuneEngineHeap } = await import('../src/runtime/engine-heap.ts');
  tuneEngineHeap();
  const { measureEngineRun } = await import('./e2e-001-engine.ts');
  const measured = await measureEngineRun(sims, shape);
  // Exit once the line is out (a `--cpu-prof` profile is written on exit).
  process.stdout.write(`${JSON.stringify(measured)}\n`, () => process.exit(0));
}

/** Spawns `node <flags> <script> <args>` in the server folder and resolves with its child and its first stdout line that opens a JSON object. */
async function spawnWithFirstLine(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; line: string }> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: SERVER_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The first line that opens a JSON object; other lines (e.g. from `--trace-gc` in the child's
  // node flags) go on to stderr.
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      let end = text.indexOf('\n');
      while (end >= 0) {
        const next = text.slice(0, end);
        text = text.slice(end + 1);
        if (next.startsWith('{')) resolve(next);
        else process.stderr.write(`${next}\n`);
        end = text.indexOf('\n');
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  return { child, line };
}

/** The script a child runs: the bundle in bundle mode, else this file through tsx. */
function childScript(mode: EngineMode): string[] {
  return mode === 'bundle' ? ['dist/bench-e2e-001.mjs'] : ['bin/run-ts.mjs', fileURLToPath(import.meta.url)];
}

/** Builds dist/ unless it is current (bin/build.mjs --if-stale). */
function ensureBundle(): void {
  const built = spawnSync(process.execPath, ['bin/build.mjs', '--if-stale', '--quiet'], {
    cwd: SERVER_ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('building dist/ failed (bin/build.mjs)');
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
    { name: `${p} engine CPU per record`, value: (m.engineCpu * 1000) / m.records, unit: 'ms/record' },
    { name: `${p} engine GC pauses`, value: m.gcSeconds, unit: 's' },
    { name: `${p} engine full (mark-compact) GCs`, value: m.majorGcs, unit: 'GCs' },
    { name: `${p} simulators CPU time`, value: m.simCpu, unit: 's' },
    {
      name: `${p} records per CPU-second (engine + simulators)`,
      value: m.records / (m.engineCpu + m.simCpu),
      unit: 'records/cpu-s',
    },
    {
      // Engine and simulators share this machine's cores: no overlap of the two can beat this rate.
      name: `${p} CPU-bound ceiling here (${CORES} cores ÷ engine + simulators CPU per record)`,
      value: (CORES * m.records) / (m.engineCpu + m.simCpu),
      unit: 'records/s',
    },
    { name: `${p} HTTP calls per instance`, value: m.calls / m.records, unit: 'calls/record' },
    { name: `${p} engine RSS once started`, value: m.rssAtStart / MB, unit: 'MB' },
    { name: `${p} engine JS heap once started`, value: m.heapAtStart / MB, unit: 'MB' },
    { name: `${p} engine JS heap in use after the run`, value: m.heapAfter / MB, unit: 'MB' },
    ...(m.heapLiveAfter === undefined
      ? []
      : [
          {
            name: `${p} engine live JS heap after the run (full GC)`,
            value: m.heapLiveAfter / MB,
            unit: 'MB',
          },
        ]),
    { name: `${p} engine peak RSS during the run`, value: m.peakRun / MB, unit: 'MB' },
    { name: `${p} engine V8 heap, most during the run`, value: m.heapTotalMax / MB, unit: 'MB' },
    {
      name: `${p} engine external memory (Buffers), most during the run`,
      value: m.externalMax / MB,
      unit: 'MB',
    },
    { name: `${p} engine peak RSS (VmHWM, incl. start-up)`, value: m.highWater / MB, unit: 'MB' },
  ];
}

/** Runs the scenario-001 sync once over `total` instances and reports rates (wall and CPU), calls per record and memory. */
export async function benchE2e001(
  total = INSTANCES,
  shape: E2eShape = (process.env.QIAO_BENCH_E2E_SHAPE as E2eShape) ?? 'ids+detail',
): Promise<BenchResult[]> {
  const mode = engineMode();
  if (mode === 'bundle') ensureBundle();
  const script = childScript(mode);
  const sims = await spawnWithFirstLine([...SIM_NODE_ARGS, ...script, SIMS_FLAG, String(total)]);
  const children = [sims.child];
  try {
    const ready = JSON.parse(sims.line) as SimulatorsReady;
    let measured: Measured;
    if (mode === 'bundle') {
      const flags = ENGINE_NODE_ARGS;
      const job = JSON.stringify({ sims: ready, shape });
      const engine = await spawnWithFirstLine([...flags, ...script, ENGINE_FLAG], {
        ...process.env,
        [ENGINE_JOB_ENV]: job,
      });
      children.push(engine.child);
      measured = JSON.parse(engine.line) as Measured;
      // The engine child exits by itself; wait for it so a `--cpu-prof` profile is written.
      if (engine.child.exitCode === null) await new Promise((resolve) => engine.child.once('exit', resolve));
    } else {
      const { measureEngineRun } = await import('./e2e-001-engine.ts');
      measured = await measureEngineRun(ready, shape);
    }
    const label = mode === 'bundle' ? 'engine bundled, own process' : 'engine in-process, tsx';
    return toResults(`e2e-001 (${shape}, ${total.toLocaleString('en-US')} instances, ${label})`, measured);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  }
}

if (process.argv.includes(SIMS_FLAG)) {
  await serveSimulators(Number(process.argv[process.argv.indexOf(SIMS_FLAG) + 1] ?? INSTANCES));
} else if (process.argv.includes(ENGINE_FLAG)) {
  await serveEngineRun();
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const json = process.argv.includes('--json');
  for (const r of await benchE2e001()) {
    console.log(json ? JSON.stringify(r) : `${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
  }
}
