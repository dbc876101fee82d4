import { ERROR_CATALOGUE } from './catalogue.ts';

/** The error catalogue as Markdown (docs/errors.md is this text; a test keeps it current). */
export function errorCatalogueMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Every error Qiao stores or returns carries one of these stable codes (`src/errors/catalogue.ts`;',
    'this file is generated from it by `node bin/run-ts.mjs src/errors/write-error-docs.ts`). The kind',
    'decides what the engine does: **user** errors fail fast and are never retried, **operational** errors',
    'are retried with back-off, **auth-expired** refreshes the token or session once and retries, and',
    '**unexpected** errors are bugs, reported and not retried.',
    '',
    '| code | kind | 说明 | meaning |',
    '|---|---|---|---|',
  ];
  for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
    lines.push(`| \`${code}\` | ${entry.kind} | ${entry.zh} | ${entry.en} |`);
  }
  return `${lines.join('\n')}\n`;
}
