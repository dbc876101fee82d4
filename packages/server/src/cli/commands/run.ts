import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { validateDocument } from '../../definitions/index.ts';
import { isJsonObject, type JsonValue } from '../../json.ts';
import type { RunRecord } from '../../store/port.ts';
import { CliError, EXIT } from '../fail.ts';
import { globalOptions } from '../global-options.ts';
import { t } from '../messages.ts';
import { createRunProgress } from '../progress.ts';
import { applyProject, openRuntime } from '../project.ts';

/** `qiao run <file>`: runs one flow or sync once, in this process, and exits with its outcome. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run a flow or sync file once (its folder is the project: connections, connectors, forms)')
    .argument('<file>', 'a flow or sync definition (YAML or JSON)')
    .option('--project <dir>', "the folder whose definitions the file uses (default: the file's folder)")
    .option('--input <json>', 'trigger input as JSON (manual trigger)', '{}')
    .option('--json', 'print the finished run as JSON')
    .action(
      async (
        file: string,
        options: { project?: string; input: string; json?: boolean },
        command: Command,
      ) => {
        const path = resolve(file);
        const text = await readFile(path, 'utf8').catch(() => {
          throw new CliError(t('notFound', { what: 'file', id: file }));
        });
        const { document } = validateDocument(text, { file: basename(path) });
        if (document && document.kind !== 'flow' && document.kind !== 'sync')
          throw new CliError(`${file}: kind must be flow or sync, not ${document.kind}`);
        const input = parseInput(options.input);
        const runtime = await openRuntime(globalOptions(command));
        try {
          await applyProject(runtime, options.project ?? dirname(path));
          if (!document) throw new CliError(`${file}: invalid`);
          const run = await runOnce(runtime, document.kind as 'flow' | 'sync', document.id, input);
          if (options.json) console.log(JSON.stringify(run, null, 2));
          process.exitCode = run.status === 'succeeded' ? EXIT.ok : EXIT.failed;
        } finally {
          await runtime.close();
        }
      },
    );
}

async function runOnce(
  runtime: Awaited<ReturnType<typeof openRuntime>>,
  kind: 'flow' | 'sync',
  id: string,
  input: JsonValue,
): Promise<RunRecord> {
  const runId = await runtime.engine.enqueue({ kind, id }, input);
  console.log(t('runStarted', { run: runId, kind, id }));
  const progress = createRunProgress(runtime, runId, kind === 'sync' ? id : undefined);
  const onWaiting = (event: { runId: string }) => {
    if (event.runId === runId) console.log(t('runWaiting', { run: runId, kind, id }));
  };
  runtime.engine.events.on('run:waiting', onWaiting);
  try {
    const run = await runtime.engine.runToCompletion(runId);
    await progress.finish(run);
    return run;
  } finally {
    runtime.engine.events.off('run:waiting', onWaiting);
    progress.stop();
  }
}

function parseInput(text: string): JsonValue {
  try {
    const value = JSON.parse(text) as JsonValue;
    if (!isJsonObject(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new CliError(`--input must be a JSON object, e.g. '{"amount": 100}'`);
  }
}
