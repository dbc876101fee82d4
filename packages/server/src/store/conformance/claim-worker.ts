// A child process that claims runs from a SQLite file until none are left: two of these are two
// processes sharing one database (each with its own connection). Protocol over IPC: it sends
// 'ready', waits for any message, claims, then sends the claimed ids and exits.
import { createHash } from 'node:crypto';
import { createStore } from '../create-store.ts';

const [file = '', owner = ''] = process.argv.slice(2);
const store = createStore({ file });
process.once('message', () => {
  void (async () => {
    const got: string[] = [];
    for (;;) {
      const batch = await store.runs.claim({ owner, now: 100, leaseMs: 60_000, limit: 5 });
      if (batch.length === 0) break;
      for (const run of batch) got.push(run.id);
      // Stand-in for executing the runs: CPU work outside any transaction, so the other process
      // gets its turn at the write lock (busy_timeout retries) instead of starving.
      for (let i = 0; i < 200; i++) createHash('sha256').update(got.join()).digest();
    }
    await store.close();
    process.send?.(got, () => process.disconnect());
  })();
});
process.send?.('ready');
