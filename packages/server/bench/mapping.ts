import { pathToFileURL } from 'node:url';
import type { JsonObject } from '../src/json.ts';
import {
  generateApprovalRecord,
  SEED_001_BINDINGS,
  SEED_001_MAPPING,
  seededRandom,
} from '../src/mapping/fixtures/seed-001-mapping.ts';
import { type CompiledMapping, compileMapping } from '../src/mapping/index.ts';
import type { BenchResult } from './result.ts';

const RECORDS = 2_000;

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/**
 * Maps records in a loop for at least `minMs` of this process's CPU time and returns records per CPU
 * second — one core's throughput, unaffected by other processes competing for the machine.
 */
async function recordsPerSecond(
  mapping: CompiledMapping,
  records: readonly JsonObject[],
  minMs: number,
): Promise<{ cpu: number; wall: number }> {
  let done = 0;
  const wallStarted = performance.now();
  const started = cpuMs();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const record of records) {
      const out = mapping(record, SEED_001_BINDINGS);
      if (mapping.isAsync) await out;
    }
    done += records.length;
    elapsed = cpuMs() - started;
  }
  return { cpu: (done / elapsed) * 1000, wall: (done / (performance.now() - wallStarted)) * 1000 };
}

/** CPU ms of a fixed integer loop (≈15–20 ms on an unloaded modern core): divide to compare machines. */
function calibrationMs(): number {
  const started = cpuMs();
  let sum = 0;
  for (let i = 0; i < 20_000_000; i++) sum += i;
  if (sum < 0) throw new Error('unreachable');
  return cpuMs() - started;
}

function ratio(a: number, b: number): number {
  return Math.round((a / b) * 10) / 10;
}

/**
 * Measures the seed-001 mapping (≈27 header fields, 5 detail lines) on one core, in one run: generated
 * code (the default), the interpreted node tree (`codegen: false`, the figure before code generation) and
 * the same mapping with every field evaluated by JSONata (the naive baseline). Generated and interpreted
 * are measured in alternating rounds so machine load affects both alike.
 */
export async function benchMapping(): Promise<BenchResult[]> {
  const random = seededRandom(42);
  const records = Array.from({ length: RECORDS }, (_, i) => generateApprovalRecord(random, i, 5));
  const generated = compileMapping(SEED_001_MAPPING, { codegen: true });
  const interpreted = compileMapping(SEED_001_MAPPING, { codegen: false });
  const naive = compileMapping(SEED_001_MAPPING, { fastPaths: false, codegen: false });
  await recordsPerSecond(generated, records.slice(0, 200), 100);
  await recordsPerSecond(interpreted, records.slice(0, 200), 100);
  await recordsPerSecond(naive, records.slice(0, 50), 100);
  const fast = { cpu: 0, wall: 0 };
  const before = { cpu: 0, wall: 0 };
  for (let round = 0; round < 3; round++) {
    const f = await recordsPerSecond(generated, records, 400);
    const b = await recordsPerSecond(interpreted, records, 400);
    fast.cpu = Math.max(fast.cpu, f.cpu);
    fast.wall = Math.max(fast.wall, f.wall);
    before.cpu = Math.max(before.cpu, b.cpu);
    before.wall = Math.max(before.wall, b.wall);
  }
  const slow = await recordsPerSecond(naive, records, 1_000);
  return [
    { name: 'mapping.seed001.generated', value: Math.round(fast.cpu), unit: 'records/cpu-s' },
    { name: 'mapping.seed001.generated.wall', value: Math.round(fast.wall), unit: 'records/s' },
    { name: 'mapping.seed001.interpreted', value: Math.round(before.cpu), unit: 'records/cpu-s' },
    { name: 'mapping.seed001.interpreted.wall', value: Math.round(before.wall), unit: 'records/s' },
    { name: 'mapping.seed001.jsonata-per-field', value: Math.round(slow.cpu), unit: 'records/cpu-s' },
    { name: 'mapping.seed001.jsonata-per-field.wall', value: Math.round(slow.wall), unit: 'records/s' },
    { name: 'mapping.cpu-calibration-loop', value: Math.round(calibrationMs()), unit: 'cpu-ms' },
    { name: 'mapping.seed001.generated-vs-interpreted', value: ratio(fast.cpu, before.cpu), unit: 'x' },
    { name: 'mapping.seed001.speedup', value: ratio(fast.cpu, slow.cpu), unit: 'x' },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchMapping()) console.log(`${r.name}\t${r.value}\t${r.unit}`);
}
