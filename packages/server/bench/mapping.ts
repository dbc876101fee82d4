import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { compileExpression } from '../src/expressions/index.ts';
import type { JsonObject, JsonValue } from '../src/json.ts';
import {
  generateApprovalRecord,
  SEED_001_BINDINGS,
  SEED_001_MAPPING,
  seededRandom,
} from '../src/mapping/fixtures/seed-001-mapping.ts';
import { applyMapping, type CompiledMapping, compileMapping } from '../src/mapping/index.ts';
import { createSyncEvaluator } from '../src/sync/evaluator.ts';
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
 * Measures scenario 001's per-record expressions (`benchScenarioExpressions`) and the seed-001 mapping (≈27 header fields, 5 detail lines) on one core, in one run: generated
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
    ...(await benchScenarioExpressions()),
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

/** The example sync of scenario 001 (its expressions, mapping and write-back are what is measured). */
const SCENARIO_001 = new URL('../../../examples/dingtalk-expense-to-k3cloud/sync.yaml', import.meta.url);

const KINDS = ['行政报销', '项目报销'];
const COSTS: Record<string, string[]> = {
  行政报销: ['差旅费', '办公用品', '业务招待费', '交通费', '通讯费', '培训费'],
  项目报销: ['项目差旅费', '项目材料费', '项目招待费', '项目交通费'],
};

/** A DingTalk approval as the connector decodes it (getInstance): headline fields, decoded form, raw instance. */
function approvalRecord(random: () => number, i: number, lines: number): JsonObject {
  const kind = KINDS[i % 2] as string;
  const costs = COSTS[kind] as string[];
  const cost = costs[Math.floor(random() * costs.length)] as string;
  return {
    processInstanceId: `pi-${i}`,
    businessId: `2024${String(i).padStart(10, '0')}`,
    title: `员工${i}提交的报销`,
    status: i % 10 === 0 ? 'RUNNING' : 'COMPLETED',
    result: 'agree',
    originatorUserId: `0271${String(i % 50).padStart(10, '0')}`,
    createTimeMs: 1_718_000_000_000 + i * 60_000,
    finishTimeMs: 1_718_000_000_000 + i * 60_000 + 3_600_000,
    form: {
      费用归属项目: '华东智慧园区项目',
      报销类别: kind,
      [kind === '行政报销' ? '行政报销类型' : '项目报销类型']: cost,
      '报销总金额(元)': '1,234.50',
      报销明细: Array.from({ length: lines }, (_, k) => ({
        费用发生日期: `2024-0${1 + (k % 9)}-1${k % 10}`,
        '报销金额(元)': `${1 + Math.floor(random() * 9)},${String(Math.floor(random() * 1000)).padStart(3, '0')}.${k}0`,
        费用明细: `第${k + 1}项费用`,
      })),
    },
    process_instance: { originator_dept_id: `10000${1 + (i % 8)}` },
  };
}

/**
 * Everything scenario 001 evaluates per record — source key, detail input, watermark time, filter,
 * record mapping, write-back input — through the sync's evaluator port (src/sync/evaluator.ts), and the
 * same with every expression left to JSONata (the figure before the engine-free operators). CPU µs per record.
 */
export async function benchScenarioExpressions(): Promise<BenchResult[]> {
  const sync = parse(readFileSync(SCENARIO_001, 'utf8')) as {
    source: { key: string; filter: string; watermark: { field: string }; detail: { input: JsonValue } };
    mapping: JsonValue;
    tables: JsonObject;
    writeBack: { input: JsonValue };
    id: string;
  };
  const random = seededRandom(7);
  const records = Array.from({ length: 500 }, (_, i) => approvalRecord(random, i, 5));
  const evaluator = createSyncEvaluator();
  const now = {
    key: evaluator.expression(sync.source.key),
    detail: evaluator.value(sync.source.detail.input),
    time: evaluator.expression(sync.source.watermark.field),
    filter: evaluator.expression(sync.source.filter),
    mapping: evaluator.mapping(sync as never, 1),
    writeBack: evaluator.value(sync.writeBack.input),
  };
  const engine = (text: string) => compileExpression(text, { direct: false });
  const engineMapping = (value: JsonValue) => compileMapping(value, { fastPaths: false, codegen: false });
  const jsonata = {
    key: engine(sync.source.key),
    detail: engineMapping(sync.source.detail.input),
    time: engine(sync.source.watermark.field),
    filter: engine(sync.source.filter),
    mapping: engineMapping(sync.mapping),
    writeBack: engineMapping(sync.writeBack.input),
  };
  const tables = sync.tables;
  const perRecord = async (engineOnly: boolean, minMs: number): Promise<number> => {
    let done = 0;
    const started = cpuMs();
    while (cpuMs() - started < minMs) {
      for (const record of records) {
        const id = record.processInstanceId as string;
        const writeScope = { record, key: id, result: { targetNumber: `FKD${id}`, targetId: id } };
        if (engineOnly) {
          await jsonata.key.evaluate(id);
          await applyMapping(jsonata.detail, { record: id, item: id });
          await jsonata.time.evaluate(record);
          await jsonata.filter.evaluate(record);
          await applyMapping(jsonata.mapping, record, { record, key: id, tables });
          await applyMapping(jsonata.writeBack, writeScope);
        } else {
          await now.key(id);
          await now.detail({ record: id, item: id });
          await now.time(record);
          await now.filter(record);
          await now.mapping(record, id);
          await now.writeBack(writeScope);
        }
      }
      done += records.length;
    }
    return ((cpuMs() - started) * 1000) / done;
  };
  await perRecord(false, 200);
  await perRecord(true, 200);
  const direct = Math.min(await perRecord(false, 600), await perRecord(false, 600));
  const baseline = await perRecord(true, 1_000);
  return [
    { name: 'scenario001.expressions.per-record', value: Math.round(direct * 10) / 10, unit: 'cpu-µs' },
    { name: 'scenario001.expressions.jsonata-per-record', value: Math.round(baseline), unit: 'cpu-µs' },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await benchMapping()) console.log(`${r.name}\t${r.value}\t${r.unit}`);
}
