import type { ConnectorDeclaration } from '../connectors/kit/connector-declaration.ts';
import {
  checkValidated,
  type Diagnostic,
  type DiagnosticContext,
  type DocumentKind,
  hasErrors,
  type QiaoDocument,
  type ValidationResult,
  validateValue,
} from '../definitions/index.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import type { DocumentVersion, Store } from '../store/port.ts';
import type { SecretsCodec } from './secrets-codec.ts';
import { storeCatalogue } from './store-catalogue.ts';

/** Dependencies first: connectors and connections before the flows and syncs that use them. */
const APPLY_ORDER: DocumentKind[] = ['connector', 'connection', 'form', 'flow', 'sync'];

/** Options of one apply. */
export interface ApplyOptions {
  /** Original text (kept with the version, e.g. YAML from a file or the console's text view). */
  source?: string | null;
  createdBy?: string | null;
  /** Documents applied together: references between them resolve. */
  together?: readonly QiaoDocument[];
}

/** Stores definitions as versions after validating them and checking their references. */
export interface DocumentService {
  /**
   * Validates a value (e.g. an API body) and its references; returns the document or every problem (the
   * references of a value that failed the schema are checked too). `context.locate` gives positions (a text body).
   */
  check(
    value: unknown,
    together?: readonly QiaoDocument[],
    context?: DiagnosticContext,
  ): Promise<{ document?: QiaoDocument; diagnostics: Diagnostic[] }>;
  /** Like `check`, for a text already validated (`validateDocument`): every problem, located in that text. */
  checkValidated(
    validated: ValidationResult,
    together?: readonly QiaoDocument[],
  ): Promise<{ document?: QiaoDocument; diagnostics: Diagnostic[] }>;
  /** Stores a validated document as a new version (when changed); connection secrets are sealed apart. */
  apply(document: QiaoDocument, options?: ApplyOptions): Promise<DocumentVersion>;
  /** Makes an older version current again (as a new version) and tells `onChange`, so caches drop the document. */
  rollback(kind: DocumentKind, id: string, version: number): Promise<DocumentVersion>;
  /** Enables or disables a document and tells `onChange` (a disabled connection refuses calls at once). */
  setEnabled(kind: DocumentKind, id: string, enabled: boolean): Promise<void>;
  /** Deletes a document (a connection with its sealed secrets) and tells `onChange`; false if there was none. */
  remove(kind: DocumentKind, id: string): Promise<boolean>;
  /**
   * Applies many documents in dependency order, references resolving among them; `sourceOf` gives a
   * document's original text (a project file's), kept with its version.
   */
  applyAll(
    documents: readonly QiaoDocument[],
    options?: Omit<ApplyOptions, 'together' | 'source'> & {
      sourceOf?: (document: QiaoDocument) => string | null | undefined;
    },
  ): Promise<DocumentVersion[]>;
}

/** Creates the document service over the store, with secrets sealed by `secrets`. */
export function createDocumentService(options: {
  store: Store;
  secrets: SecretsCodec;
  builtins: readonly ConnectorDeclaration[];
  now?: () => number;
  /** Called after a document changed (caches of connections and connectors drop it). */
  onChange?: (kind: DocumentKind, id: string) => void;
}): DocumentService {
  const { store, secrets, builtins } = options;
  const now = options.now ?? Date.now;

  const checkValidatedResult: DocumentService['checkValidated'] = async (validated, together = []) => {
    const { document } = validated;
    const others = document
      ? together.filter((d) => !(d.kind === document.kind && d.id === document.id))
      : together;
    const catalogue = await storeCatalogue(store, builtins, document ? [...others, document] : others);
    // A value that failed the schema is checked as far as it can be, and stays refused (no document).
    const diagnostics = await checkValidated(validated, catalogue);
    return document === undefined || hasErrors(diagnostics) ? { diagnostics } : { document, diagnostics };
  };

  const check: DocumentService['check'] = (value, together = [], context = {}) =>
    checkValidatedResult(validateValue(value, context), together);

  const apply: DocumentService['apply'] = async (given, applyOptions = {}) => {
    const { document: validated, diagnostics } = await check(given, applyOptions.together);
    if (!validated || hasErrors(diagnostics)) {
      const first = diagnostics.find((d) => d.severity === 'error');
      throw new QiaoError('DEFINITION_INVALID', `${given.kind} ${given.id}: ${first?.message ?? 'invalid'}`, {
        details: { diagnostics: diagnostics as unknown as JsonObject[] },
      });
    }
    // Store the validated document: schema defaults applied (a connection without `config` gets `{}`).
    const document = validated;
    const definition = { ...(document as unknown as JsonObject) };
    if (document.kind === 'connection') {
      const existing = await store.secrets.get(document.id);
      const merged = { ...(existing ? secrets.open(existing) : {}), ...document.secrets };
      await store.secrets.put(document.id, secrets.seal(merged), now());
      definition.secrets = {};
    }
    const version = await store.documents.put({
      kind: document.kind,
      id: document.id,
      definition,
      // A connection's text may hold secret values: it is never kept as the version's source.
      source: document.kind === 'connection' ? null : (applyOptions.source ?? null),
      createdBy: applyOptions.createdBy ?? null,
      now: now(),
    });
    options.onChange?.(document.kind, document.id);
    return version;
  };

  return {
    check,
    checkValidated: checkValidatedResult,
    apply,
    async setEnabled(kind, id, enabled) {
      await store.documents.setEnabled(kind, id, enabled, now());
      options.onChange?.(kind, id);
    },
    async remove(kind, id) {
      const deleted = await store.documents.delete(kind, id);
      if (deleted && kind === 'connection') await store.secrets.delete(id);
      options.onChange?.(kind, id);
      return deleted;
    },
    async rollback(kind, id, version) {
      const stored = await store.documents.rollback(kind, id, version, now());
      options.onChange?.(kind, id);
      return stored;
    },
    async applyAll(documents, { sourceOf, ...applyOptions } = {}) {
      const ordered = [...documents].sort(
        (a, b) => APPLY_ORDER.indexOf(a.kind) - APPLY_ORDER.indexOf(b.kind),
      );
      const versions: DocumentVersion[] = [];
      for (const document of ordered) {
        const source = sourceOf?.(document) ?? null;
        versions.push(await apply(document, { ...applyOptions, source, together: documents }));
      }
      return versions;
    },
  };
}
