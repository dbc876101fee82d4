import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createLogger } from '../observability/logger.ts';
import { createRuntime, type Runtime } from '../runtime/create-runtime.ts';
import { type QiaoServer, startQiaoServer } from '../runtime/serve.ts';
import { watchAlert } from './alerts.ts';
import { type DemoSystems, startDemoSystems } from './demo-systems.ts';
import { EXAMPLES, loadExampleFiles, pointConnections } from './example-documents.ts';
import { runScenario000 } from './scenario-000.ts';
import { runRealtime, runScenario001 } from './scenario-001.ts';
import { summarize000, summarize001, summarizeAlerts, summarizeRealtime } from './summary.ts';

/** Options of `qiao demo`. */
export interface DemoOptions {
  /** The global data dir; the demo uses (and wipes) `<dataDir>/demo`. */
  dataDir: string;
  port: number;
  /** Take a free port when `port` is busy (the user did not ask for that port). */
  portFallback?: boolean;
  instances: number;
  /** The demo stops after the summary (`--once`): the summary then offers no console to open. */
  once?: boolean;
  print: (line: string) => void;
}

/** A finished demo that keeps serving: `ok` is false when a scenario failed. */
export interface RunningDemo {
  ok: boolean;
  url: string;
  close(): Promise<void>;
}

/** Loads both examples, points their connections at the simulators and stores them. */
async function applyExamples(runtime: Runtime, systems: DemoSystems): Promise<void> {
  const env = { ...process.env, ...systems.env };
  const files = [
    ...(await loadExampleFiles(EXAMPLES.seed001, env)),
    ...(await loadExampleFiles(EXAMPLES.seed000, env)),
    ...(await loadExampleFiles(EXAMPLES.alerts, env)),
  ];
  // The files' texts are kept with the versions (the console shows them, comments included).
  const sources = new Map(files.map((f) => [f.document, f.source]));
  const pointed = pointConnections(
    files.map((f) => f.document),
    {
      dingtalk: { baseUrl: systems.urls.dingtalk },
      'dingtalk-robot': { baseUrl: systems.urls.dingtalk },
      'kingdee-k3cloud': { baseUrl: systems.urls.k3cloud },
      'kingdee-jdy': { baseUrl: systems.urls.jdy },
    },
    { perSecond: 2000, burst: 200 },
  );
  await runtime.documents.applyAll(pointed, { sourceOf: (document) => sources.get(document) });
}

/**
 * `qiao demo`: a fresh data dir, the three simulators (seeded), both examples pointed at them,
 * the server (API + DingTalk callback route), then scenario 001 (sync), the real-time callback
 * path and scenario 000 (form → flow), printing what happened. The server keeps running until `close`.
 */
export async function runDemo(options: DemoOptions): Promise<RunningDemo> {
  const { print } = options;
  const started = performance.now();
  const dataDir = resolve(join(options.dataDir, 'demo'));
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  const systems = await startDemoSystems({ instances: options.instances });
  print('桥 Qiao 演示 / demo');
  print(`   钉钉模拟器 DingTalk simulator: ${systems.urls.dingtalk}（${options.instances} 条审批实例）`);
  print(`   金蝶云星空模拟器 K3Cloud simulator: ${systems.urls.k3cloud}`);
  print(`   金蝶精斗云模拟器 JDY simulator: ${systems.urls.jdy}`);
  const env = { ...process.env, ...systems.env };
  const runtime = await createRuntime({ dataDir, env });
  let server: QiaoServer | undefined;
  try {
    await applyExamples(runtime, systems);
    server = await startServer(runtime, options);
    print(`   Qiao 服务 server: ${server.url}（数据目录 data dir ${dataDir}）`);
    const callbackUrl = `${server.url}/callbacks/dingtalk`;
    const registered = await systems.dingtalk.sim.registerCallback({ url: callbackUrl });
    print(`   钉钉回调 callback: ${callbackUrl} ${registered ? '已注册 registered' : '注册失败'}`);
    print('');
    const s001 = await runScenario001(runtime, {
      dingtalk: systems.dingtalk.sim,
      k3cloud: systems.k3cloud.sim,
    });
    for (const line of summarize001(s001)) print(line);
    const realtime = await runRealtime(runtime, systems.dingtalk.sim, (id) => callbackRunOf(runtime, id));
    for (const line of summarizeRealtime(realtime)) print(line);
    // Scenario 000 fails one voucher on purpose: its failed run starts the alert flow (examples/alerts).
    const alert = watchAlert(runtime, systems.dingtalk.sim);
    const s000 = await runScenario000(runtime, systems.jdy.sim);
    for (const line of summarize000(s000)) print(line);
    const alerts = await alert();
    for (const line of summarizeAlerts(alerts)) print(line);
    const ok =
      s001.run.status === 'succeeded' &&
      realtime.run?.status === 'succeeded' &&
      s000.records.every((r) => r.ok || r.title.includes('应失败')) &&
      alerts.run?.status === 'succeeded' &&
      alerts.messages.length >= 1;
    print('');
    print(
      `总用时 total: ${((performance.now() - started) / 1000).toFixed(2)} s — ${ok ? '✓ 全部场景完成 all scenarios done' : '✗ 有场景失败 a scenario failed'}`,
    );
    for (const line of whereToLook(server, dataDir, options.once === true)) print(line);
    const running = server;
    return {
      ok,
      url: running.url,
      async close() {
        await running.close();
        await runtime.close();
        await systems.close();
      },
    };
  } catch (error) {
    await server?.close();
    await runtime.close();
    await systems.close();
    throw error;
  }
}

/** The closing lines: the console and API to open while the demo serves (none with `--once`), and the CLI on its data. */
function whereToLook(server: QiaoServer, dataDir: string, once: boolean): string[] {
  const cli = `命令行 / CLI: npx qiao --data-dir ${dataDir} runs list`;
  if (once)
    return [
      '--once：服务器随即停止；不加 --once 运行可继续使用控制台与 API / --once: the server stops now; run without --once to keep the console and API',
      cli,
    ];
  if (server.consoleServed)
    return [
      `控制台与 API / console and API: ${server.url}（首次打开时创建管理员账号 / the first visit creates the admin account）`,
      cli,
    ];
  return [
    `API: ${server.url}（控制台未构建，先运行 npm run build / the console is not built: run npm run build）`,
    cli,
  ];
}

/** Starts the server (quiet logs: the demo prints its own summary), on a free port if the default one is busy. */
async function startServer(runtime: Runtime, options: DemoOptions): Promise<QiaoServer> {
  const logger = createLogger({ level: 'fatal' });
  try {
    return await startQiaoServer(runtime, { port: options.port, logger });
  } catch (error) {
    if (!options.portFallback || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return startQiaoServer(runtime, { port: 0, logger });
  }
}

/** Resolves with the id of the run a system callback started for this source record. */
function callbackRunOf(runtime: Runtime, item: string): Promise<string> {
  return new Promise((resolve) => {
    const listener = ({ run }: { run: { id: string; trigger: unknown } }) => {
      const trigger = run.trigger as { type?: string; items?: unknown[] } | null;
      if (trigger?.type !== 'callback' || !trigger.items?.includes(item)) return;
      runtime.engine.events.off('run:started', listener);
      resolve(run.id);
    };
    runtime.engine.events.on('run:started', listener);
  });
}
