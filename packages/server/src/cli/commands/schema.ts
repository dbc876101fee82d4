import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { documentJsonSchemaText } from '../../definitions/index.ts';
import { atSpot } from '../system-errors.ts';

/** `qiao schema`: prints (or writes) the JSON Schema of definition files, for editors and CI. */
export function registerSchemaCommand(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of definition files (for editors: yaml-language-server)')
    .option('--out <file>', 'write it to a file instead of printing')
    .action(async (options: { out?: string }) => {
      const text = documentJsonSchemaText();
      const out = options.out;
      if (out) await atSpot({ write: out }, () => writeFile(out, text, 'utf8'));
      else process.stdout.write(text);
    });
}
