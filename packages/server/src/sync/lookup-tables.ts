import type { ExchangeObserver } from '../connectors/kit/gateway.ts';
import { type TableSource, tableSourceSchema } from '../definitions/flow-schema.ts';
import { QiaoError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import type { SyncContext, SyncStore } from './context.ts';
import { sampleForStep } from './exchange-sample.ts';
import { parseDuration } from './window.ts';

/** Ledger rows read per statement when a table comes from another sync's ledger. */
const LEDGER_CHUNK = 1000;

/** What loading tables needs: the ledger (of another sync) and the gateway (a list operation). */
export interface TableContext
  extends Pick<
    SyncContext,
    'definition' | 'gateway' | 'evaluator' | 'callSignal' | 'definitionVersion' | 'tableCache'
  > {
  store: Pick<SyncStore, 'ledger'>;
  clock?: () => number;
}

/** Most loaded tables a process keeps (oldest dropped). */
const CACHED_TABLES = 50;

/** The `$from` of a table, or undefined for a written-out one. */
function sourceOf(table: JsonValue): TableSource | undefined {
  if (!isJsonObject(table) || !('$from' in table)) return undefined;
  return tableSourceSchema.parse(table).$from;
}

/** Another sync's written keys → their target number (or id), read in keyset chunks. */
async function ledgerTable(ctx: TableContext, from: Extract<TableSource, { sync: string }>) {
  const table: JsonObject = {};
  let after: string | undefined;
  for (;;) {
    const rows = await ctx.store.ledger.listStates(from.sync, {
      status: ['written'],
      limit: LEDGER_CHUNK,
      ...(after === undefined ? {} : { after }),
    });
    for (const row of rows) {
      const value = row[from.value];
      if (value !== null && value !== undefined) table[row.sourceKey] = value;
    }
    if (rows.length < LEDGER_CHUNK) return table;
    after = rows.at(-1)?.sourceKey;
  }
}

/** The rows of a list operation, every page, as `key → value` (at most `maxRows`). */
async function operationTable(
  ctx: TableContext,
  name: string,
  from: Exclude<TableSource, { sync: string }>,
  observe?: ExchangeObserver,
) {
  const keyOf = ctx.evaluator.expression(from.key);
  const rowValue = from.value === undefined ? undefined : ctx.evaluator.expression(from.value);
  const table: JsonObject = {};
  // Templated like a source's input (`{{ now }}` …), once per load.
  const built = await ctx.evaluator.value(from.input)({ now: ctx.clock?.() ?? Date.now() });
  const input = isJsonObject(built) ? built : {};
  let rows = 0;
  let cursor: JsonValue = null;
  do {
    const request = {
      connection: from.connection,
      operation: from.operation,
      input,
      cursor,
      ...(ctx.callSignal ? { signal: ctx.callSignal } : {}),
    };
    const page = await ctx.gateway.listPage(request, observe);
    rows += page.items.length;
    if (rows > from.maxRows)
      throw new QiaoError(
        'INPUT_INVALID',
        `查找表 ${name} 超过 ${from.maxRows} 行，请缩小查询（input）或调大 maxRows / lookup table "${name}" has more than ${from.maxRows} rows: narrow its input or raise maxRows`,
        { details: { table: name, maxRows: from.maxRows } },
      );
    for (const row of page.items) {
      const key = await keyOf(row);
      if (key === undefined || key === null || key === '') continue;
      table[typeof key === 'string' ? key : JSON.stringify(key)] = rowValue
        ? ((await rowValue(row)) ?? null)
        : row;
    }
    cursor = page.next ?? null;
  } while (cursor !== null);
  return table;
}

/**
 * The sync's lookup tables for this run: written-out ones as they are, `{$from: …}` ones loaded now —
 * another sync's ledger (written keys → target number or id) or every page of a list operation — once
 * per run, so the mapping's `$lookup` stays a synchronous read. A table that cannot be loaded fails the
 * run (retryable when the operation's error is), never a run mapping with a partial table.
 */
export async function loadTables(
  ctx: TableContext,
  observe?: ExchangeObserver,
  reused: string[] = [],
): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const [name, table] of Object.entries(ctx.definition.tables ?? {})) {
    const from = sourceOf(table);
    if (from === undefined) {
      out[name] = table;
      continue;
    }
    // A table with `refresh` is reused while younger than it (same sync version: same source).
    const key = `${ctx.definition.id}@${ctx.definitionVersion ?? 'draft'}:${name}`;
    const now = ctx.clock?.() ?? Date.now();
    const kept = from.refresh === undefined ? undefined : ctx.tableCache?.get(key);
    if (kept && from.refresh !== undefined && now - kept.loadedAt < parseDuration(from.refresh)) {
      out[name] = kept.table;
      reused.push(name);
      continue;
    }
    const loaded =
      'sync' in from ? await ledgerTable(ctx, from) : await operationTable(ctx, name, from, observe);
    out[name] = loaded;
    if (from.refresh !== undefined && ctx.tableCache) {
      ctx.tableCache.delete(key);
      if (ctx.tableCache.size >= CACHED_TABLES)
        ctx.tableCache.delete(ctx.tableCache.keys().next().value ?? '');
      ctx.tableCache.set(key, { loadedAt: now, table: loaded });
    }
  }
  return out;
}

/** Whether any table is loaded at run start (the run then loads them before reading). */
export function hasTableSources(ctx: Pick<SyncContext, 'definition'>): boolean {
  return Object.values(ctx.definition.tables ?? {}).some((t) => sourceOf(t) !== undefined);
}

/**
 * Loads the run's tables as a step of its own (`tables:1`: rows per table, the exchanges of the loading
 * calls), so a table that fails to load shows with the call that failed. Undefined when every table
 * is written out (no step, no call).
 */
export async function loadRunTables(ctx: SyncContext): Promise<JsonObject | undefined> {
  if (!hasTableSources(ctx)) return undefined;
  const sample = sampleForStep(ctx.sampleBudget, 'tables');
  const startedAt = ctx.clock();
  const step = { path: 'tables:1', attempt: 1, input: null, startedAt };
  try {
    const reused: string[] = [];
    const tables = await loadTables(ctx, sample.observe, reused);
    const rows = Object.fromEntries(
      Object.entries(tables).map(([name, t]) => [name, isJsonObject(t) ? Object.keys(t).length : 0]),
    );
    await ctx.recordStep({
      ...step,
      status: 'succeeded',
      output: { rows, reused },
      error: null,
      exchanges: sample.exchanges,
      exchangesTotal: sample.total(),
      finishedAt: ctx.clock(),
    });
    return tables;
  } catch (error) {
    await ctx.recordStep({
      ...step,
      status: 'failed',
      output: null,
      error: toStructuredError(error),
      exchanges: sample.exchanges,
      exchangesTotal: sample.total(),
      finishedAt: ctx.clock(),
    });
    throw error;
  }
}
