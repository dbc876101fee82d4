// The engine side of the e2e-001 bench (bench/e2e-001.ts): opens a runtime on a fresh SQLite data
// dir, applies the example sync pointed at the simulators, runs it once and measures it. Runs in the
// bench process (in-process mode) or as the engine child (bundle mode, from dist/bench-e2e-001.mjs).
// It imports no simulator code: the simulators' process hands over their URLs, credentials and pid.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import type { QiaoDocument, SyncDefinition } from '../src/definitions/index.ts';
import { EXAMPLES, loadExample, pointConnections } from '../src/demo/example-documents.ts';
import { SEED_001_SYNC } from '../src/demo/scenario-001.ts';
import { createRuntime } from '../src/runtime/create-runtime.ts';

/** How the source is read: listids + one detail call per instance, or list-with-details. */
export type E2eShape = 'ids+detail' | 'listInstances';

/** What the simulators' process reports when it is up. */
export interface SimulatorsReady {
  urls: { dingtalk: string; k3cloud: string };
  /** The `${env:…}` credentials the example connections read. */
  env: Record<string, string>;
  pid: number;
}

/** What one measured run gave. */
export interface Measured {
  records: number;
  written: number;
  seconds: number;
  engineCpu: number;
  /** The kernel's part of engineCpu (socket and SQLite WAL writes). */
  engineSys: number;
  simCpu: number;
  calls: number;
  /** The engine's peak RSS during the run (VmHWM reset at the start of the run; sampled every 250 ms without /proc), bytes. */
  peakRun: number;
  /** The engine process's lifetime peak RSS (VmHWM), bytes; 0 without /proc. */
  highWater: number;
  /** The engine's RSS and JS heap once the runtime is open, before the run, bytes. */
  rssAtStart: number;
  heapAtStart: number;
  /** The engine's JS heap in use after the run (before closing), bytes. */
  heapAfter: number;
  /** After the run and a full GC: the live JS heap, bytes; only when node runs with `--expose-gc`, else undefined. */
  heapLiveAfter?: number;
  /** The most V8's heap (all spaces, reserved) and memory outside it (Buffers, addons) reached during the run (sampled every 250 ms), bytes. */
  heapTotalMax: number;
  externalMax: number;
  /** Time spent in garbage collection during the run (main-thread pauses), seconds; and how many full (mark-compact) GCs. */
  gcSeconds: number;
  majorGcs: number;
}

/** Client-side limits high enough never to wait (overrides the connectors' and example files' limits). */
const NO_CLIENT_LIMIT = { perSecond: 1_000_000, burst: 100_000 };

/** CPU seconds (user + system, all threads) a process has used, from /proc/<pid>/stat; 0 where there is no /proc. */
export function processCpuSeconds(pid: number | undefined): number {
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

/**
 * Resets this process's peak RSS (VmHWM) to its current RSS (Linux: `5` into /proc/self/clear_refs),
 * so the peak of what follows reads without sampling; false where that is not possible.
 */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** This process's peak RSS in bytes (VmHWM: since start or the last reset), or 0 where there is no /proc. */
export function highWaterMark(): number {
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
function withShape(docs: QiaoDocument[], shape: E2eShape): QiaoDocument[] {
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

/** Sums garbage-collection pauses (perf_hooks 'gc' entries) until stopped. */
function gcMeter(): { stop(): { seconds: number; major: number } } {
  let ms = 0;
  let major = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      ms += entry.duration;
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) major += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop() {
      observer.disconnect();
      return { seconds: ms / 1000, major };
    },
  };
}

/** Runs the scenario-001 sync once against running simulators and measures the engine (this process). */
export async function measureEngineRun(sims: SimulatorsReady, shape: E2eShape): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-bench-e2e-'));
  const env = { ...process.env, ...sims.env };
  const runtime = await createRuntime({ dataDir, env });
  // Sampled lightly (no /proc read: reading RSS from a busy process showed up in its CPU profile).
  let max = { heapTotal: 0, external: 0, rss: 0 };
  let sampleRss = false;
  const sampler = setInterval(() => {
    const heap = getHeapStatistics();
    max = {
      heapTotal: Math.max(max.heapTotal, heap.total_heap_size),
      external: Math.max(max.external, heap.external_memory),
      rss: sampleRss ? Math.max(max.rss, process.memoryUsage.rss()) : 0,
    };
  }, 250);
  try {
    const docs = withShape(await loadExample(EXAMPLES.seed001, env), shape);
    const targets = {
      dingtalk: { baseUrl: sims.urls.dingtalk },
      'kingdee-k3cloud': { baseUrl: sims.urls.k3cloud },
    };
    await runtime.documents.applyAll(pointConnections(docs, targets, NO_CLIENT_LIMIT));
    runtime.engine.start();
    // What the engine holds once started (a file for Chrome DevTools' Memory tab); its RSS then reads higher.
    const snapshot = process.env.QIAO_BENCH_E2E_HEAP_SNAPSHOT;
    if (snapshot) writeHeapSnapshot(snapshot);
    const before = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud));
    const rssAtStart = process.memoryUsage.rss();
    const heapAtStart = process.memoryUsage().heapUsed;
    const simCpu0 = processCpuSeconds(sims.pid);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const startUpPeak = highWaterMark();
    sampleRss = !resetHighWaterMark();
    max = { heapTotal: 0, external: 0, rss: rssAtStart };
    const gc = gcMeter();
    const runId = await runtime.engine.enqueue({ kind: 'sync', id: SEED_001_SYNC }, { type: 'manual' });
    const run = await runtime.engine.waitForRun(runId);
    const seconds = (performance.now() - started) / 1000;
    const gcDuring = gc.stop();
    const used = process.cpuUsage(cpu);
    const simCpu = processCpuSeconds(sims.pid) - simCpu0;
    const heapAfter = process.memoryUsage().heapUsed;
    const fullGc = (globalThis as { gc?: () => void }).gc;
    fullGc?.();
    const heapLiveAfter = fullGc ? process.memoryUsage().heapUsed : undefined;
    const calls = (await callCount(sims.urls.dingtalk)) + (await callCount(sims.urls.k3cloud)) - before;
    const ledger = await runtime.store.ledger.counts(SEED_001_SYNC);
    if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error?.message}`);
    return {
      records: ledger.written + ledger.skipped + ledger.failed,
      written: ledger.written,
      seconds,
      engineCpu: (used.user + used.system) / 1e6,
      engineSys: used.system / 1e6,
      simCpu,
      calls,
      peakRun: sampleRss ? max.rss : highWaterMark(),
      highWater: Math.max(startUpPeak, sampleRss ? max.rss : highWaterMark()),
      rssAtStart,
      heapAtStart,
      heapAfter,
      ...(heapLiveAfter === undefined ? {} : { heapLiveAfter }),
      heapTotalMax: max.heapTotal,
      externalMax: max.external,
      gcSeconds: gcDuring.seconds,
      majorGcs: gcDuring.major,
    };
  } finally {
    clearInterval(sampler);
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
