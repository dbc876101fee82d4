import type { ConnectorGateway, Exchange, ExchangeObserver } from '../connectors/kit/gateway.ts';
import type { SyncDefinition } from '../definitions/flow-schema.ts';
import { type StructuredError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { LedgerStatus } from '../store/port.ts';
import type { SyncStore } from './context.ts';
import type { SyncEvaluator } from './evaluator.ts';
import { ledgerKeyOf, truthy } from './ledger-page.ts';
import { hasTableSources, loadTables } from './lookup-tables.ts';
import { sourceInput } from './read-source.ts';
import { nextWindow, openWindow, type SyncWindow, toEpochMs } from './window.ts';

/** Records a preview reads by default, and at most. */
export const PREVIEW_LIMIT = { default: 5, max: 20 } as const;
/** Pages a preview lists at most while looking for `limit` keyed records (filters may drop many). */
const MAX_PAGES = 10;
/** Exchanges a preview returns at most (each with its bodies): enough for the pages and details read. */
const MAX_EXCHANGES = 60;

/** One source record as the next run would see it, and what the sync would send for it. */
export interface PreviewRecord {
  key: string;
  /** The key's ledger status now; `new` = not in the ledger (the run would add it). */
  status: LedgerStatus | 'new';
  sourceTime: number | null;
  /** Whether the source filter lets it through (a record that does not is `skipped`, never sent); false when the detail call failed. */
  passes: boolean;
  /** The record as read (after the detail call, when the source has one). */
  source: JsonValue;
  /** The payload the sync would send: present when the record passes and the mapping succeeded. */
  mapped?: JsonValue;
  /** The detail call or the mapping failed (MAPPING_FAILED names the target field in `details.field`). */
  error?: StructuredError;
}

/** What a preview read and would write; nothing of it was stored or sent to the target. */
export interface SyncPreview {
  syncId: string;
  /** What was read: the source system's list, the given items, or the sources stored in the ledger (no call). */
  from: 'source' | 'items' | 'ledger';
  /** The window the next run reads (null without a watermark, or for given items). */
  window: { from: number; to: number } | null;
  pages: number;
  listed: number;
  keyless: number;
  /** More items or pages remain beyond the limit. */
  more: boolean;
  records: PreviewRecord[];
  /** Every HTTP exchange made (secrets redacted by the kit), the first MAX_EXCHANGES. */
  exchanges: Exchange[];
  /** The listing failed: records are those read before it. */
  error: StructuredError | null;
  /** Keys asked for (`keys`) that are not in the ledger. */
  unknownKeys?: string[];
  /** The `{$from: …}` lookup tables as loaded (those up to 5,000 rows), for the mapping editor's own preview. */
  tables?: JsonObject;
}

/** What a preview needs: no recordStep, no hand-off, no write side. */
export interface PreviewDeps {
  definition: SyncDefinition;
  /** This preview's lookup tables (`{$from: …}` ones loaded by previewSync); absent: the definition's. */
  tables?: JsonObject;
  gateway: ConnectorGateway;
  evaluator: SyncEvaluator;
  store: Pick<SyncStore, 'ledger' | 'syncState'>;
  clock: () => number;
  signal?: AbortSignal;
}

export interface PreviewOptions {
  /** Records to read (1…PREVIEW_LIMIT.max). */
  limit?: number;
  /** Source items to read instead of listing (like a callback run's `items`). */
  items?: JsonValue[];
  /**
   * Ledger keys whose stored sources are mapped instead of reading the source system (no call at all):
   * "would the edited mapping work for these failed records?" before retrying them.
   */
  keys?: string[];
  /** The first `limit` failed keys of the ledger, as `keys`. */
  failed?: boolean;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return PREVIEW_LIMIT.default;
  return Math.min(PREVIEW_LIMIT.max, Math.max(1, Math.floor(limit)));
}

/** The window the next run would read: the open one (a run stopped mid-window), else the next one. */
async function previewWindow(deps: PreviewDeps): Promise<SyncWindow | null> {
  const watermark = deps.definition.source.watermark;
  if (!watermark) return null;
  const state = await deps.store.syncState.get(deps.definition.id);
  return openWindow(state)?.window ?? nextWindow(watermark, state?.watermark ?? null, deps.clock());
}

interface Keyed {
  key: string;
  item: JsonValue;
}

/** Lists pages from the window's first one until `limit` keyed records (or MAX_PAGES, or the end). */
async function listKeyed(
  deps: PreviewDeps,
  window: SyncWindow | null,
  limit: number,
  observe: ExchangeObserver,
  out: SyncPreview,
): Promise<Keyed[]> {
  const { source } = deps.definition;
  const keyOf = deps.evaluator.expression(source.key);
  const keyed: Keyed[] = [];
  const seen = new Set<string>();
  const input = await sourceInput(deps, window);
  let cursor: JsonValue = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const request = { connection: source.connection, operation: source.operation, input, cursor };
    const listed = await deps.gateway.listPage(
      deps.signal ? { ...request, signal: deps.signal } : request,
      observe,
    );
    out.pages++;
    out.listed += listed.items.length;
    for (const item of listed.items) {
      const text = ledgerKeyOf(await keyOf(item));
      if (text === undefined) {
        out.keyless++;
        continue;
      }
      if (seen.has(text)) continue;
      if (keyed.length === limit) {
        out.more = true;
        return keyed;
      }
      seen.add(text);
      keyed.push({ key: text, item });
    }
    cursor = listed.next ?? null;
    if (cursor === null) return keyed;
    if (keyed.length === limit) {
      out.more = true;
      return keyed;
    }
  }
  out.more = true;
  return keyed;
}

