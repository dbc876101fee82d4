import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { documentJsonSchemaText } from '../../definitions/index.ts';
import { zhEn } from '../messages.ts';
import { atSpot } from '../system-errors.ts';

/** `qiao schema`: prints (or writes) the JSON Schema of definition files, for editors and CI. */
export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description(
      zhEn(
        '输出定义文件的 JSON Schema（供编辑器使用：yaml-language-server）',
        'print the JSON Schema of definition files (for editors: yaml-language-server)',
      ),
    )
    .option('--out <file>', zhEn('写入这个文件，而不是输出', 'write it to a file instead of printing'))
    .action(async (options: { out?: string }) => {
      const text = documentJsonSchemaText();
      const out = options.out;
      if (out) await atSpot({ write: out }, () => writeFile(out, text, 'utf8'));
      else process.stdout.write(text);
    });
}
