/**
 * Child-process entry of the simulator benchmarks: `node bin/run-ts.mjs bench/sim-server.ts <name>`
 * starts the named simulator (100,000 seeded records, rate limits lifted) on 127.0.0.1:0, prints one
 * JSON line `{"url", "fixture"}` (what the load client needs: credentials, record ids) and serves until
 * its stdin closes or it gets SIGTERM.
 */
import { createDingtalkSimulator } from '../src/connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import { createFeishuSimulator } from '../src/connectors/feishu/simulator/create-feishu-simulator.ts';
import { createJdySimulator } from '../src/connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import { createK3CloudSimulator } from '../src/connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { RunningSimulator } from '../src/connectors/simulator-kit/index.ts';

const DAY = 86_400_000;
/** Seeded records of every benchmarked simulator. */
export const BENCH_RECORDS = 100_000;

/** A started simulator and the facts the load client needs about its data. */
interface Started {
  server: RunningSimulator;
  fixture: Record<string, unknown>;
}

/** How each simulator is started for a benchmark, by the name `bench/sim-server.ts` takes. */
export const BENCH_SIMULATORS: Record<string, () => Promise<Started>> = {
  dingtalk: async () => {
    const sim = createDingtalkSimulator({ instances: BENCH_RECORDS, qpsLimit: 0 });
    const anchor = sim.state.store.anchorMs;
    const ids = sim.state.store.list({
      startMs: anchor - 90 * DAY,
      endMs: anchor,
      offset: 0,
      limit: 10_000,
    }).ids;
    const userid = sim.state.store.get(ids[0] as string)?.originator.userid ?? '';
    const { appKey, appSecret } = sim.options;
    return { server: await sim.start(), fixture: { appKey, appSecret, ids, userid } };
  },
  feishu: async () => {
    const sim = createFeishuSimulator({ instances: BENCH_RECORDS, perSecond: 0, perMinute: 0 });
    const store = sim.state.store;
    const codes = store.list({ startMs: 0, endMs: store.anchorMs, offset: 0, limit: 10_000 }).codes;
    const { appId, appSecret } = sim.options;
    return { server: await sim.start(), fixture: { appId, appSecret, codes } };
  },
  jdy: async () => {
    const sim = createJdySimulator({
      instances: BENCH_RECORDS,
      anchorPeriod: 202603,
      callsPerMinute: 0,
      tokenCallsPerMinute: 0,
    });
    return { server: await sim.start(), fixture: { credentials: sim.options.credentials } };
  },
  k3cloud: async () => {
    const sim = createK3CloudSimulator({ instances: BENCH_RECORDS, callsPerSecond: 0 });
    return { server: await sim.start(), fixture: { credentials: sim.options.credentials } };
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2] ?? '';
  const start = BENCH_SIMULATORS[name];
  if (!start) {
    console.error(`usage: sim-server <${Object.keys(BENCH_SIMULATORS).join('|')}>`);
    process.exit(2);
  }
  const { server, fixture } = await start();
  process.stdout.write(`${JSON.stringify({ url: server.url, fixture })}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}
