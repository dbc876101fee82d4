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
): Promise<number> {
  let done = 0;
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
  return (done / elapsed) * 1000;
}

/** CPU ms of a fixed integer loop (≈15–20 ms on an unloaded modern core): divide to compare machines. */
function calibrationMs(): number {
  const started = cpuMs();
  let sum = 0;
  for (let i = 0; i < 20_000_000; i++) sum += i;
  if (sum < 0) throw new Error('unreachable');
  return cpuMs() - started;
}

/**
 * Measures the seed-001 mapping (≈27 header fields, 5 detail lines) on one core: compiled (direct
 * accessors and helper calls, synchronous) against the same mapping with every field evaluated by JSONata.
 */
export async function benchMapping(): Promise<BenchResult[]> {
  const random = seededRandom(42);
  const records = Array.from({ length: RECORDS }, (_, i) => generateApprovalRecord(random, i, 5));
  const compiled = compileMapping(SEED_001_MAPPING);
  const naive = compileMapping(SEED_001_MAPPING, { fastPaths: false });
  await recordsPerSecond(compiled, records.slice(0, 200), 100);
  await recordsPerSecond(naive, records.slice(0, 50), 100);
  const fast = await recordsPerSecond(compiled, records, 1_000);
  const slow = await recordsPerSecond(naive, records, 1_000);
  return [
    { name: 'mapping.seed001.compiled', value: Math.round(fast), unit: 'records/cpu-s' },
    { name: 'mapping.seed001.jsonata-per-field', value: Math.round(slow), unit: 'records/cpu-s' },
    { name: 'mapping.cpu-calibration-loop', value: Math.round(calibrationMs()), unit: 'cpu-ms' },
    { name: 'mapping.seed001.speedup', value: Math.round((fast / slow) * 10) / 10, unit: 'x' },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchMapping()) console.log(`${r.name}\t${r.value}\t${r.unit}`);
}
