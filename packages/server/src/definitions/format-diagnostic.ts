import { messageIn } from '../errors/bilingual.ts';
import type { Diagnostic } from './diagnostic.ts';

/**
 * The one-line human form used by the CLI: `file:line:col  code  path  message` (warnings marked), with the
 * parts that are unknown left out; with `lang`, a `中文 / English` message in that language only.
 */
export function formatDiagnostic(diagnostic: Diagnostic, lang?: 'zh' | 'en'): string {
  let where = diagnostic.file ?? '';
  if (diagnostic.line !== undefined)
    where += `${where === '' ? '' : ':'}${diagnostic.line}:${diagnostic.column ?? 1}`;
  const code = diagnostic.severity === 'warning' ? `${diagnostic.code} (warning)` : diagnostic.code;
  const message = lang ? messageIn(diagnostic.message, lang) : diagnostic.message;
  return [where, code, diagnostic.path, message].filter((part) => part !== '').join('  ');
}

/** Formats many diagnostics, one per line, followed by a count of errors and warnings. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const lines = diagnostics.map((d) => formatDiagnostic(d));
  lines.push(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return lines.join('\n');
}
