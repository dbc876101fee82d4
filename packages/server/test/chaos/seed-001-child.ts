// The engine process of the seed-001 chaos test: createRuntime + engine on a SQLite file, the example
// sync pointed at the simulators. `seed-001-child.ts <data dir> <dingtalk url> <k3cloud url> [run id]`.
// Without a run id it applies the documents and enqueues a run (printing `run <id>`); with one it only
// starts the engine, which takes the killed process's run over once its lease expired. Prints
// `progress <type>` after each page/batch/write-back and, at the end, `done <status> <ledger counts>`;
// a run that failed (retries exhausted under faults) is followed by up to three more runs.

import type { ConnectionDefinition, QiaoDocument, SyncDefinition } from '../../src/definitions/index.ts';
import { DEMO_ENV } from '../../src/demo/demo-systems.ts';
import { EXAMPLES, loadExample, pointConnections } from '../../src/demo/example-documents.ts';
import { SEED_001_SYNC } from '../../src/demo/scenario-001.ts';
import { createRuntime } from '../../src/runtime/create-runtime.ts';
import { createSyncEngineExecutor } from '../../src/sync/engine-executor.ts';

/**
 * Test-speed settings (the example's own values stay for real systems): a call the simulator holds
 * (timeout fault) is given up after 300 ms, DingTalk's QPS-limit back-off is 50 ms instead of its
 * real one second, and the sync's retries start at 20 ms (same 6 attempts): at 10 % faults almost
 * every page of 21 calls waits out one back-off, which at the example's 200 ms is most of the run.
 */
const CONNECTION_CONFIG: Record<string, Record<string, number>> = {
  dingtalk: { timeoutMs: 300, rateLimitBackoffMs: 50 },
  'kingdee-k3cloud': { timeoutMs: 300 },
};

const SYNC_RETRY = { initialDelay: '20ms', maxDelay: '2s' };

function withTestTimeouts(documents: QiaoDocument[]): QiaoDocument[] {
  return documents.map((document) => {
    if (document.kind === 'sync') {
      const sync = document as SyncDefinition;
      return { ...sync, retry: { ...sync.retry, ...SYNC_RETRY } } as QiaoDocument;
    }
    if (document.kind !== 'connection') return document;
    const connection = document as ConnectionDefinition;
    const extra = CONNECTION_CONFIG[connection.connector];
    return extra ? ({ ...connection, config: { ...connection.config, ...extra } } as QiaoDocument) : document;
  });
}

const [dataDir = '', dingtalkUrl = '', k3cloudUrl = '', resumeRunId] = process.argv.slice(2);
const env = { ...process.env, ...DEMO_ENV };
const runtime = await createRuntime({
  dataDir,
  env,
  engine: {
    // A short lease: a killed process's run is taken over ~1.5 s later. keepAlive: the poll timer
    // holds the process open while the run waits out a retry delay.
    leaseMs: 1500,
    pollMs: 50,
    keepAlive: true,
    executors: {
      sync: createSyncEngineExecutor({
        onProgress: (_runId, event) => process.stdout.write(`progress ${event.type}\n`),
      }),
    },
  },
});
let runId = resumeRunId;
if (!runId) {
  const docs = await loadExample(EXAMPLES.seed001, env);
  await runtime.documents.applyAll(
    withTestTimeouts(
      pointConnections(
        docs,
        { dingtalk: { baseUrl: dingtalkUrl }, 'kingdee-k3cloud': { baseUrl: k3cloudUrl } },
        { perSecond: 5000, burst: 500 },
      ),
    ),
  );
  runId = await runtime.engine.enqueue({ kind: 'sync', id: SEED_001_SYNC }, { type: 'manual' });
  process.stdout.write(`run ${runId}\n`);
}
runtime.engine.start();
let run = await runtime.engine.waitForRun(runId);
for (let extra = 0; extra < 3; extra++) {
  const counts = await runtime.store.ledger.counts(SEED_001_SYNC);
  if (run.status === 'succeeded' && counts.pending === 0 && counts.writing === 0) break;
  process.stdout.write(`rerun after ${run.status}: ${run.error?.message ?? ''}\n`);
  run = await runtime.engine.waitForRun(
    await runtime.engine.enqueue({ kind: 'sync', id: SEED_001_SYNC }, { type: 'manual' }),
  );
}
const counts = await runtime.store.ledger.counts(SEED_001_SYNC);
process.stdout.write(`done ${run.status} ${JSON.stringify(counts)}\n`);
await runtime.close();
