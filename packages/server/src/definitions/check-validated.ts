import { type CheckOptions, checkReferences, type ReferenceCatalogue } from './check-references.ts';
import { type Diagnostic, sortBySource } from './diagnostic.ts';
import { DOCUMENT_KINDS } from './json-schema.ts';
import { looseObject } from './loose-value.ts';
import type { ValidationResult } from './validate-document.ts';

/**
 * Every problem of a validated document at once: the validation's own diagnostics plus the reference and
 * expression checks — of the document, or, when it failed the schema, of every part of its parsed value
 * that can be checked (none said twice: see `withoutReported`). Sorted by source position. A document
 * that failed the schema stays refused: `result.document` is absent and the schema errors are kept.
 */
export async function checkValidated(
  result: ValidationResult,
  catalogue: ReferenceCatalogue,
  options: Omit<CheckOptions, 'locate' | 'file'> = {},
): Promise<Diagnostic[]> {
  const context = { ...options, file: result.file, locate: result.locate };
  if (result.document !== undefined)
    return sortBySource([
      ...result.diagnostics,
      ...(await checkReferences(result.document, catalogue, context)),
    ]);
  if (!isCheckable(result.value)) return result.diagnostics;
  const found = await checkReferences(result.value, catalogue, context);
  return sortBySource([...result.diagnostics, ...withoutReported(found, result.diagnostics)]);
}

/**
 * Whether a value that failed the schema can still be checked: the text parsed (no `yaml.*` problem) into
 * an object of a known `kind` — without one, nothing says what its parts mean.
 */
function isCheckable(value: unknown): boolean {
  const kind = looseObject(value)?.kind;
  return DOCUMENT_KINDS.some((k) => k === kind);
}

/**
 * Leaves out the diagnostics `found` at a path where an error was already `reported`, or inside it (a
 * malformed part is reported once, by the schema). Paths are compared per file.
 */
export function withoutReported(found: readonly Diagnostic[], reported: readonly Diagnostic[]): Diagnostic[] {
  const errors = reported.filter((d) => d.severity === 'error');
  if (errors.length === 0) return [...found];
  return found.filter(
    (d) => !errors.some((e) => (e.file ?? '') === (d.file ?? '') && isWithin(d.path, e.path)),
  );
}

/** Whether `path` is `outer` or below it (`steps[1]` holds `steps[1].id` and `steps[1][0]`, not `steps[10]`). */
function isWithin(path: string, outer: string): boolean {
  if (outer === '' || path === outer) return true;
  return path.startsWith(outer) && (path[outer.length] === '.' || path[outer.length] === '[');
}
