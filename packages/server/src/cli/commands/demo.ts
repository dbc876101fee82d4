import type { Command } from 'commander';
import { CliError } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { waitForSignal } from './serve.ts';

/** `qiao demo`: simulators + server + both seed scenarios, a summary, then serving until Ctrl-C (`--once` exits). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the simulators and the server, run both seed scenarios and print what happened')
    .option('--port <port>', 'port of the Qiao server', process.env.QIAO_PORT ?? '8080')
    .option('--instances <n>', 'approval instances seeded in the DingTalk simulator', '300')
    .option('--once', 'exit after the summary (exit code 1 when a scenario failed)')
    .action(async (options: { port: string; instances: string; once?: boolean }, command: Command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError('--port must be 0–65535');
      const instances = Number(options.instances);
      if (!Number.isInteger(instances) || instances < 1 || instances > 100_000)
        throw new CliError('--instances must be 1–100000');
      const { runDemo } = await import('../../demo/run-demo.ts');
      const demo = await runDemo({
        dataDir: globalOptions(command).dataDir,
        port,
        portFallback: command.getOptionValueSource('port') === 'default',
        instances,
        print: (line) => console.log(line),
      });
      if (!options.once) {
        console.log('按 Ctrl-C 停止 / press Ctrl-C to stop');
        await waitForSignal();
      }
      await demo.close();
      process.exitCode = demo.ok ? 0 : 1;
    });
}
