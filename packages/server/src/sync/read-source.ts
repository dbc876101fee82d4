import type { Page } from '../connectors/kit/gateway.ts';
import { QiaoError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { callSignalOf, defaultSleep, type SyncContext, type SyncStats } from './context.ts';
import { sampleForStep } from './exchange-sample.ts';
import { ledgerPage } from './ledger-page.ts';
import { resolveRetry, withRetry } from './retry-policy.ts';
import {
  advanceWatermark,
  nextWindow,
  openWindow,
  progressState,
  type SyncWindow,
  type WindowProgress,
} from './window.ts';

/** Counters shared by the phases of one run (for step paths `page:N`, `batch:N`, `writeBack:N`). */
export interface PhaseCounters {
  page: number;
  batch: number;
  writeBack: number;
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** The list operation's input for a window: the source's templated input plus the watermark parameters. */
export async function sourceInput(
  ctx: Pick<SyncContext, 'definition' | 'evaluator' | 'clock'>,
  window: SyncWindow | null,
): Promise<JsonObject> {
  const { source } = ctx.definition;
  const scope: JsonObject = {
    now: ctx.clock(),
    window: window ? { from: window.from, to: window.to } : null,
  };
  const built = await ctx.evaluator.value(source.input)(scope);
  const input: JsonObject = isJsonObject(built) ? { ...built } : {};
  if (window && source.watermark) {
    input[source.watermark.fromParam] = window.from;
    if (source.watermark.toParam) input[source.watermark.toParam] = window.to;
  }
  return input;
}

/** One page of the source being listed (with retries), possibly ahead of its ledgering. */
interface PageFetch {
  pageNo: number;
  sample: ReturnType<typeof sampleForStep>;
  startedAt: number;
  stepInput: JsonObject;
  /** Settles with the page; a rejection is handled once `readPage` awaits it. */
  page: Promise<Page>;
}

/** Starts listing the page at `cursor`: the call (with the sync's retries) runs while the caller goes on. */
function fetchPage(
  ctx: SyncContext,
  window: SyncWindow | null,
  cursor: JsonValue,
  counters: PhaseCounters,
): PageFetch {
  const { source } = ctx.definition;
  const sample = sampleForStep(ctx.sampleBudget, 'page');
  const fetch: PageFetch = {
    pageNo: ++counters.page,
    sample,
    startedAt: ctx.clock(),
    stepInput: { cursor, window: window ? { from: window.from, to: window.to } : null },
    page: sourceInput(ctx, window).then((input) =>
      withRetry(
        resolveRetry(ctx.definition.retry),
        ctx.sleep ?? defaultSleep,
        () =>
          ctx.gateway.listPage(
            {
              connection: source.connection,
              operation: source.operation,
              input,
              cursor,
              ...callSignalOf(ctx),
            },
            sample.observe,
          ),
        ctx.signal,
      ),
    ),
  };
  // A page fetched ahead may never be awaited (the phase stopped first): not an unhandled rejection.
  fetch.page.catch(() => {});
  return fetch;
}

/**
 * Ledgers a fetched page and records its `page:N` step. As soon as the page's answer names the next
 * cursor, `ahead(next)` starts listing the next page, so its round trip overlaps this page's detail
 * calls and ledger writes (reads only; what is stored, and when, is unchanged).
 */
async function readPage(
  ctx: SyncContext,
  fetch: PageFetch,
  stats: SyncStats,
  ahead: (next: JsonValue) => void,
) {
  const { pageNo, sample, startedAt, stepInput } = fetch;
  const path = `page:${pageNo}`;
  const { observe, exchanges } = sample;
  try {
    const page = await fetch.page;
    if (page.next !== undefined && page.next !== null) ahead(page.next);
    const outcome = await ledgerPage(ctx, page.items, stats, observe);
    const output: JsonObject = {
      items: page.items.length,
      added: outcome.added,
      skipped: outcome.skipped,
      revived: outcome.revived,
      keyless: outcome.keyless,
      next: page.next ?? null,
    };
    await ctx.recordStep({
      path,
      status: 'succeeded',
      attempt: 1,
      input: stepInput,
      output,
      error: null,
      exchanges,
      exchangesTotal: sample.total(),
      startedAt,
      finishedAt: ctx.clock(),
    });
    ctx.onProgress?.({ type: 'page', page: pageNo, items: page.items.length, added: outcome.added });
    return { next: page.next ?? null, maxSeen: outcome.maxSeen };
  } catch (error) {
    const structured = toStructuredError(error);
    await ctx.recordStep({
      path,
      status: 'failed',
      attempt: 1,
      input: stepInput,
      output: null,
      error: structured,
      exchanges,
      exchangesTotal: sample.total(),
      startedAt,
      finishedAt: ctx.clock(),
    });
    throw error;
  }
}

/**
 * Reads one window page by page from `cursor` until its last page: each page is ledgered (readPage)
 * while the next is listed ahead, then `afterPage` stores where reading stands. Beside a writer, it
 * waits for the hand-off's room before each page; a stop signal ends it between pages.
 */
export async function readWindowPages(
  ctx: SyncContext,
  window: SyncWindow | null,
  cursor: JsonValue,
  phase: { stats: SyncStats; counters: PhaseCounters },
  afterPage: (page: { next: JsonValue; maxSeen: number | null }) => Promise<void>,
): Promise<void> {
  let fetched: PageFetch | undefined;
  const ahead = (next: JsonValue) => {
    fetched = fetchPage(ctx, window, next, phase.counters);
  };
  let next = cursor;
  for (;;) {
    // Beside a writer, reading does not run far ahead of it (the hand-off's pace).
    await ctx.handoff?.room();
    if (ctx.signal?.aborted) throw new QiaoError('RUN_CANCELLED', '运行已取消 / run cancelled');
    const fetch = fetched ?? fetchPage(ctx, window, next, phase.counters);
    fetched = undefined;
    const page = await readPage(ctx, fetch, phase.stats, ahead);
    await afterPage(page);
    if (page.next === null) return;
    next = page.next;
  }
}

/**
 * The read phase: pages of the current window (resuming an open one from its stored cursor) go
 * into the ledger; the cursor is stored after each page and the watermark advances only when the
 * window's last page is in the ledger. Capped windows (maxWindow) are followed by the next one.
 * The next page of a window is listed while the current one is ledgered (one page ahead).
 */
export async function readSource(ctx: SyncContext, stats: SyncStats, counters: PhaseCounters): Promise<void> {
  const syncId = ctx.definition.id;
  const watermarkDef = ctx.definition.source.watermark;
  const state = await ctx.store.syncState.get(syncId);
  let watermark = state?.watermark ?? null;
  let open = openWindow(state);
  for (;;) {
    const window =
      open?.window ??
      (watermarkDef
        ? nextWindow(watermarkDef, watermark, ctx.clock())
        : { from: 0, to: ctx.clock(), capped: false });
    let progress: WindowProgress = open?.progress ?? { next: null, pages: 0, maxSeen: null };
    if (!open) await ctx.store.syncState.put(progressState(syncId, watermark, window, progress, ctx.clock()));
    await readWindowPages(
      ctx,
      watermarkDef ? window : null,
      progress.next,
      { stats, counters },
      async (page) => {
        progress = {
          next: page.next,
          pages: progress.pages + 1,
          maxSeen: maxOf(progress.maxSeen, page.maxSeen),
        };
        if (page.next !== null)
          await ctx.store.syncState.put(progressState(syncId, watermark, window, progress, ctx.clock()));
      },
    );
    watermark = advanceWatermark(watermark, window, progress.maxSeen);
    await ctx.store.syncState.put({
      syncId,
      watermark,
      cursor: null,
      windowFrom: null,
      windowTo: null,
      updatedAt: ctx.clock(),
    });
    if (!window.capped) return;
    open = undefined;
  }
}

/**
 * Reads given source items instead of listing (a callback naming one record, e.g. a DingTalk
 * `finish` event): they go through the same key → detail → filter → ledger path as a page, and
 * the watermark and the open window are left alone.
 */
export async function readItems(
  ctx: SyncContext,
  items: JsonValue[],
  stats: SyncStats,
  counters: PhaseCounters,
): Promise<void> {
  const sample = sampleForStep(ctx.sampleBudget, 'items');
  const { exchanges } = sample;
  const startedAt = ctx.clock();
  const path = `items:${++counters.page}`;
  try {
    const outcome = await ledgerPage(ctx, items, stats, sample.observe);
    await ctx.recordStep({
      path,
      status: 'succeeded',
      attempt: 1,
      input: { items },
      output: { ...outcome },
      error: null,
      exchanges,
      exchangesTotal: sample.total(),
      startedAt,
      finishedAt: ctx.clock(),
    });
  } catch (error) {
    await ctx.recordStep({
      path,
      status: 'failed',
      attempt: 1,
      input: { items },
      output: null,
      error: toStructuredError(error),
      exchanges,
      exchangesTotal: sample.total(),
      startedAt,
      finishedAt: ctx.clock(),
    });
    throw error;
  }
}
