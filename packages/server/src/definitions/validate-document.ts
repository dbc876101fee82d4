import { checkValues } from './check-values.ts';
import {
  type Diagnostic,
  type DiagnosticContext,
  hasErrors,
  type Locate,
  sortBySource,
} from './diagnostic.ts';
import { documentSchema, type QiaoDocument } from './document.ts';
import { parseDocumentText } from './parse-document.ts';
import { issuesToDiagnostics } from './zod-diagnostics.ts';

/** The outcome of validating one definition file. */
export interface ValidationResult {
  /** The document with schema defaults applied; absent when any error was found. */
  document?: QiaoDocument;
  /** Every problem found at once, in source order. */
  diagnostics: Diagnostic[];
  /** Finds the line/column of a path in the source (for later reference checks). */
  locate: Locate;
  /** The file the diagnostics name, as given (for later reference checks). */
  file?: string | undefined;
  /**
   * The parsed value, as given (no defaults); absent when the text does not parse. When the schema fails,
   * `checkValidated` checks the references and expressions of its parts that can be checked.
   */
  value?: unknown;
}

/**
 * Parses and validates a YAML/JSON definition: syntax, the schema of its `kind` (every zod issue mapped to a
 * located diagnostic), cron and time zones. Never throws for bad input.
 */
export function validateDocument(
  text: string,
  options: { file?: string | undefined } = {},
): ValidationResult {
  const parsed = parseDocumentText(text, options);
  if (parsed.diagnostics.length > 0)
    return { diagnostics: parsed.diagnostics, locate: parsed.locate, file: options.file };
  return validateValue(parsed.value, { file: options.file, locate: parsed.locate });
}

/** Validates an already parsed value (e.g. a JSON body from the API); positions come from `context.locate`. */
export function validateValue(value: unknown, context: DiagnosticContext = {}): ValidationResult {
  const locate: Locate = context.locate ?? (() => undefined);
  const { file } = context;
  const result = documentSchema.safeParse(value);
  const valueProblems = checkValues(value, context);
  if (!result.success) {
    const diagnostics = [...issuesToDiagnostics(result.error.issues, value, context), ...valueProblems];
    return { diagnostics: sortBySource(diagnostics), locate, file, value };
  }
  if (hasErrors(valueProblems)) return { diagnostics: valueProblems, locate, file, value };
  return { document: result.data, diagnostics: valueProblems, locate, file, value };
}
