/**
 * The `qiao` command: validate definitions, run a flow or sync once, serve the API and scheduler,
 * inspect runs and ledgers, start simulators, and run the demo. Errors are one clear line.
 */
import { Command, CommanderError } from 'commander';
import { tuneEngineHeap } from '../runtime/engine-heap.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerLedgerCommand } from './commands/ledger.ts';
import { registerPreviewCommand } from './commands/preview.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerRunsCommand } from './commands/runs.ts';
import { registerSchemaCommand } from './commands/schema.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerValidateCommand } from './commands/validate.ts';
import { CliError, EXIT, reportError } from './fail.ts';
import { type Language, parseLanguage, setLanguage, unknownLanguage } from './messages.ts';

/** Commands (leaf names: `runs retry` and `ledger retry` are `retry`) whose process runs the engine, so gets `tuneEngineHeap`. */
const ENGINE_COMMANDS = new Set(['run', 'serve', 'demo', 'retry']);

/** The language `--lang` (else QIAO_LANG, else Chinese) asks for; one the CLI does not speak is refused (exit 2). */
function languageOf(option: string | undefined): Language {
  const env = process.env.QIAO_LANG?.trim();
  if (option === undefined && !env) return 'zh';
  const [text, source] = option === undefined ? [env ?? '', 'QIAO_LANG'] : [option, '--lang'];
  const lang = parseLanguage(text);
  if (!lang) throw new CliError(unknownLanguage(text, source));
  return lang;
}

const program = new Command('qiao')
  .description('Qiao (桥) — integration platform for enterprise SaaS and ERP systems')
  .version('0.1.0')
  .option('--lang <lang>', 'message language: zh (default) or en')
  .option(
    '--data-dir <dir>',
    'where the embedded store and secret key live (env QIAO_DATA_DIR)',
    process.env.QIAO_DATA_DIR ?? '.qiao',
  )
  .option(
    '--database-url <url>',
    'PostgreSQL URL for cluster mode (env DATABASE_URL); default: SQLite in the data dir',
    process.env.DATABASE_URL,
  )
  .showHelpAfterError()
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`${text.trimEnd().split('\n')[0]}\n`) })
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
for (const command of program.commands) command.exitOverride().showHelpAfterError();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    const ok =
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help';
    process.exit(ok ? EXIT.ok : EXIT.usage);
  }
  process.exit(reportError(error));
}
