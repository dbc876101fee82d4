import type { ConnectorDeclaration } from '../connectors/kit/connector-declaration.ts';
import {
  checkValidated,
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticContext,
  type DocumentKind,
  findDependents,
  hasErrors,
  type QiaoDocument,
  type ReferenceCatalogue,
  type ValidationResult,
  validateValue,
} from '../definitions/index.ts';
import { bilingual, QiaoError, quoted } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import type { DocumentVersion, Store } from '../store/port.ts';
import { builtinConnectorModes } from './builtin-connectors.ts';
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

/** A stored document that names another one (found by `DocumentService.usedBy`). */
export interface DocumentUser {
  kind: DocumentKind;
  id: string;
  enabled: boolean;
  /** The reference problems it would have without the document (`ref.unknown_connection` …). */
  codes: DiagnosticCode[];
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
  /**
   * Deletes a document (a connection with its sealed secrets) and tells `onChange`; false if there was none.
   * It does not look at what uses the document: ask `usedBy` first.
   */
  remove(kind: DocumentKind, id: string): Promise<boolean>;
  /**
   * What deleting a document would leave dangling: the stored documents whose references would then fail
   * the checks that refuse a save (flows and syncs using a connection, connections of a connector, flows
   * of a form, alerts naming a flow, tables and lookups reading a sync …), and whether a form has records.
   */
  usedBy(kind: DocumentKind, id: string): Promise<{ documents: DocumentUser[]; records: boolean }>;
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
    const extra = document ? [...others, document] : others;
    const catalogue = await withStoredRunnables(await storeCatalogue(store, builtins, extra), store);
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
      const says = quoted(first?.message ?? '定义无效 / invalid');
      const what = `${given.kind} ${given.id}`;
      throw new QiaoError('DEFINITION_INVALID', bilingual(`${what}：${says.zh}`, `${what}: ${says.en}`), {
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
    async usedBy(kind, id) {
      const documents: QiaoDocument[] = [];
      const enabled = new Map<string, boolean>();
      for (const head of await store.documents.list()) {
        const version = await store.documents.get(head.kind, head.id);
        if (version === undefined) continue;
        documents.push(version.definition as unknown as QiaoDocument);
        enabled.set(`${head.kind}:${head.id}`, head.enabled);
      }
      const found = await findDependents({ kind, id }, documents, builtinConnectorModes(builtins));
      const records = kind === 'form' && (await store.formRecords.list(id, { limit: 1 })).length > 0;
      return {
        documents: found.map((d) => ({ ...d, enabled: enabled.get(`${d.kind}:${d.id}`) ?? true })),
        records,
      };
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

/**
 * The store catalogue plus the stored flows and syncs (what alerts and lookups may name); the store
 * catalogue itself holds only connections, connectors, forms and the documents applied together.
 */
async function withStoredRunnables(catalogue: ReferenceCatalogue, store: Store): Promise<ReferenceCatalogue> {
  const [flows, syncs] = await Promise.all([store.documents.list('flow'), store.documents.list('sync')]);
  const stored = { flow: new Set(flows.map((h) => h.id)), sync: new Set(syncs.map((h) => h.id)) };
  return {
    ...catalogue,
    flow: (id) => catalogue.flow?.(id) === true || stored.flow.has(id),
    sync: (id) => catalogue.sync?.(id) === true || stored.sync.has(id),
  };
}
