// A worker process for the kill-resume scenario: `node bin/run-ts.mjs worker.ts <sqlite-file> <api-url>`.
// Runs the engine and prints one JSON line per persisted step and per finished run.
import { createEngine } from '../../../src/runs/index.ts';
import { createStore } from '../../../src/store/index.ts';
import { createVoucherGateway } from '../response-chaining/voucher-api.ts';

const [file, url] = process.argv.slice(2);
if (!file || !url) throw new Error('usage: worker.ts <sqlite-file> <api-url>');
const store = createStore({ file });
await store.migrate();
const engine = createEngine({
  store,
  gateway: createVoucherGateway(url),
  leaseMs: 600,
  pollMs: 50,
  keepAlive: true,
});
engine.events.on('step:finished', ({ runId, step }) => {
  process.stdout.write(`${JSON.stringify({ event: 'step', runId, path: step.path, status: step.status })}\n`);
});
engine.events.on('run:finished', ({ run }) => {
  process.stdout.write(`${JSON.stringify({ event: 'run', runId: run.id, status: run.status })}\n`);
});
engine.start();
process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid })}\n`);
