import { ApiError } from '../api/client.ts';
import { inLanguage } from '../i18n/bilingual.ts';

/** A definition diagnostic as the API returns it in `details.diagnostics`. */
export interface Diagnostic {
  path?: string;
  message: string;
  severity?: string;
  line?: number;
}

/** The diagnostics of a DEFINITION_INVALID error (empty for other errors). */
export function diagnosticsOf(error: unknown): Diagnostic[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { diagnostics?: Diagnostic[]; issues?: Diagnostic[] } | null;
  return details?.diagnostics ?? details?.issues ?? [];
}

/** Human lines for an API error: each diagnostic as `path: message`, or the error message. */
export function problemsOf(error: unknown): string[] {
  const diags = diagnosticsOf(error).filter((d) => d.severity !== 'warning');
  if (diags.length)
    return diags.map((d) => (d.path ? `${d.path}: ${inLanguage(d.message)}` : inLanguage(d.message)));
  return [error instanceof Error ? error.message : String(error)];
}
