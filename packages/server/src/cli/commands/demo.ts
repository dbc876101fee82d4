import type { Command } from 'commander';
import { CliError } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { t, zhEn } from '../messages.ts';
import { atSpot } from '../system-errors.ts';
import { portOption, waitForSignal } from './serve.ts';

/** `qiao demo`: simulators + server + both seed scenarios, a summary, then serving until Ctrl-C (`--once` exits). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      zhEn(
        '启动模拟器和服务器，运行两个示例场景并输出结果',
        'start the simulators and the server, run both seed scenarios and print what happened',
      ),
    )
    .option(
      '--port <port>',
      zhEn('Qiao 服务器的端口', 'port of the Qiao server'),
      process.env.QIAO_PORT ?? '8080',
    )
    .option(
      '--instances <n>',
      zhEn('钉钉模拟器中预置的审批实例数', 'approval instances seeded in the DingTalk simulator'),
      '300',
    )
    .option(
      '--once',
      zhEn(
        '输出汇总后退出（有场景失败时退出码为 1）',
        'exit after the summary (exit code 1 when a scenario failed)',
      ),
    )
    .action(async (options: { port: string; instances: string; once?: boolean }, command: Command) => {
      const port = portOption(options.port);
      const instances = Number(options.instances);
      if (!Number.isInteger(instances) || instances < 1 || instances > 100_000)
        throw new CliError(t('optionInteger', { flag: '--instances', min: 1, max: 100_000 }));
      const { runDemo } = await import('../../demo/run-demo.ts');
      // The simulators listen on free ports: a port in use can only be the server's (--port).
      const demo = await atSpot({ listen: port }, () =>
        runDemo({
          dataDir: globalOptions(command).dataDir,
          port,
          portFallback: command.getOptionValueSource('port') === 'default',
          instances,
          once: options.once === true,
          print: (line) => console.log(line),
        }),
      );
      if (!options.once) {
        console.log(t('stopHint'));
        await waitForSignal();
      }
      await demo.close();
      process.exitCode = demo.ok ? 0 : 1;
    });
}
