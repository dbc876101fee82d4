import { defaultConsoleDist, explainMissingConsole, mountConsole } from '../api/console-static.ts';
import { createApi, startApiServer } from '../api/index.ts';
import { logEngineEvents } from '../observability/engine-log.ts';
import { createLogger, type Logger } from '../observability/logger.ts';
import { processMetricsRegistry } from '../observability/process-metrics.ts';
import { createScheduler } from '../triggers/index.ts';
import { startAlertSweeps } from './alert-sweeps.ts';
import type { Runtime } from './create-runtime.ts';
import { retentionFromEnv, startRetentionJob } from './retention-job.ts';

/** A running Qiao server: API + webhook intake, engine workers and the cron scheduler. */
export interface QiaoServer {
  url: string;
  port: number;
  /**
   * Whether the built web console is served at `/`; else only the API, and `/` says the console is not
   * built and how to build it.
   */
  consoleServed: boolean;
  close(): Promise<void>;
}

/** Starts the engine, the scheduler and the HTTP API of a runtime. */
export async function startQiaoServer(
  runtime: Runtime,
  options: { port?: number; host?: string; apiToken?: string; logger?: Logger; consoleDir?: string } = {},
): Promise<QiaoServer> {
  const logger = options.logger ?? createLogger();
  // The process metrics count CPU and GC from when they start: from the server's start, not its first scrape.
  processMetricsRegistry();
  const app = createApi(runtime, { apiToken: options.apiToken ?? process.env.QIAO_API_TOKEN });
  const consoleDir = options.consoleDir ?? defaultConsoleDist();
  const consoleServed = mountConsole(app, consoleDir);
  if (!consoleServed) explainMissingConsole(app);
  // Listen first: a port in use fails the start before any run, schedule or sweep has begun.
  const server = await startApiServer(app, { port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  const stopLogging = logEngineEvents(runtime.engine.events, logger);
  runtime.engine.start();
  // Alerts a process that died did not enqueue: at start, then every few minutes (other processes share the store).
  const alertSweeps = startAlertSweeps(runtime, logger);
  const scheduler = createScheduler({ store: runtime.store, engine: runtime.engine });
  await scheduler.start();
  const retention = startRetentionJob(runtime.store, retentionFromEnv(process.env), (error) =>
    runtime.engine.events.emit('engine:error', { error }),
  );
  logger.info(
    { url: server.url, console: consoleServed, ...(consoleServed ? {} : { consoleDir }) },
    'qiao serving',
  );
  return {
    url: server.url,
    port: server.port,
    consoleServed,
    async close() {
      scheduler.stop();
      retention.stop();
      alertSweeps.stop();
      stopLogging();
      await server.close();
    },
  };
}
