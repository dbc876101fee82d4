// A 100,000-record sync run on the real engine, sync executor, mapping compiler and kit gateway (a
// user-defined connector) from a local paginated HTTP source into a local HTTP batch target, with the
// ledger and run history in SQLite. RSS is taken while processing: when 10k and 100k records have
// been written (after the read phase put all 100k in the ledger). Reports growth and records/s, by
// wall clock and by CPU time of the measuring process (servers included), since the machine may be
// shared. The sync runs in a process of its own with the engine's heap settings, as `qiao serve`/`run`
// apply them (src/runtime/engine-heap.ts): RSS is then the engine's, not what earlier benchmarks left
// in the bench process, and V8 sizes the heap as it does in production.
// Run standalone: `node bin/run-ts.mjs bench/sync-memory.ts`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { syncSchema } from '../src/definitions/flow-schema.ts';
import { tuneEngineHeap } from '../src/runtime/engine-heap.ts';
import { createStore } from '../src/store/index.ts';
import { startSyncRuntime } from '../test/scenarios/sync-kit/start-runtime.ts';
import type { BenchResult } from './result.ts';

/**
 * A full collection, to read the LIVE heap (heapUsed alone counts garbage not yet collected, which
 * swings by tens of MB from one moment to the next): node's `gc`, exposed at run time.
 */
function fullGc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const TOTAL = Number(process.env.QIAO_BENCH_SYNC_TOTAL ?? 100_000);
const PAGE = 500;
const START = 1_700_000_000_000;
const MB = 1024 * 1024;

/** A source that generates records on the fly (the bench measures the sync, not the server's data). */
function sourceHandler(url: URL) {
  const offset = Number(url.searchParams.get('cursor') ?? 0);
  const items = [];
  for (let i = offset; i < Math.min(TOTAL, offset + PAGE); i++) {
    items.push({
      id: `R${String(i).padStart(7, '0')}`,
      name: `报销单 ${i}`,
      amount: `${i % 997}.50`,
      updatedAt: START + i,
    });
  }
  return { items, next: offset + PAGE < TOTAL ? String(offset + PAGE) : null };
}

async function startServer(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let body: unknown = { error: 'not found' };
    if (url.pathname === '/records') body = sourceHandler(url);
    if (url.pathname === '/batch') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const records = (
        JSON.parse(Buffer.concat(chunks).toString('utf8')) as { records: Array<{ externalKey: string }> }
      ).records;
      body = {
        results: records.map((r, index) => ({
          index,
          ok: true,
          id: `id-${r.externalKey}`,
          number: `PAY-${r.externalKey}`,
        })),
      };
    }
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'bench-sync',
  name: 'bench',
  source: {
    connection: 'src',
    operation: 'list',
    input: { size: PAGE },
    key: 'id',
    watermark: { field: 'updatedAt', fromParam: 'from', toParam: 'to', initial: 0 },
  },
  mapping: {
    externalKey: '{{ id }}',
    FBillNo: '{{ id }}',
    FREMARK: '{{ name }}',
    FPAYAMOUNT: '{{ $number(amount) }}',
  },
  target: { connection: 'erp', operation: 'saveBills', batchSize: 200 },
});

/** The flag that makes this file measure in its own process (the child `benchSyncMemory` starts). */
const CHILD_FLAG = '--sync-memory-child';

/** Runs the 100k-record sync in a child process with the engine's heap settings; its RSS figures and throughput. */
export async function benchSyncMemory(): Promise<BenchResult[]> {
  const serverRoot = fileURLToPath(new URL('../', import.meta.url));
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/run-ts.mjs', script, CHILD_FLAG], {
    cwd: serverRoot,
    maxBuffer: 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as BenchResult[];
}

/** Measures in this process: the engine's heap settings first, as the engine's processes apply them. */
async function measureHere(): Promise<BenchResult[]> {
  tuneEngineHeap();
  return measureSyncMemory();
}

/** Runs the 100k-record sync in this process and returns RSS figures and throughput. */
async function measureSyncMemory(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-bench-sync-'));
  const { url, server } = await startServer();
  const store = createStore({ file: join(dir, 'ledger.sqlite') });
  await store.migrate();
  const rss = () => process.memoryUsage().rss;
  let written = 0;
  let rssAt10k = 0;
  let heapAt10k = 0;
  let rssAt100k = 0;
  let heapAt100k = 0;
  let readDone = 0;
  let readCpu = 0;
  const cpuSeconds = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const runtime = await startSyncRuntime({
    store,
    findWritten: false,
    executor: {
      onProgress: (_runId, event) => {
        if (event.type !== 'batch') return;
        if (readDone === 0) {
          readDone = performance.now();
          readCpu = cpuSeconds();
        }
        written += event.written;
        // RSS as the process has it; then the live heap after a full collection.
        if (rssAt10k === 0 && written >= 10_000) {
          rssAt10k = rss();
          fullGc();
          heapAt10k = process.memoryUsage().heapUsed;
        }
        if (rssAt100k === 0 && written >= TOTAL) {
          rssAt100k = rss();
          fullGc();
          heapAt100k = process.memoryUsage().heapUsed;
        }
      },
    },
  });
  const started = performance.now();
  const startedCpu = cpuSeconds();
  try {
    await runtime.apply(definition, { source: url, target: url });
    const runId = await runtime.engine.enqueue({ kind: 'sync', id: definition.id }, {});
    const run = await runtime.engine.runToCompletion(runId);
    const ledger = await store.ledger.counts(definition.id);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds() - startedCpu;
    if (run.status !== 'succeeded' || ledger.written !== TOTAL)
      throw new Error(`expected ${TOTAL} written, got ${ledger.written} (${run.status})`);
    return [
      { name: 'sync-memory rss at 10k records', value: Math.round(rssAt10k / MB), unit: 'MB' },
      { name: 'sync-memory rss at 100k records', value: Math.round(rssAt100k / MB), unit: 'MB' },
      {
        name: 'sync-memory rss growth 10k→100k (goal < 50)',
        value: Math.round((rssAt100k - rssAt10k) / MB),
        unit: 'MB',
      },
      {
        name: 'sync-memory live js heap growth 10k→100k (after a full GC)',
        value: Math.round((heapAt100k - heapAt10k) / MB),
        unit: 'MB',
      },
      {
        name: 'sync-memory throughput (read + write)',
        value: Math.round(TOTAL / seconds),
        unit: 'records/s',
      },
      {
        name: 'sync-memory read phase (pages → ledger)',
        value: Math.round(TOTAL / ((readDone - started) / 1000)),
        unit: 'records/s',
      },
      { name: 'sync-memory throughput per CPU second', value: Math.round(TOTAL / cpu), unit: 'records/s' },
      {
        name: 'sync-memory read phase per CPU second',
        value: Math.round(TOTAL / (readCpu - startedCpu)),
        unit: 'records/s',
      },
      {
        name: 'sync-memory write phase per CPU second (map → batch → ledger)',
        value: Math.round(TOTAL / (cpu - (readCpu - startedCpu))),
        unit: 'records/s',
      },
    ];
  } finally {
    await runtime.close();
    await store.close();
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes(CHILD_FLAG)) {
    // The child: the figures as one JSON line, for the parent.
    console.log(JSON.stringify(await measureHere()));
  } else {
    for (const result of await benchSyncMemory())
      console.log(`${result.name}: ${result.value} ${result.unit}`);
  }
}
