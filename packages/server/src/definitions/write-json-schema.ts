import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentJsonSchemaText } from './json-schema.ts';

/** The committed schema file: /schemas/qiao.schema.json at the repository root. */
export const SCHEMA_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../schemas/qiao.schema.json',
);

/** Writes the JSON Schema of the document format to `file` (default: the committed schema file). */
export async function writeJsonSchema(file: string = SCHEMA_FILE): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, documentJsonSchemaText(), 'utf8');
  await formatWithBiome(file);
  return file;
}

/** Lays the file out as the repository's formatter does, when biome is installed (content is unchanged). */
async function formatWithBiome(file: string): Promise<void> {
  const biome = resolve(dirname(SCHEMA_FILE), '../node_modules/.bin/biome');
  if (!existsSync(biome)) return;
  await new Promise<void>((done) => {
    execFile(biome, ['format', '--write', file], { cwd: dirname(file) }, () => done());
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`wrote ${await writeJsonSchema()}`);
}
