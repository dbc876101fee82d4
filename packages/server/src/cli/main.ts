/**
 * The `qiao` command: validate definitions, run a flow or sync once, serve the API and scheduler,
 * inspect runs and ledgers, start simulators, and run the demo. Errors are one clear line, in the
 * language of `--lang` / QIAO_LANG (Chinese by default), as is the help (`program.ts`).
 */
import { runCli } from './program.ts';

const exitCode = await runCli(process.argv.slice(2));
if (exitCode !== undefined) process.exit(exitCode);
