/**
 * The outgoing call path: the real connector gateway (connection runtime, token/session cache, rate
 * limiter, request building, auth, transport, classification, exchange sampling, output parsing)
 * calling the DingTalk and K3Cloud simulators, each in a CHILD process (bench/sim-server.ts), over
 * loopback keep-alive connections. Reports, per route, calls per engine CPU-second and engine CPU µs
 * per call (process.cpuUsage of this process, which does nothing else): the figure does not depend on
 * how loaded the machine is, unlike wall time. The observer is the sync steps' sampler (every failed
 * exchange, 3 successful ones per 20 calls), as in a sync run. Each route is measured REPEAT times
 * (env QIAO_BENCH_GATEWAY_REPEAT, default 3) and the run with the least CPU is reported.
 * After the CPU runs, one more run of ALLOC_CALLS calls under V8's sampling heap profiler (collected
 * objects included) gives the heap bytes allocated per call — what the engine's GC has to pay for
 * (the bench's own inputs, e.g. BatchSave's bills, are counted too). QIAO_BENCH_GATEWAY_ALLOC=0 skips it.
 * The gateway reports to Prometheus metrics as the runtime's does (process metrics started too);
 * QIAO_BENCH_GATEWAY_METRICS=0 measures it without them.
 * Run standalone: `node bin/run-ts.mjs bench/gateway-call.ts [--json]`; `--cpu-prof` profiles the engine side.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dingtalkConnector } from '../src/connectors/dingtalk/index.ts';
import { k3cloudConnector } from '../src/connectors/kingdee-k3cloud/index.ts';
import type { K3CloudCredentials } from '../src/connectors/kingdee-k3cloud/simulator/context.ts';
import {
  type ConnectorGateway,
  createConnectorGateway,
  createConnectorRegistry,
  type ResolvedConnection,
} from '../src/connectors/kit/index.ts';
import type { JsonValue } from '../src/json.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { createExchangeSample } from '../src/sync/exchange-sample.ts';
import { benchPayBill } from './pay-bill.ts';
import type { BenchResult } from './result.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Calls in flight at once (the sync's detail and write-back concurrency is of this order). */
const CONCURRENCY = Number(process.env.QIAO_BENCH_GATEWAY_CONCURRENCY ?? 16);
/** Calls per measured route (BatchSave: calls of BATCH bills each). */
const CALLS = Number(process.env.QIAO_BENCH_GATEWAY_CALLS ?? 20_000);
const BATCH = 50;
/** Measured runs per route; the figures are of the run with the least CPU (the machine may be shared). */
const REPEAT = Math.max(1, Number(process.env.QIAO_BENCH_GATEWAY_REPEAT ?? 3));
/** Only the routes whose name contains this text (e.g. `getInstance`); all by default. */
const ONLY = process.env.QIAO_BENCH_GATEWAY_ROUTES ?? '';
/** Calls of the allocation run (0: no allocation figure). */
const ALLOC_CALLS = Number(process.env.QIAO_BENCH_GATEWAY_ALLOC ?? 2_000);
/** Client-side limits high enough never to wait (the simulators' own limits are lifted too). */
const NO_CLIENT_LIMIT = { perSecond: 1_000_000, burst: 100_000 };
/** Whether the gateway reports to Prometheus metrics, as in the runtime (default on). */
const METRICS = process.env.QIAO_BENCH_GATEWAY_METRICS !== '0';
/** Exchanges per sampler, like one page of detail calls in a sync step. */
const SAMPLE_EVERY = 20;

interface SimChild {
  child: ChildProcess;
  url: string;
  fixture: Record<string, unknown>;
}

function startSimulator(name: 'dingtalk' | 'k3cloud'): Promise<SimChild> {
  const nodeArgs = (process.env.QIAO_BENCH_GATEWAY_SIM_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry = [resolve(HERE, '../bin/run-ts.mjs'), resolve(HERE, 'sim-server.ts'), name];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolveHello, reject) => {
    if (!child.stdout) return reject(new Error('simulator process has no stdout'));
    child.once('exit', (code) =>
      reject(new Error(`simulator ${name} exited (${code}) before it printed its URL`)),
    );
    createInterface({ input: child.stdout }).once('line', (line) => {
      const hello = JSON.parse(line) as { url: string; fixture: Record<string, unknown> };
      resolveHello({ child, ...hello });
    });
  });
}

/** One measured route: the i-th call, and how many records one call carries. */
interface Route {
  name: string;
  count: number;
  recordsPerCall?: number;
  call(
    gateway: ConnectorGateway,
    i: number,
    observe: ReturnType<typeof createExchangeSample>['observe'],
  ): Promise<unknown>;
}

function routesOf(ding: SimChild, calls: number): Route[] {
  const f = ding.fixture as { ids: string[]; userid: string };
  return [
    {
      name: 'dingtalk getInstance (1,000 hot ids)',
      count: calls,
      call: (gateway, i, observe) =>
        gateway.call(
          {
            connection: 'dingtalk',
            operation: 'getInstance',
            input: { process_instance_id: f.ids[i % 1000] ?? '' },
          },
          observe,
        ),
    },
    {
      name: 'dingtalk addComment',
      count: calls,
      call: (gateway, i, observe) =>
        gateway.call(
          {
            connection: 'dingtalk',
            operation: 'addComment',
            input: {
              process_instance_id: f.ids[i % 1000] ?? '',
              text: `已生成付款单 GW${i}`,
              comment_userid: f.userid,
            },
          },
          observe,
        ),
    },
    {
      name: `k3cloud batchSave (${BATCH} bills per call)`,
      count: Math.max(1, Math.floor(calls / BATCH)),
      recordsPerCall: BATCH,
      call: async (gateway, i, observe) => {
        const records: JsonValue[] = Array.from({ length: BATCH }, (_, j) => {
          const n = i * BATCH + j;
          return benchPayBill(n, `GW-${process.pid}-${n}`, true);
        });
        const results = await gateway.writeBatch(
          { connection: 'k3cloud', operation: 'batchSave', input: { FormId: 'AP_PAYBILL' }, records },
          observe,
        );
        const failed = results.find((r) => !r.ok);
        if (failed) throw new Error(`batchSave: ${JSON.stringify(failed.error).slice(0, 300)}`);
      },
    },
  ];
}