/** Detail (when the source has one), time, filter and mapping of one keyed record. */
async function previewRecord(
  deps: PreviewDeps,
  keyed: Keyed,
  status: PreviewRecord['status'],
  observe: ExchangeObserver,
): Promise<PreviewRecord> {
  const { source } = deps.definition;
  let record = keyed.item;
  if (source.detail) {
    try {
      const input = await deps.evaluator.value(source.detail.input)({ record: keyed.item, item: keyed.item });
      const request = {
        connection: source.connection,
        operation: source.detail.operation,
        input: isJsonObject(input) ? input : {},
      };
      record = await deps.gateway.call(deps.signal ? { ...request, signal: deps.signal } : request, observe);
    } catch (error) {
      const base = { key: keyed.key, status, sourceTime: null, passes: false };
      return { ...base, source: keyed.item, error: toStructuredError(error) };
    }
  }
  return evaluateRecord(deps, keyed.key, status, record);
}

/** Time, filter and mapping of one record as read (or as stored in the ledger). */
async function evaluateRecord(
  deps: PreviewDeps,
  key: string,
  status: PreviewRecord['status'],
  record: JsonValue,
): Promise<PreviewRecord> {
  const { source } = deps.definition;
  const base = { key, status, sourceTime: null, passes: false };
  const timeOf = source.watermark ? deps.evaluator.expression(source.watermark.field) : undefined;
  const filterOf = source.filter ? deps.evaluator.expression(source.filter) : undefined;
  const out: PreviewRecord = {
    ...base,
    source: record,
    sourceTime: timeOf ? toEpochMs(await timeOf(record)) : null,
    passes: filterOf ? truthy(await filterOf(record)) : true,
  };
  if (!out.passes) return out;
  try {
    out.mapped = await deps.evaluator.mapping(deps.definition, undefined, deps.tables)(record, key);
  } catch (error) {
    out.error = toStructuredError(error);
  }
  return out;
}

/**
 * A dry run of a sync's read side: lists the window the next run would read (from its first page)
 * or reads the given items, fetches details, evaluates key, time and filter, and maps the records
 * that pass — exactly as a run would, with the same gateway, evaluator and connection. Nothing is
 * stored (ledger, sync state, runs) and nothing is sent to the target or written back; the ledger is
 * only read, to tell which keys a run would add. No in-run retries: a failure shows at once, with
 * its exchange. Definition errors (an expression that does not compile) throw. With `keys` (or
 * `failed`) the ledger's stored sources are evaluated instead, and no call is made at all.
 */
export async function previewSync(given: PreviewDeps, options: PreviewOptions = {}): Promise<SyncPreview> {
  const tables = await previewTables(given);
  if ('error' in tables)
    return { ...emptyPreview(given, options), error: tables.error, exchanges: tables.exchanges };
  const deps: PreviewDeps = tables.loaded ? { ...given, tables: tables.loaded } : given;
  const preview = await previewRecords(deps, options, tables.exchanges);
  const shown = tablesForEditor(given.definition, tables.loaded);
  return shown ? { ...preview, tables: shown } : preview;
}

/** Rows of a loaded table a preview hands back (for the mapping editor's own preview); bigger ones are left out. */
const TABLE_ROWS_SHOWN = 5000;

