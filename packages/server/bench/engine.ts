/**
 * Engine throughput: runs of a 5-step flow (set, map, condition → set, lookup; no network) with
 * every step record and the run's outcome persisted in a SQLite file (WAL).
 * Standalone: `node bin/run-ts.mjs bench/engine.ts [runs]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorGateway } from '../src/connectors/kit/gateway.ts';
import type { JsonObject } from '../src/json.ts';
import { createEngine } from '../src/runs/index.ts';
import { createStore } from '../src/store/index.ts';
import type { BenchResult } from './result.ts';

const FLOW: JsonObject = {
  schemaVersion: 1,
  kind: 'flow',
  id: 'bench',
  name: 'bench',
  enabled: true,
  concurrency: 64,
  trigger: { type: 'manual' },
  steps: [
    { id: 'vars', type: 'set', values: { prefix: 'PZ', rate: 1.13 } },
    {
      id: 'bill',
      type: 'map',
      mapping: {
        number: '{{ vars.prefix }}-{{ trigger.no }}',
        amount: '{{ trigger.amount }}',
        dept: '{{ trigger.dept }}',
      },
    },
    {
      id: 'big',
      type: 'condition',
      if: 'trigger.amount > 500',
      // biome-ignore lint/suspicious/noThenProperty: `then` is the condition step's branch key, never awaited
      then: [{ id: 'flag', type: 'set', values: { big: true } }],
    },
    {
      id: 'dept',
      type: 'lookup',
      key: 'trigger.dept',
      table: { d1: '财务部', d2: '销售部' },
      default: '未知',
    },
  ],
};

const noGateway = {} as ConnectorGateway;

/** Measures enqueue and execution throughput of the engine on a SQLite file. */
export async function benchEngine(runs = 3000): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-bench-engine-'));
  const store = createStore({ file: join(dir, 'bench.db') });
  try {
    await store.migrate();
    await store.documents.put({ kind: 'flow', id: 'bench', definition: FLOW, now: Date.now() });
    const engine = createEngine({ store, gateway: noGateway, concurrency: 64, pollMs: 1000 });
    const ids: string[] = [];
    let t = performance.now();
    // Bursts of 50 concurrent enqueues (webhooks arriving together share the store's group commit).
    for (let i = 0; i < runs; i += 50) {
      const burst = Array.from({ length: Math.min(50, runs - i) }, (_, k) => {
        const no = i + k;
        return engine.enqueue(
          { id: 'bench', version: 1 },
          { no, amount: no % 1000, dept: no % 2 ? 'd1' : 'd2' },
        );
      });
      ids.push(...(await Promise.all(burst)));
    }
    const enqueueSeconds = (performance.now() - t) / 1000;
    let finished = 0;
    const done = new Promise<void>((resolve, reject) => {
      engine.events.on('run:finished', () => {
        if (++finished === runs) resolve();
      });
      engine.events.on('engine:error', ({ error }) => reject(error));
    });
    t = performance.now();
    const cpu = process.cpuUsage();
    engine.start();
    await done;
    const runSeconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    await engine.stop();
    const counts = await store.runs.countByStatus('bench');
    if (counts.succeeded !== runs)
      throw new Error(`expected ${runs} succeeded runs, got ${JSON.stringify(counts)}`);
    const steps = (await store.steps.list(ids[ids.length - 1]!)).length;
    return [
      {
        name: 'engine enqueue, bursts of 50 (sqlite file)',
        value: Math.round(runs / enqueueSeconds),
        unit: 'runs/s',
      },
      { name: 'engine 5-step flow (sqlite file, WAL)', value: Math.round(runs / runSeconds), unit: 'runs/s' },
      {
        name: 'engine step records persisted',
        value: Math.round((runs * steps) / runSeconds),
        unit: 'steps/s',
      },
      { name: 'engine 5-step flow per CPU second', value: Math.round(runs / cpuSeconds), unit: 'runs/cpu-s' },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 3000);
  for (const r of await benchEngine(runs)) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
