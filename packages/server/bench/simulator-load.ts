/**
 * The simulator benchmarks' harness: the simulator runs in a CHILD process (bench/sim-server.ts) and
 * the load comes from this process over loopback keep-alive connections (undici Pool), so the
 * client's own cost does not eat the server's budget. Per route it reports requests/s and the server
 * process's CPU time per request (utime + stime from /proc/<pid>/stat), a figure that does not
 * depend on how fast the client is.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import type { BenchResult } from './result.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Concurrent requests in flight (one keep-alive connection each). */
export const CONCURRENCY = 48;
const DEFAULT_COUNT = 20_000;
const DEFAULT_SECONDS = 10;
/** Every response must be HTTP 200; one in this many is also parsed and checked with `ok` (parsing all would make the client the bottleneck). */
const CHECK_EVERY = 8;

/** One request of a load run. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** A JSON body (sent with content-type application/json). */
  body?: unknown;
}

/** A route to measure: how to make its i-th request and how to tell a good answer. */
export interface LoadRoute {
  name: string;
  requestOf(i: number): LoadRequest;
  ok(json: unknown): boolean;
  /** Requests to send at most (default 20,000); the run also stops after `seconds`. */
  count?: number;
  seconds?: number;
  /** Requests sent first and not measured (default 2,000; 0 for a cold-path route). */
  warmup?: number;
  /** Items per request, to also report items/s (e.g. bills per BatchSave). */
  itemsPerRequest?: { per: number; unit: string };
}

/** The simulator child process as the load client sees it. */
export interface SimulatorProcess {
  url: string;
  pid: number;
  /** What bench/sim-server.ts printed about the seeded data (credentials, ids). */
  fixture: Record<string, unknown>;
  pool: Pool;
  /** One request through the pool; resolves with the parsed JSON body. */
  request(req: LoadRequest): Promise<unknown>;
  /** One request whose body is parsed only when `parse` is set (else drained): resolves with status and JSON. */
  send(req: LoadRequest, parse: boolean): Promise<{ status: number; json: unknown }>;
}

/** Figures of one measured route. */
export interface RouteFigures {
  requests: number;
  perSecond: number;
  cpuMicrosPerRequest: number;
}

/** Starts `bench/sim-server.ts <name>` in a child process, runs `plan`'s routes against it, then stops it. */
export async function benchSimulator(
  name: string,
  plan: (sim: SimulatorProcess) => Promise<LoadRoute[]>,
): Promise<BenchResult[]> {
  // SIM_BENCH_NODE_ARGS (e.g. "--cpu-prof") goes to the simulator's node only, to profile the server side.
  const nodeArgs = (process.env.SIM_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const entry = [resolve(HERE, '../bin/run-ts.mjs'), resolve(HERE, 'sim-server.ts'), name];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const { url, fixture } = await readHello(child);
    const pool = new Pool(url, { connections: CONCURRENCY, pipelining: 1 });
    const sim: SimulatorProcess = {
      url,
      pid: child.pid ?? 0,
      fixture,
      pool,
      send: (r, parse) => send(pool, r, parse),
      request: async (r) => (await send(pool, r, true)).json,
    };
    try {
      const results: BenchResult[] = [];
      for (const route of await plan(sim))
        results.push(...report(name, route, await measureRoute(sim, route)));
      return results;
    } finally {
      await pool.close();
    }
  } finally {
    child.stdin?.end();
    child.kill('SIGTERM');
  }
}

/** Sends `route`'s requests from CONCURRENCY workers; throws when any answer is not ok. */
export async function measureRoute(sim: SimulatorProcess, route: LoadRoute): Promise<RouteFigures> {
  const warmup = route.warmup ?? 2000;
  if (warmup > 0) await drive(sim, route, warmup, 60, (i) => (route.count ?? DEFAULT_COUNT) + i);
  const cpuBefore = cpuMicros(sim.pid);
  const started = performance.now();
  const sent = await drive(
    sim,
    route,
    route.count ?? DEFAULT_COUNT,
    route.seconds ?? DEFAULT_SECONDS,
    (i) => i,
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuMicros(sim.pid) - cpuBefore;
  return { requests: sent, perSecond: sent / seconds, cpuMicrosPerRequest: cpu / sent };
}

async function drive(
  sim: SimulatorProcess,
  route: LoadRoute,
  count: number,
  seconds: number,
  indexOf: (i: number) => number,
): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  let failures = 0;
  let firstFailure: unknown;
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      const { status, json } = await sim.send(route.requestOf(indexOf(i)), i % CHECK_EVERY === 0);
      if (status !== 200 || (json !== undefined && !route.ok(json))) {
        failures++;
        firstFailure ??= json ?? { status };
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failures > 0)
    throw new Error(
      `${route.name}: ${failures} calls failed, e.g. ${JSON.stringify(firstFailure).slice(0, 300)}`,
    );
  return next;
}

function report(system: string, route: LoadRoute, f: RouteFigures): BenchResult[] {
  const label = `${system} simulator ${route.name}`;
  const out: BenchResult[] = [{ name: label, value: Math.round(f.perSecond), unit: 'req/s' }];
  if (route.itemsPerRequest)
    out.push({
      name: label,
      value: Math.round(f.perSecond * route.itemsPerRequest.per),
      unit: route.itemsPerRequest.unit,
    });
  out.push({ name: `${label} server CPU`, value: Math.round(f.cpuMicrosPerRequest), unit: 'µs/req' });
  return out;
}

async function send(
  pool: Pool,
  req: LoadRequest,
  parse: boolean,
): Promise<{ status: number; json: unknown }> {
  const headers = {
    ...req.headers,
    ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  const response = await pool.request({
    method: req.method,
    path: req.path,
    headers,
    body: req.body === undefined ? null : JSON.stringify(req.body),
  });
  const status = response.statusCode;
  if (!parse) {
    await response.body.dump({ limit: Number.MAX_SAFE_INTEGER });
    return { status, json: undefined };
  }
  const text = await response.body.text();
  try {
    return { status, json: JSON.parse(text) };
  } catch {
    return { status, json: { status, text: text.slice(0, 200) } };
  }
}

function readHello(child: ChildProcess): Promise<{ url: string; fixture: Record<string, unknown> }> {
  return new Promise((resolveHello, reject) => {
    if (!child.stdout) return reject(new Error('simulator process has no stdout'));
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) =>
      reject(new Error(`simulator process exited (${code}) before it printed its URL`)),
    );
    lines.once('line', (line) =>
      resolveHello(JSON.parse(line) as { url: string; fixture: Record<string, unknown> }),
    );
  });
}

const TICKS_PER_SECOND = clockTicks();

/** CPU time (user + system) the process has used so far, µs, from /proc/<pid>/stat. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / TICKS_PER_SECOND) * 1e6;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
