import type { Context } from 'hono';
import {
  type Diagnostic,
  type DocumentKind,
  hasErrors,
  type Locate,
  parseDocumentText,
  type QiaoDocument,
  type ValidationResult,
  validateDocument,
  validateValue,
} from '../definitions/index.ts';
import { bilingual, QiaoError, quoted } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { DocumentService } from '../runtime/document-service.ts';
import type { ApiEnv } from './api-env.ts';

/** Content types read as YAML/JSON text (anything else must be JSON). */
const TEXT_TYPES = /^(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain)\b/i;

/** A definition body as received: the parsed value and, for text bodies, the original text. */
export interface DefinitionBody {
  value: unknown;
  text: string | null;
  /**
   * Located problems of a text body that is refused (syntax, schema, and the references of the parts that
   * can be checked); warnings of an accepted one.
   */
  diagnostics: Diagnostic[];
  /** Finds positions in the text of an accepted text body, for the later reference checks. */
  locate?: Locate;
}

/** Whether the request carries a YAML/JSON text body rather than a JSON document. */
export function isTextBody(c: Context<ApiEnv>): boolean {
  return TEXT_TYPES.test(c.req.header('content-type') ?? '');
}

/**
 * Reads a text body (YAML or JSON) with file-less, line-located diagnostics. With `path` (a PUT to
 * `/{kind}s/{id}`), `kind`, `id` and `schemaVersion` are filled from it before validation when the text
 * leaves them out — as for a JSON body — and a text naming another kind or id is refused (INPUT_INVALID).
 * A body that fails the schema is refused (`value` undefined) with every problem at once: `documents`
 * checks the references and expressions of its parts that can be checked.
 */
export async function readTextBody(
  c: Context<ApiEnv>,
  documents: DocumentService,
  path?: { kind: DocumentKind; id: string },
): Promise<DefinitionBody> {
  const text = await c.req.text();
  const result = path === undefined ? validateDocument(text) : validateForPath(text, path.kind, path.id);
  if (hasErrors(result.diagnostics))
    return { value: undefined, text, diagnostics: (await documents.checkValidated(result)).diagnostics };
  return { value: result.document, text, diagnostics: result.diagnostics, locate: result.locate };
}

/**
 * Validates a text as the document at `/{kind}s/{id}`: the parsed value gets the path's `kind`, `id` and
 * `schemaVersion` where it has none (`fitToPath`), and is validated located in the text as sent — only
 * the value is completed, never the text, so every line and column is the sender's.
 */
function validateForPath(text: string, kind: DocumentKind, id: string): ValidationResult {
  const parsed = parseDocumentText(text);
  if (parsed.diagnostics.length > 0) return { diagnostics: parsed.diagnostics, locate: parsed.locate };
  // A value that is not an object is left to the schema, which says so (located, with the usual diagnostics).
  const value = isJsonObject(parsed.value) ? fitToPath(parsed.value, kind, id) : parsed.value;
  return validateValue(value, { locate: parsed.locate });
}

/** Throws DEFINITION_INVALID listing every diagnostic (the 400 body's `details.diagnostics`). */
export function invalidDefinition(diagnostics: readonly Diagnostic[]): QiaoError {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const at = first?.path ? `${first.path}: ` : '';
  const says = quoted(first?.message ?? '');
  return new QiaoError(
    'DEFINITION_INVALID',
    bilingual(
      `定义有 ${errors.length} 处错误${first ? `：${at}${says.zh}` : ''}`,
      `the definition has ${errors.length} error(s)${first ? `: ${at}${says.en}` : ''}`,
    ),
    { details: { diagnostics: diagnostics as unknown as JsonValue } },
  );
}

/**
 * Prepares a PUT body for `kind`/`id`: fills `kind`, `id` and `schemaVersion` when absent, rejects a
 * different kind or id, and drops masked secrets (`***`) so the stored ones are kept.
 */
export function fitToPath(value: unknown, kind: DocumentKind, id: string): JsonObject {
  if (!isJsonObject(value))
    throw new QiaoError('INPUT_INVALID', '定义必须是对象 / the definition must be an object');
  const out: JsonObject = { schemaVersion: 1, ...value, kind: value.kind ?? kind, id: value.id ?? id };
  if (out.kind !== kind)
    throw new QiaoError('INPUT_INVALID', `kind 应为 ${kind} / kind must be "${kind}" on this path`, {
      details: { kind: out.kind ?? null },
    });
  if (out.id !== id)
    throw new QiaoError(
      'INPUT_INVALID',
      bilingual(
        `id "${String(out.id)}" 与路径中的 "${id}" 不一致`,
        `id "${String(out.id)}" differs from the path "${id}"`,
      ),
    );
  if (kind === 'connection' && isJsonObject(out.secrets)) {
    out.secrets = Object.fromEntries(Object.entries(out.secrets).filter(([, v]) => v !== '***'));
  }
  return out;
}

/** Validates (schema + references) and stores a definition; throws DEFINITION_INVALID with every diagnostic. */
export async function applyDefinition(
  runtime: Runtime,
  value: JsonObject,
  options: { source: string | null; createdBy: string; locate?: Locate | undefined },
): Promise<{ document: QiaoDocument; version: number; createdAt: number; warnings: Diagnostic[] }> {
  const checked = await runtime.documents.check(value, [], { locate: options.locate });
  if (!checked.document) throw invalidDefinition(checked.diagnostics);
  // A connection's text may hold secret values: it is never kept as the version's source.
  const source = checked.document.kind === 'connection' ? null : options.source;
  const stored = await runtime.documents.apply(checked.document, { source, createdBy: options.createdBy });
  return {
    document: checked.document,
    version: stored.version,
    createdAt: stored.createdAt,
    warnings: checked.diagnostics,
  };
}
