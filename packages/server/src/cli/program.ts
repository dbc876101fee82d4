/**
 * The `qiao` command tree, and running it on a command line. The language (`--lang`, else QIAO_LANG, else
 * Chinese) is settled first, so the descriptions, the help and commander's own errors are all in it.
 */
import { CommanderError, Option, type OutputConfiguration } from 'commander';
import { tuneEngineHeap } from '../runtime/engine-heap.ts';
import { QiaoCommand } from './commander-i18n.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerLedgerCommand } from './commands/ledger.ts';
import { registerPreviewCommand } from './commands/preview.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerRunsCommand } from './commands/runs.ts';
import { registerSchemaCommand } from './commands/schema.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { EXIT, reportError } from './fail.ts';
import { langArgument, languageOf } from './global-options.ts';
import { setLanguage, t, zhEn } from './messages.ts';

/** Commands (leaf names: `runs retry` and `ledger retry` are `retry`) whose process runs the engine, so gets `tuneEngineHeap`. */
const ENGINE_COMMANDS = new Set(['run', 'serve', 'demo', 'retry']);

/** What commander ends with after showing what was asked for (help, the version): exit 0. */
const SHOWN = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * The `qiao` program in the current language (set it first). `output` replaces where commander writes (help,
 * its errors); commands still print with `console`.
 */
export function buildProgram(output: OutputConfiguration = {}): QiaoCommand {
  const program = new QiaoCommand('qiao')
    .description(
      zhEn(
        'Qiao（桥）— 企业 SaaS 与 ERP 系统的集成平台',
        'Qiao (桥) — integration platform for enterprise SaaS and ERP systems',
      ),
    )
    .version('0.1.0', '-V, --version', t('versionOption'))
    // Set before the commands are added: they inherit the help option, help command and output.
    .helpOption('-h, --help', t('helpOption'))
    .helpCommand('help [command]', t('helpCommand'))
    .option('--lang <lang>', zhEn('提示语言：zh（默认）或 en', 'message language: zh (default) or en'))
    .addOption(
      new Option(
        '--data-dir <dir>',
        zhEn('内置存储和密钥所在的目录', 'where the embedded store and secret key live'),
      )
        .env('QIAO_DATA_DIR')
        .default('.qiao'),
    )
    .addOption(
      new Option(
        '--database-url <url>',
        zhEn(
          '集群模式的 PostgreSQL 地址；不给出时用数据目录中的 SQLite',
          'PostgreSQL URL for cluster mode; without it, SQLite in the data dir',
        ),
      ).env('DATABASE_URL'),
    )
    .configureOutput(output)
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (command, action) => {
      setLanguage(languageOf(command.optsWithGlobals().lang));
      // Commands that run the engine get its heap settings before the engine loads (lazily, in the action).
      if (ENGINE_COMMANDS.has(action.name())) tuneEngineHeap();
    });

  registerValidateCommand(program);
  registerRunCommand(program);
  registerPreviewCommand(program);
  registerServeCommand(program);
  registerRunsCommand(program);
  registerLedgerCommand(program);
  registerSimulateCommand(program);
  registerSchemaCommand(program);
  registerDemoCommand(program);
  return program;
}

/**
 * Runs `qiao` with `args` (what follows the script's path). Returns the exit code when it ends here — help or
 * the version shown (0), a command-line mistake (2), an error of a command (`reportError`) — or undefined when
 * the command ran (it sets `process.exitCode` itself).
 */
export async function runCli(
  args: readonly string[],
  output: OutputConfiguration = {},
): Promise<number | undefined> {
  try {
    // Before the program is declared: its descriptions, help and commander's errors follow it.
    setLanguage(languageOf(langArgument(args)));
    await buildProgram(output).parseAsync([...args], { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return SHOWN.has(error.code) ? EXIT.ok : EXIT.usage;
    return reportError(error);
  }
}
