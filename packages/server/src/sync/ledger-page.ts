import { setMaxListeners } from 'node:events';
import type { ExchangeObserver } from '../connectors/kit/gateway.ts';
import { isJsonObject, type JsonValue } from '../json.ts';
import { callSignalOf, defaultSleep, type SyncContext, type SyncStats } from './context.ts';
import { resolveRetry, withRetry } from './retry-policy.ts';
import { toEpochMs } from './window.ts';

/** What ledgering one page did. */
export interface PageOutcome {
  added: number;
  skipped: number;
  /** Keys that were `skipped` before and pass the filter now (re-read after they changed). */
  revived: number;
  keyless: number;
  maxSeen: number | null;
}

interface Candidate {
  sourceKey: string;
  item: JsonValue;
  /** The key was already `skipped` in the ledger: re-evaluate it with the fresh source. */
  wasSkipped: boolean;
}

interface Evaluated {
  sourceKey: string;
  source: JsonValue;
  sourceTime: number | null;
  passes: boolean;
  wasSkipped: boolean;
}

/** Most detail calls of one page in flight at once (a DingTalk page holds at most 20 ids). */
const DETAIL_CONCURRENCY = 20;

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Whether a filter's value lets a record through (a run and a preview judge alike). */
export function truthy(value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}

/** The ledger key of a key expression's value: text as is, anything else as JSON; none for empty. */
export function ledgerKeyOf(key: JsonValue | undefined): string | undefined {
  if (key === undefined || key === null || key === '') return undefined;
  return typeof key === 'string' ? key : JSON.stringify(key);
}

/** Keys of a page; with a detail call, keys already in the ledger (except `skipped` ones) are dropped. */
async function candidatesOf(ctx: SyncContext, items: JsonValue[], stats: SyncStats) {
  const keyOf = ctx.evaluator.expression(ctx.definition.source.key);
  const keyed: Array<{ sourceKey: string; item: JsonValue }> = [];
  let keyless = 0;
  for (const item of items) {
    stats.read++;
    const sourceKey = ledgerKeyOf(await keyOf(item));
    if (sourceKey === undefined) {
      keyless++;
      continue;
    }
    keyed.push({ sourceKey, item });
  }
  if (!ctx.definition.source.detail)
    return { candidates: keyed.map((k): Candidate => ({ ...k, wasSkipped: false })), keyless };
  // With a detail call the key comes from the list item, so known keys cost no detail call —
  // except `skipped` ones, which may pass the filter now (a RUNNING approval that has finished).
  // One ledger look-up for the whole page.
  const known = await ctx.store.ledger.getStates(
    ctx.definition.id,
    keyed.map((k) => k.sourceKey),
  );
  const statusOf = new Map(known.map((e) => [e.sourceKey, e.status]));
  const candidates: Candidate[] = [];
  for (const k of keyed) {
    const status = statusOf.get(k.sourceKey);
    if (status !== undefined && status !== 'skipped') continue;
    candidates.push({ ...k, wasSkipped: status === 'skipped' });
  }
  return { candidates, keyless };
}

/** Runs `work` over the items with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** Fetches the detail of each candidate (in parallel, each with the sync's retries), then time and filter. */
async function evaluate(
  ctx: SyncContext,
  candidates: Candidate[],
  observe: ExchangeObserver,
): Promise<Evaluated[]> {
  const { source } = ctx.definition;
  const timeOf = source.watermark ? ctx.evaluator.expression(source.watermark.field) : undefined;
  const filterOf = source.filter ? ctx.evaluator.expression(source.filter) : undefined;
  const detailInput = source.detail ? ctx.evaluator.value(source.detail.input) : undefined;
  const detail = source.detail;
  const retry = resolveRetry(ctx.definition.retry);
  // Each call in flight listens on the run's cancel signal.
  if (ctx.callSignal) setMaxListeners(DETAIL_CONCURRENCY * 4, ctx.callSignal);
  return mapLimited(candidates, DETAIL_CONCURRENCY, async (candidate) => {
    let record = candidate.item;
    if (detail && detailInput) {
      const input = await detailInput({ record: candidate.item, item: candidate.item });
      record = await withRetry(
        retry,
        ctx.sleep ?? defaultSleep,
        () =>
          ctx.gateway.call(
            {
              connection: source.connection,
              operation: detail.operation,
              input: isJsonObject(input) ? input : {},
              ...callSignalOf(ctx),
            },
            observe,
          ),
        ctx.signal,
      );
    }
    return {
      sourceKey: candidate.sourceKey,
      source: record,
      sourceTime: timeOf ? toEpochMs(await timeOf(record)) : null,
      passes: filterOf ? truthy(await filterOf(record)) : true,
      wasSkipped: candidate.wasSkipped,
    };
  });
}

