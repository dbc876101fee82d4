import type { Command } from 'commander';
import type { FaultSpec } from '../../connectors/simulator-kit/index.ts';
import type { SimulatorName } from '../../runtime/simulators.ts';
import { CliError } from '../fail.ts';
import { t, zhEn } from '../messages.ts';
import { atSpot } from '../system-errors.ts';
import { waitForSignal } from './serve.ts';

/** The systems `qiao simulate` knows (the keys of runtime/simulators.ts SIMULATORS, which loads only when one starts). */
export const SIMULATOR_NAMES: readonly SimulatorName[] = ['dingtalk', 'k3cloud', 'jdy', 'feishu'];

/** `qiao simulate <system>`: runs a simulator of a real system so flows can be tried before production. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      zhEn(
        '运行钉钉、飞书、金蝶云星空或金蝶精斗云的模拟器（认证、错误、分页、限流、故障）',
        'run a simulator of DingTalk, Feishu, Kingdee K3Cloud or Kingdee JDY (auth, errors, paging, limits, faults)',
      ),
    )
    .argument(
      '<system>',
      zhEn(`以下之一：${SIMULATOR_NAMES.join(', ')}`, `one of: ${SIMULATOR_NAMES.join(', ')}`),
    )
    .option(
      '--port <port>',
      zhEn('监听的端口（0 = 任意空闲端口）', 'port to listen on (0 = any free port)'),
      '0',
    )
    .option('--host <host>', zhEn('监听的地址', 'address to listen on'), '127.0.0.1')
    .option(
      '--seed <n>',
      zhEn('生成数据和随机故障的种子', 'seed of the generated data and random faults'),
      '1',
    )
    .option(
      '--instances <n>',
      zhEn(
        '预置多少条记录（审批实例、单据、凭证）',
        'how many records to seed (approval instances, bills, vouchers)',
      ),
    )
    .option(
      '--faults <spec>',
      zhEn(
        '要注入的故障，例如 "lostResponse=0.1,5xx=0.05,latency=20,BatchSave:timeout=0.01"',
        'faults to inject, e.g. "lostResponse=0.1,5xx=0.05,latency=20,BatchSave:timeout=0.01"',
      ),
    )
    .option(
      '--no-rate-limit',
      zhEn('取消该系统的限流（用于基准测试）', "lift the system's rate limits (for benchmarks)"),
    )
    .action(
      async (
        system: string,
        options: {
          port: string;
          host: string;
          seed: string;
          instances?: string;
          faults?: string;
          rateLimit: boolean;
        },
      ) => {
        if (!SIMULATOR_NAMES.includes(system as SimulatorName))
          throw new CliError(t('unknownSystem', { system, names: SIMULATOR_NAMES.join(', ') }));
        const port = integer('--port', options.port, 0, 65535);
        const seed = integer('--seed', options.seed, 0, 2 ** 31);
        const instances =
          options.instances === undefined
            ? undefined
            : integer('--instances', options.instances, 0, 1_000_000);
        const [{ SIMULATORS }, { parseFaultSpec }] = await Promise.all([
          import('../../runtime/simulators.ts'),
          import('../../connectors/simulator-kit/index.ts'),
        ]);
        const entry = SIMULATORS[system as SimulatorName];
        let faults: FaultSpec | undefined;
        try {
          faults = options.faults ? parseFaultSpec(options.faults) : undefined;
        } catch (error) {
          throw new CliError(t('faultsInvalid', { reason: (error as Error).message }));
        }
        const sim = entry.create({ seed, instances, faults, liftRateLimits: !options.rateLimit });
        const running = await atSpot({ listen: port, host: options.host }, () =>
          sim.start({ port, host: options.host }),
        );
        for (const line of sim.describe(running.url)) console.log(line);
        console.log(t('stopHint'));
        await waitForSignal();
        await running.close();
      },
    );
}

function integer(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new CliError(t('optionInteger', { flag, min, max }));
  return value;
}