/** The `{$from: …}` tables as loaded, those small enough to hand to the console's mapping editor. */
function tablesForEditor(definition: SyncDefinition, loaded: JsonObject | undefined): JsonObject | undefined {
  if (!loaded) return undefined;
  const out: JsonObject = {};
  for (const [name, table] of Object.entries(loaded)) {
    const declared = definition.tables?.[name];
    const fromSource = isJsonObject(declared) && '$from' in declared;
    if (fromSource && isJsonObject(table) && Object.keys(table).length <= TABLE_ROWS_SHOWN) out[name] = table;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The records of a preview, with its lookup tables loaded. */
async function previewRecords(
  deps: PreviewDeps,
  options: PreviewOptions,
  tableExchanges: Exchange[],
): Promise<SyncPreview> {
  const limit = clampLimit(options.limit);
  if (options.keys || options.failed) return previewStored(deps, options, limit);
  const window = options.items ? null : await previewWindow(deps);
  const out: SyncPreview = {
    ...emptyPreview(deps, options),
    window: window ? { from: window.from, to: window.to } : null,
    exchanges: tableExchanges,
  };
  const observe: ExchangeObserver = (exchange) => {
    if (out.exchanges.length < MAX_EXCHANGES) out.exchanges.push(exchange);
  };
  let keyed: Keyed[];
  try {
    keyed = options.items
      ? await keyItems(deps, options.items, limit, out)
      : await listKeyed(deps, window, limit, observe, out);
  } catch (error) {
    const structured = toStructuredError(error);
    if (structured.code === 'DEFINITION_INVALID' || structured.code === 'EXPRESSION_SYNTAX') throw error;
    out.error = structured;
    return out;
  }
  const known = await deps.store.ledger.getStates(
    deps.definition.id,
    keyed.map((k) => k.key),
  );
  const statusOf = new Map(known.map((s) => [s.sourceKey, s.status]));
  out.records = await Promise.all(
    keyed.map((k) => previewRecord(deps, k, statusOf.get(k.key) ?? 'new', observe)),
  );
  return out;
}

/** Keys of given items (no listing). */
async function keyItems(
  deps: PreviewDeps,
  items: JsonValue[],
  limit: number,
  out: SyncPreview,
): Promise<Keyed[]> {
  const keyOf = deps.evaluator.expression(deps.definition.source.key);
  const keyed: Keyed[] = [];
  out.listed = items.length;
  for (const item of items) {
    const key = ledgerKeyOf(await keyOf(item));
    if (key === undefined) {
      out.keyless++;
      continue;
    }
    if (keyed.length === limit) {
      out.more = true;
      break;
    }
    keyed.push({ key, item });
  }
  return keyed;
}

/** The ledger path: stored sources of the given (or the first failed) keys, evaluated and mapped; no call. */
async function previewStored(
  deps: PreviewDeps,
  options: PreviewOptions,
  limit: number,
): Promise<SyncPreview> {
  const syncId = deps.definition.id;
  const asked = options.failed
    ? (await deps.store.ledger.listStates(syncId, { status: ['failed'], limit: limit + 1 })).map(
        (s) => s.sourceKey,
      )
    : [...new Set(options.keys ?? [])];
  const keys = asked.slice(0, limit);
  const [states, sources] = await Promise.all([
    deps.store.ledger.getStates(syncId, keys),
    deps.store.ledger.sources(syncId, keys),
  ]);
  const statusOf = new Map(states.map((s) => [s.sourceKey, s.status]));
  const records: PreviewRecord[] = [];
  const unknownKeys: string[] = [];
  for (const key of keys) {
    const stored = sources.get(key);
    const status = statusOf.get(key);
    if (stored === undefined || status === undefined) unknownKeys.push(key);
    else records.push(await evaluateRecord(deps, key, status, stored));
  }
  return {
    ...emptyPreview(deps, options),
    ...(unknownKeys.length > 0 ? { unknownKeys } : {}),
    more: asked.length > limit,
    records,
  };
}

function emptyPreview(deps: PreviewDeps, options: PreviewOptions): SyncPreview {
  const from = options.keys || options.failed ? 'ledger' : options.items ? 'items' : 'source';
  return {
    syncId: deps.definition.id,
    from,
    window: null,
    pages: 0,
    listed: 0,
    keyless: 0,
    more: false,
    records: [],
    exchanges: [],
    error: null,
  };
}

/** Loads `{$from: …}` lookup tables as a run would (their calls kept as exchanges); a failure is the preview's error. */
async function previewTables(
  deps: PreviewDeps,
): Promise<
  { loaded?: JsonObject; exchanges: Exchange[] } | { error: StructuredError; exchanges: Exchange[] }
> {
  const exchanges: Exchange[] = [];
  if (!hasTableSources(deps)) return { exchanges };
  const observe: ExchangeObserver = (exchange) => {
    if (exchanges.length < MAX_EXCHANGES) exchanges.push(exchange);
  };
  try {
    const context = { ...deps, ...(deps.signal ? { callSignal: deps.signal } : {}) };
    return { loaded: await loadTables(context, observe), exchanges };
  } catch (error) {
    const structured = toStructuredError(error);
    if (structured.code === 'DEFINITION_INVALID' || structured.code === 'EXPRESSION_SYNTAX') throw error;
    return { error: structured, exchanges };
  }
}
