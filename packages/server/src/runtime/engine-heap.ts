import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * V8 heap settings of a process that runs the engine (`qiao serve`, `run`, `demo`; the e2e bench's
 * engine child). A sync's live heap is small (~25 MB) but it allocates much short-lived garbage; with
 * V8's defaults the young generation grows to 2 × 16 MB and the old generation to up to 4× what
 * survives a full collection, so the process's RSS climbs past 200 MB in the e2e bench. Both settings
 * work from inside the process — V8 reads them at each collection — so no node command-line flag is
 * needed wherever the engine is started:
 * - the old generation may grow `heapGrowingPercent` % over what survived a full collection
 *   (`--heap-growing-percent`);
 * - the young generation grows (V8's doubling) only up to `youngGenerationBytes`: once there,
 *   `--semi-space-growth-factor=1` holds it; should V8 shrink it (idle), growth resumes.
 * Measured on the e2e bench (5,000 records): peak RSS 210 → ~160 MB for ~+0.05–0.1 ms CPU per record
 * (more full collections of a small heap). A smaller young generation saves a little more memory but
 * costs much more CPU (each scavenge copies the records in flight).
 */
export const ENGINE_HEAP = { heapGrowingPercent: 30, youngGenerationBytes: 16 * 1024 * 1024 } as const;

/** Node flags that, given on the command line or in NODE_OPTIONS, leave a setting to them. */
const OLD_GENERATION_FLAGS = ['heap-growing-percent'];
const YOUNG_GENERATION_FLAGS = ['semi-space-growth-factor', 'max-semi-space-size', 'min-semi-space-size'];

/** The tuning in force: what was applied, and a way to stop following the young generation. */
export interface EngineHeapTuning {
  applied: string[];
  stop(): void;
}

/**
 * Applies ENGINE_HEAP to this process, except settings node was given flags for; QIAO_HEAP_TUNING=off
 * applies nothing. Call it early, before the engine loads.
 */
export function tuneEngineHeap(
  env: Readonly<Record<string, string | undefined>> = process.env,
  nodeFlags: readonly string[] = [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)],
): EngineHeapTuning {
  const none = { applied: [], stop() {} };
  if (env.QIAO_HEAP_TUNING === 'off') return none;
  const given = new Set(nodeFlags.filter((f) => f.startsWith('--')).map(flagName));
  const applied: string[] = [];
  if (!OLD_GENERATION_FLAGS.some((f) => given.has(f))) {
    const flag = `--heap-growing-percent=${ENGINE_HEAP.heapGrowingPercent}`;
    setFlagsFromString(flag);
    applied.push(flag);
  }
  let stop = () => {};
  if (!YOUNG_GENERATION_FLAGS.some((f) => given.has(f))) {
    stop = capYoungGeneration(ENGINE_HEAP.youngGenerationBytes);
    applied.push(`young generation ≤ ${ENGINE_HEAP.youngGenerationBytes / 1024 / 1024} MB`);
  }
  return { applied, stop };
}

/** Lets V8 grow the young generation up to `bytes` and no further; checked after each collection. */
function capYoungGeneration(bytes: number): () => void {
  let growing = true;
  const check = () => {
    const grow = youngGenerationSize() < bytes;
    if (grow === growing) return;
    growing = grow;
    // 2 is V8's default growth factor; 1 keeps the current size.
    setFlagsFromString(`--semi-space-growth-factor=${grow ? 2 : 1}`);
  };
  const observer = new PerformanceObserver(check);
  observer.observe({ entryTypes: ['gc'] });
  check();
  return () => observer.disconnect();
}

function youngGenerationSize(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** `--max_semi-space-size=4` → `max-semi-space-size` (V8 accepts `_` and `-` alike). */
function flagName(flag: string): string {
  return flag.replace(/^--/, '').split('=')[0]!.replaceAll('_', '-');
}
