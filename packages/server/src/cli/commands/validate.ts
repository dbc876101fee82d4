import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { type Diagnostic, formatDiagnostic, loadDirectory } from '../../definitions/index.ts';
import { builtinConnectorModes } from '../../runtime/builtin-connectors.ts';
import { CliError, EXIT } from '../fail.ts';
import { currentLanguage, invalidSummary, notFound, t, zhEn } from '../messages.ts';

/** `qiao validate <paths…>`: every problem of every file at once, as `file:line:col  code  path  message`. */
export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      zhEn(
        '校验定义文件或文件夹（连接、连接器、动作流、同步方案、表单）',
        'validate definition files or folders (connections, connectors, flows, syncs, forms)',
      ),
    )
    .argument('<paths...>', zhEn('文件或文件夹', 'files or folders'))
    .option('--json', zhEn('以 JSON 输出诊断结果', 'print diagnostics as JSON'))
    .action(async (paths: string[], options: { json?: boolean }) => {
      const diagnostics: Diagnostic[] = [];
      let documents = 0;
      for (const path of paths) {
        const result = await validatePath(resolve(path));
        diagnostics.push(...result.diagnostics);
        documents += result.documents;
      }
      if (options.json) console.log(JSON.stringify({ documents, diagnostics }, null, 2));
      else printSummary(diagnostics, documents);
      if (diagnostics.some((d) => d.severity === 'error')) process.exitCode = EXIT.usage;
    });
}

/** Validates a folder as a project, or one file in the context of its folder (its references may live beside it). */
export async function validatePath(path: string): Promise<{ diagnostics: Diagnostic[]; documents: number }> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliError(notFound('path', path));
  const folder = info.isDirectory() ? path : dirname(path);
  const load = await loadDirectory(folder, { builtinConnectors: builtinConnectorModes() });
  if (info.isDirectory()) {
    if (load.documents.length === 0 && load.diagnostics.length === 0)
      throw new CliError(t('noFiles', { path }));
    return { diagnostics: withFolder(load.diagnostics, path), documents: load.documents.length };
  }
  const file = basename(path);
  return {
    diagnostics: withFolder(
      load.diagnostics.filter((d) => d.file === file),
      folder,
    ),
    documents: load.documents.filter((d) => d.file === file).length,
  };
}

function withFolder(diagnostics: Diagnostic[], folder: string): Diagnostic[] {
  const prefix = folder === process.cwd() ? '' : `${folder.replace(`${process.cwd()}/`, '')}/`;
  return diagnostics.map((d) => (d.file === undefined ? d : { ...d, file: `${prefix}${d.file}` }));
}

function printSummary(diagnostics: Diagnostic[], documents: number): void {
  for (const d of diagnostics) console.log(formatDiagnostic(d, currentLanguage()));
  if (diagnostics.length === 0) {
    console.log(t('summaryValid', { count: documents }));
    return;
  }
  console.log(invalidSummary(diagnostics, documents));
}
