// Store micro-benchmark: the engine's write pattern on a SQLite file (WAL, synchronous=NORMAL):
// runs persisted one after another, many in flight (writes share commits), and in explicit transactions.
// Run: node bin/run-ts.mjs bench/store.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeRun, makeStep } from '../src/store/conformance/fixtures.ts';
import type { Store } from '../src/store/index.ts';
import { createStore } from '../src/store/index.ts';
import type { BenchResult } from './result.ts';

/** One run as the engine persists it: insert, claim-style update, 5 step puts, 2 checkpoint/finish updates. */
async function persistRun(store: Store, id: string, now: number): Promise<void> {
  await store.runs.create(makeRun({ id, createdAt: now }));
  await store.runs.update(
    id,
    { status: 'running', leaseOwner: 'w1', leaseUntil: now + 30_000, startedAt: now },
    ['queued'],
  );
  for (let seq = 1; seq <= 5; seq++) {
    await store.steps.put(makeStep(id, seq, { input: { seq, order: { no: `SO-${seq}`, amount: 99.5 } } }));
    if (seq === 3) await store.runs.update(id, { checkpoint: { next: seq + 1 } }, ['running']);
  }
  await store.runs.update(id, { status: 'succeeded', output: { ok: true }, finishedAt: now + 1 }, [
    'running',
  ]);
}

async function timeIt(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Measures run persistence, transaction-batched persistence, claims and ledger inserts on a SQLite file. */
export async function benchStore(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-bench-store-'));
  const store = createStore({ file: join(dir, 'bench.db') });
  await store.migrate();
  const results: BenchResult[] = [];
  try {
    const runs = 6000;
    const plain = await timeIt(async () => {
      for (let i = 0; i < runs; i++) await persistRun(store, `p${i}`, i);
    });
    results.push({
      name: 'sqlite runs persisted one after another (9 writes each)',
      value: Math.round(runs / plain),
      unit: 'runs/s',
    });
    const inFlight = 64;
    const concurrent = await timeIt(async () => {
      let next = 0;
      const lane = async () => {
        while (next < runs) await persistRun(store, `c${next++}`, next);
      };
      await Promise.all(Array.from({ length: inFlight }, lane));
    });
    results.push({
      name: `sqlite runs persisted, ${inFlight} in flight (group commit)`,
      value: Math.round(runs / concurrent),
      unit: 'runs/s',
    });
    const batched = await timeIt(async () => {
      for (let i = 0; i < runs; i += 50) {
        await store.transaction(async (tx) => {
          for (let j = i; j < i + 50; j++) await persistRun(tx, `t${j}`, j);
        });
      }
    });
    results.push({
      name: 'sqlite runs persisted (50 per transaction)',
      value: Math.round(runs / batched),
      unit: 'runs/s',
    });
    for (let i = 0; i < 5000; i++) await store.runs.create(makeRun({ id: `q${i}`, createdAt: 1e9 + i }));
    let claimed = 0;
    const claimTime = await timeIt(async () => {
      for (;;) {
        const batch = await store.runs.claim({ owner: 'w', now: 2e9, leaseMs: 60_000, limit: 10 });
        if (batch.length === 0) break;
        claimed += batch.length;
      }
    });
    results.push({ name: 'sqlite claim (limit 10)', value: Math.round(claimed / claimTime), unit: 'runs/s' });
    const keys = Array.from({ length: 20_000 }, (_, i) => ({
      sourceKey: `k${i}`,
      source: { i },
      sourceTime: i,
      runId: 'r',
    }));
    const ledgerTime = await timeIt(async () => {
      await store.ledger.addPending('bench', keys, 1);
    });
    results.push({
      name: 'sqlite ledger addPending',
      value: Math.round(keys.length / ledgerTime),
      unit: 'keys/s',
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await benchStore()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