/**
 * Inserts the page's new keys: `pending`, or `skipped` when filtered out — in one statement, so a
 * writer running beside the reader (run-sync.ts), or a crash, never finds a filtered record
 * `pending`. A re-read key already `pending` that is filtered out now becomes `skipped` (guarded on
 * `pending`: a key already written, writing or failed keeps its state).
 */
async function storePage(
  ctx: SyncContext,
  entries: Evaluated[],
  now: number,
): Promise<{ added: string[]; skipped: number }> {
  const syncId = ctx.definition.id;
  if (entries.length === 0) return { added: [], skipped: 0 };
  const rows = entries.map((e) => ({
    sourceKey: e.sourceKey,
    source: e.source,
    sourceTime: e.sourceTime,
    runId: ctx.runId,
    status: e.passes ? ('pending' as const) : ('skipped' as const),
  }));
  const inserted = await ctx.store.ledger.addPending(syncId, rows, now);
  const insertedSet = new Set(inserted);
  const filtered = entries.filter((e) => !e.passes);
  const newlySkipped = filtered.filter((e) => insertedSet.has(e.sourceKey)).length;
  const known = filtered.filter((e) => !insertedSet.has(e.sourceKey));
  const reskipped = known.length
    ? await ctx.store.ledger.update(
        syncId,
        known.map((e) => e.sourceKey),
        { status: 'skipped', updatedAt: now },
        ['pending'],
      )
    : 0;
  return { added: inserted, skipped: newlySkipped + reskipped };
}

/**
 * Evaluates key, optional detail, time and filter of each item, then adds the page to the ledger.
 * A key that is `skipped` (filtered out when read before) and passes the filter now gets the new
 * source and goes back to `pending`; a new key that fails the filter becomes `skipped`.
 */
export async function ledgerPage(
  ctx: SyncContext,
  items: JsonValue[],
  stats: SyncStats,
  observe: ExchangeObserver,
): Promise<PageOutcome> {
  const syncId = ctx.definition.id;
  const { candidates, keyless } = await candidatesOf(ctx, items, stats);
  const evaluated = await evaluate(ctx, candidates, observe);
  let maxSeen: number | null = null;
  const entries = new Map<string, Evaluated>();
  for (const e of evaluated) {
    maxSeen = maxOf(maxSeen, e.sourceTime);
    entries.set(e.sourceKey, e);
  }
  const now = ctx.clock();
  const { added, skipped } = await storePage(ctx, [...entries.values()], now);
  const addedSet = new Set(added);
  const revive = [...entries.values()]
    .filter((e) => e.passes && !addedSet.has(e.sourceKey) && (e.wasSkipped || !ctx.definition.source.detail))
    .map((e) => ({
      sourceKey: e.sourceKey,
      patch: {
        status: 'pending' as const,
        source: e.source,
        sourceTime: e.sourceTime,
        runId: ctx.runId,
        updatedAt: now,
      },
    }));
  // One bulk update; only `skipped` rows change: written, writing, pending and failed rows keep their state.
  const revived = revive.length ? await ctx.store.ledger.updateMany(syncId, revive, ['skipped']) : 0;
  // The write phase takes the parsed sources from the hand-off instead of reading them back.
  if (ctx.handoff) {
    for (const key of added) {
      const entry = entries.get(key);
      if (entry?.passes) ctx.handoff.put(key, entry.source);
    }
    // A revive is guarded on `skipped`: only the count is known, so the hand-off gets them all when all changed.
    if (revived === revive.length) for (const r of revive) ctx.handoff.put(r.sourceKey, r.patch.source);
  }
  stats.new += added.length + revived;
  stats.skipped += skipped;
  return { added: added.length, skipped, revived, keyless, maxSeen };
}
