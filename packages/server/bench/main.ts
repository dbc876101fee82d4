/**
 * `npm run bench`: runs every benchmark and prints its figures, one per line, or as JSON lines with
 * `--json` ({"name", "value", "unit"}) so they can be tracked from one change to the next.
 * `npm run bench -- <filter>` runs only the benchmarks whose name contains the filter.
 * The e2e benchmark measures the engine as shipped: the built bundle in its own process
 * (QIAO_BENCH_E2E_ENGINE=bundle, the default here; `in-process` to measure the sources instead).
 */
import type { BenchResult } from './result.ts';

interface Benchmark {
  name: string;
  module: string;
  exportName: string;
}

const BENCHMARKS: Benchmark[] = [
  { name: 'mapping', module: './mapping.ts', exportName: 'benchMapping' },
  { name: 'store', module: './store.ts', exportName: 'benchStore' },
  { name: 'engine', module: './engine.ts', exportName: 'benchEngine' },
  { name: 'sync-memory', module: './sync-memory.ts', exportName: 'benchSyncMemory' },
  { name: 'gateway-call', module: './gateway-call.ts', exportName: 'benchGatewayCall' },
  { name: 'sim-dingtalk', module: './sim-dingtalk.ts', exportName: 'benchDingtalkSimulator' },
  { name: 'sim-k3cloud', module: './sim-k3cloud.ts', exportName: 'benchK3cloudSimulator' },
  { name: 'sim-jdy', module: './sim-jdy.ts', exportName: 'benchJdySimulator' },
  { name: 'sim-feishu', module: './sim-feishu.ts', exportName: 'benchFeishuSimulator' },
  { name: 'e2e-001', module: './e2e-001.ts', exportName: 'benchE2e001' },
];

process.env.QIAO_BENCH_E2E_ENGINE ??= 'bundle';

const args = process.argv.slice(2);
const json = args.includes('--json');
const filters = args.filter((a) => !a.startsWith('--'));
let failed = false;

for (const bench of BENCHMARKS) {
  if (filters.length > 0 && !filters.some((f) => bench.name.includes(f))) continue;
  try {
    const mod = (await import(bench.module)) as Record<string, () => Promise<BenchResult[]>>;
    const run = mod[bench.exportName];
    if (!run) throw new Error(`${bench.module} does not export ${bench.exportName}`);
    if (!json) console.log(`# ${bench.name}`);
    for (const result of await run()) {
      console.log(
        json ? JSON.stringify(result) : `${result.name}: ${formatValue(result.value)} ${result.unit}`,
      );
    }
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      json ? JSON.stringify({ name: bench.name, error: message }) : `# ${bench.name} failed: ${message}`,
    );
  }
}
process.exit(failed ? 1 : 0);

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}