async function drive(gateway: ConnectorGateway, route: Route, count: number, offset: number): Promise<void> {
  let next = 0;
  let sample = createExchangeSample();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      if (i % SAMPLE_EVERY === 0) sample = createExchangeSample();
      await route.call(gateway, offset + i, sample.observe);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/** A sampled heap profile node (the fields used here). */
interface HeapNode {
  selfSize: number;
  children: HeapNode[];
}

function sampledBytes(node: HeapNode): number {
  let total = node.selfSize;
  for (const child of node.children) total += sampledBytes(child);
  return total;
}

/** Heap bytes allocated per call over `count` calls, garbage included (V8's sampling heap profiler). */
async function allocatedPerCall(
  gateway: ConnectorGateway,
  route: Route,
  count: number,
  offset: number,
): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    // The two `include…` flags keep samples of objects already collected: allocation, not retention.
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as { samplingInterval: number });
    await drive(gateway, route, count, offset);
    const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
    return sampledBytes(profile.head) / count;
  } finally {
    session.disconnect();
  }
}

/** The figures of a route's least-CPU run. */
function cpuFigures(
  label: string,
  route: Route,
  best: { cpu: number; system: number; seconds: number },
): BenchResult[] {
  const figures: BenchResult[] = [
    { name: `${label}: calls per engine CPU-second`, value: route.count / best.cpu, unit: 'calls/cpu-s' },
    { name: `${label}: engine CPU per call`, value: (best.cpu * 1e6) / route.count, unit: 'µs/call' },
    {
      name: `${label}: engine CPU per call, system part`,
      value: (best.system * 1e6) / route.count,
      unit: 'µs/call',
    },
    { name: `${label}: calls per second (wall)`, value: route.count / best.seconds, unit: 'calls/s' },
  ];
  if (route.recordsPerCall)
    figures.push({
      name: `${label}: engine CPU per record`,
      value: (best.cpu * 1e6) / (route.count * route.recordsPerCall),
      unit: 'µs/record',
    });
  return figures;
}

/** Runs every route against simulators in child processes and reports engine CPU per call. */
export async function benchGatewayCall(calls = CALLS): Promise<BenchResult[]> {
  const [ding, k3] = await Promise.all([startSimulator('dingtalk'), startSimulator('k3cloud')]);
  const c = (k3.fixture as { credentials: K3CloudCredentials }).credentials;
  const df = ding.fixture as { appKey: string; appSecret: string };
  const connections: Record<string, ResolvedConnection> = {
    dingtalk: {
      connectorId: 'dingtalk',
      config: { baseUrl: ding.url, processCode: 'bench' },
      secrets: { appKey: df.appKey, appSecret: df.appSecret },
      rateLimit: NO_CLIENT_LIMIT,
    },
    k3cloud: {
      connectorId: 'kingdee-k3cloud',
      config: { baseUrl: `${k3.url}/K3Cloud/`, acctId: c.acctId, username: c.username, lcid: c.lcid },
      secrets: { password: c.password },
      rateLimit: NO_CLIENT_LIMIT,
    },
  };
  const metrics = METRICS ? createMetrics() : undefined;
  // A first scrape starts the process metrics (GC observer, event-loop monitor), as a scraped server has them.
  await metrics?.render();
  const gateway = createConnectorGateway({
    connectors: createConnectorRegistry([dingtalkConnector, k3cloudConnector]),
    connections: { resolve: async (id) => connections[id] },
    ...(metrics ? { metrics: metrics.gateway } : {}),
  });
  const results: BenchResult[] = [];
  try {
    let offset = 0;
    for (const route of routesOf(ding, calls).filter((r) => r.name.includes(ONLY))) {
      const warmup = Math.max(1, Math.floor(route.count / 10));
      await drive(gateway, route, warmup, offset);
      offset += warmup;
      let best: { cpu: number; system: number; seconds: number } | undefined;
      for (let run = 0; run < REPEAT; run++) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        await drive(gateway, route, route.count, offset);
        offset += route.count;
        const used = process.cpuUsage(cpu);
        const measured = {
          cpu: (used.user + used.system) / 1e6,
          system: used.system / 1e6,
          seconds: (performance.now() - started) / 1000,
        };
        if (!best || measured.cpu < best.cpu) best = measured;
      }
      if (!best) continue;
      const label = `gateway-call ${route.name}`;
      results.push(...cpuFigures(label, route, best));
      const allocCalls = Math.min(
        route.count,
        route.recordsPerCall ? Math.ceil(ALLOC_CALLS / 10) : ALLOC_CALLS,
      );
      if (allocCalls > 0) {
        const bytes = await allocatedPerCall(gateway, route, allocCalls, offset);
        offset += allocCalls;
        results.push({ name: `${label}: heap allocated per call`, value: bytes, unit: 'bytes/call' });
      }
    }
    return results;
  } finally {
    gateway.close?.();
    for (const sim of [ding, k3]) {
      sim.child.stdin?.end();
      sim.child.kill('SIGTERM');
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const json = process.argv.includes('--json');
  for (const r of await benchGatewayCall()) {
    console.log(json ? JSON.stringify(r) : `${r.name}: ${r.value.toFixed(2)} ${r.unit}`);
  }
}
