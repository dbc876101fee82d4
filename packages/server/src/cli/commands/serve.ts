import type { Command } from 'commander';
import { CliError } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { t, zhEn } from '../messages.ts';
import { applyProject, openRuntime } from '../project.ts';
import { atSpot } from '../system-errors.ts';

/** `qiao serve`: the HTTP API, the engine's workers, the cron scheduler and webhook intake, until Ctrl-C. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      zhEn(
        '提供 HTTP API 和控制台，运行引擎和调度器',
        'serve the HTTP API and console, run the engine and the scheduler',
      ),
    )
    .option(
      '--project <dir>',
      zhEn('启动时应用这个文件夹中的定义', 'apply the definitions of this folder at start'),
    )
    .option('--port <port>', zhEn('监听的端口', 'port to listen on'), process.env.QIAO_PORT ?? '8080')
    .option('--host <host>', zhEn('监听的地址', 'address to listen on'), process.env.QIAO_HOST ?? '127.0.0.1')
    .action(async (options: { project?: string; port: string; host: string }, command: Command) => {
      const port = portOption(options.port);
      // The API stack (Hono, OpenAPI, console serving) is loaded only by the commands that serve.
      const { startQiaoServer } = await import('../../runtime/serve.ts');
      const runtime = await openRuntime(globalOptions(command));
      try {
        if (options.project) await applyProject(runtime, options.project);
        const server = await atSpot({ listen: port, host: options.host }, () =>
          startQiaoServer(runtime, { port, host: options.host }),
        );
        for (const line of servingLines(server)) console.log(line);
        await waitForSignal();
        await server.close();
      } finally {
        await runtime.close();
      }
    });
}

/**
 * What `qiao serve` prints once it listens: where, whether the console is there — from a clone without
 * `npm run build` it is not, and the line says how to get it — and how to stop.
 */
export function servingLines(server: { url: string; consoleServed: boolean }): string[] {
  const lines = [t('serving', { url: server.url })];
  if (!server.consoleServed) lines.push(t('consoleNotBuilt'));
  lines.push(t('stopHint'));
  return lines;
}

/** The `--port` of a command that listens: an integer 0–65535 (0: any free port). */
export function portOption(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(t('optionInteger', { flag: '--port', min: 0, max: 65535 }));
  return port;
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
