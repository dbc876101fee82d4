import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from './diagnostic.ts';
import { formatDiagnostic, formatDiagnostics } from './format-diagnostic.ts';
import { validateDocument } from './validate-document.ts';

describe('formatDiagnostic', () => {
  it('prints file, line, column, code, path and message on one line', () => {
    const text = 'schemaVersion: 1\nkind: connection\nid: c\nconnector: http\nenvironment: staging\n';
    const [d] = validateDocument(text, { file: 'conn.yaml' }).diagnostics;
    expect(d && formatDiagnostic(d)).toBe(`conn.yaml:5:14  schema.enum  environment  ${d?.message}`);
  });

  it('marks warnings and leaves out unknown parts', () => {
    const line = formatDiagnostic({
      code: 'ref.unset_env',
      severity: 'warning',
      message: 'm',
      path: 'secrets.a',
    });
    expect(line).toBe('ref.unset_env (warning)  secrets.a  m');
  });

  it('counts errors and warnings', () => {
    const out = formatDiagnostics([
      { code: 'yaml.syntax', severity: 'error', message: 'a', path: '', line: 1, column: 2 },
      { code: 'ref.unset_env', severity: 'warning', message: 'b', path: 'x' },
    ]);
    expect(out.split('\n')).toEqual([
      '1:2  yaml.syntax  a',
      'ref.unset_env (warning)  x  b',
      '1 error, 1 warning',
    ]);
  });
});

describe('diagnostic codes', () => {
  it('are all documented in the readme', async () => {
    const readme = await readFile(new URL('./README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `'));
    const missing = Object.keys(DIAGNOSTIC_CODES).filter(
      (code) => !rows.some((row) => row.startsWith(`| \`${code}\` `)),
    );
    expect(missing).toEqual([]);
  });
});
