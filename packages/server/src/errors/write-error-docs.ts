import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCatalogueMarkdown } from './error-docs.ts';

/** docs/errors.md at the repository root. */
export const ERROR_DOCS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../docs/errors.md');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(ERROR_DOCS_FILE, errorCatalogueMarkdown(), 'utf8');
  console.log(`wrote ${ERROR_DOCS_FILE}`);
}
