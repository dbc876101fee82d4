// Store micro-benchmark: the engine's write pattern on a SQLite file (WAL, synchronous=NORMAL):
// runs persisted one after another, many in flight (writes share commits), and in explicit transactions;
// scenario 001's ledger calls (`ledgerPattern`: main-thread CPU per record of the store without HTTP).
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

const SYNC_ID = 'dingtalk-expense-to-k3cloud';
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A key shaped like a DingTalk instance id: a random prefix, so keys land all over the key order. */
function instanceKey(i: number, random: () => number): string {
  let tag = '';
  for (let k = 0; k < 14; k++) tag += ID_CHARS[Math.floor(random() * 64)];
  return `${tag}${i.toString(36).padStart(8, '0')}04041700000000`;
}

/** A deterministic generator (mulberry32), so every run writes the same keys. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Scenario 001's store calls through the port, without HTTP: a reader adds pages of 15 records
 * (~6.5 KB sources; a key look-up first, the sync state after), a writer beside it takes batches of
 * 50 (`writing` then `pending`), marks them writing with their payload, stores the results, then
 * marks the write-backs sent and done. Both share group commits like the engine's pipeline does.
 */
export async function ledgerPattern(store: Store, records: number): Promise<void> {
  const random = seeded(1);
  const keys = Array.from({ length: records }, (_, i) => instanceKey(i, random));
  const source = {
    title: '差旅报销',
    form: Array.from({ length: 60 }, (_, i) => ({ name: `字段${i}`, value: 'x'.repeat(80) })),
  };
  const payload = {
    FBillNo: 'FKD',
    entries: Array.from({ length: 12 }, (_, i) => ({ FAmount: i, FNote: 'y'.repeat(90) })),
  };
  let read = 0;
  let wake: (() => void) | undefined;
  const reader = async () => {
    for (let at = 0; at < records; at += 15) {
      const page = keys.slice(at, at + 15);
      await store.ledger.getStates(SYNC_ID, page);
      const rows = page.map((sourceKey, i) => ({ sourceKey, source, sourceTime: at + i, runId: 'run-1' }));
      await store.ledger.addPending(SYNC_ID, rows, at);
      await store.syncState.put({
        syncId: SYNC_ID,
        watermark: at,
        cursor: { page: at },
        windowFrom: null,
        windowTo: null,
        updatedAt: at,
      });
      read += page.length;
      wake?.();
    }
  };
  const writer = async () => {
    for (let batch = 0; ; batch++) {
      const states = await store.ledger.listStates(SYNC_ID, { status: ['writing', 'pending'], limit: 50 });
      if (states.length < 50 && read < records) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (states.length === 0) return;
      const batchKeys = states.map((s) => s.sourceKey);
      const open: ['pending', 'writing'] = ['pending', 'writing'];
      const now = batch;
      await store.ledger.updateMany(
        SYNC_ID,
        states.map((s) => ({
          sourceKey: s.sourceKey,
          patch: { status: 'writing', payload, attempts: s.attempts + 1, runId: 'run-1', updatedAt: now },
        })),
        open,
      );
      await new Promise((resolve) => setImmediate(resolve)); // the target call
      await store.ledger.updateMany(
        SYNC_ID,
        batchKeys.map((sourceKey, i) => ({
          sourceKey,
          patch: {
            status: 'written',
            targetId: `${100000 + i}`,
            targetNumber: `FKD${i}`,
            lastError: null,
            writeBack: 'pending',
            updatedAt: now,
          },
        })),
        open,
      );
      await store.steps.put(makeStep('run-1', batch * 2, { input: { keys: batchKeys } }));
      const due = (await store.ledger.getStates(SYNC_ID, batchKeys)).filter((s) => s.writeBack === 'pending');
      const sent = {
        code: 'CONNECTOR_UNCERTAIN_WRITE',
        kind: 'operational',
        message: 'sent',
        retryable: true,
      } as const;
      await store.ledger.update(
        SYNC_ID,
        due.map((s) => s.sourceKey),
        { writeBackError: sent, updatedAt: now },
      );
      await new Promise((resolve) => setImmediate(resolve)); // the comment calls
      await store.ledger.updateMany(
        SYNC_ID,
        due.map((s) => ({
          sourceKey: s.sourceKey,
          patch: { writeBack: 'done', writeBackError: null, updatedAt: now },
        })),
      );
      await store.steps.put(makeStep('run-1', batch * 2 + 1, { input: { keys: batchKeys } }));
    }
  };
  await Promise.all([reader(), writer()]);
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
    const records = 10_000;
    const cpu = process.cpuUsage();
    await ledgerPattern(store, records);
    const used = process.cpuUsage(cpu);
    results.push({
      name: 'sqlite scenario-001 ledger pattern, CPU per record (process, incl. checkpointer)',
      value: (used.user + used.system) / records,
      unit: 'µs',
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
