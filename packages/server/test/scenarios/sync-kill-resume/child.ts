// Runs the kill-resume sync on the real engine in its own process:
// `child.ts <store file> <source url> <target url> [run id]`. Without a run id it applies the
// documents and enqueues a run (printing `run <id>`); with one it only starts the engine, which
// takes the dead process's run over once its lease expired. Prints `batch N` after each written
// batch and `done <status> <ledger counts>` when the run has finished.
import { dirname } from 'node:path';
import { createStore } from '../../../src/store/index.ts';
import { loadSync } from '../sync-kit/harness.ts';
import { startSyncRuntime } from '../sync-kit/start-runtime.ts';

const [storeFile, sourceUrl, targetUrl, resumeRunId] = process.argv.slice(2);
const definition = loadSync(new URL('./sync.yaml', import.meta.url));
const store = createStore({ file: storeFile ?? ':memory:' });
await store.migrate();
const runtime = await startSyncRuntime({
  store,
  // Both processes share the store file's folder as data dir, so they share the secret key too.
  ...(storeFile ? { dataDir: dirname(storeFile) } : {}),
  findWritten: false,
  engine: { leaseMs: 500, pollMs: 50 },
  executor: {
    onProgress: (_runId, event) => {
      if (event.type === 'batch') process.stdout.write(`batch ${event.batch}\n`);
    },
  },
});
let runId = resumeRunId;
if (!runId) {
  await runtime.apply(definition, { source: sourceUrl ?? '', target: targetUrl ?? '' });
  runId = await runtime.engine.enqueue({ kind: 'sync', id: definition.id }, { type: 'manual' });
  process.stdout.write(`run ${runId}\n`);
}
runtime.engine.start();
const run = await runtime.engine.waitForRun(runId);
const counts = await store.ledger.counts(definition.id);
process.stdout.write(`done ${run.status} ${JSON.stringify(counts)}\n`);
await runtime.close();
await store.close();
