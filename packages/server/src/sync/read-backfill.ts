import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { bilingual, QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { formatInZone } from './backfill-range.ts';
import type { Backfill, SyncContext, SyncStats } from './context.ts';
import { type PhaseCounters, readWindowPages } from './read-source.ts';
import { parseDuration, type SyncWindow } from './window.ts';

/** The windows of a backfill range, `maxWindow` long at most (the last one shorter). */
export function backfillWindow(ctx: SyncContext, from: number, to: number): SyncWindow {
  const max = ctx.definition.source.watermark?.maxWindow;
  const length = max === undefined ? Number.POSITIVE_INFINITY : parseDuration(max);
  // A window that does not move would be read forever.
  if (!(length > 0))
    throw new QiaoError(
      'DEFINITION_INVALID',
      bilingual(`maxWindow 必须大于 0：${max}`, `maxWindow must be longer than 0: ${max}`),
    );
  const end = Math.min(to, from + length);
  return { from, to: end, capped: end < to };
}

/** A backfill needs a source read by time windows. */
export function requireWatermark(ctx: Pick<SyncContext, 'definition'>): void {
  if (!ctx.definition.source.watermark)
    throw new QiaoError(
      'INPUT_INVALID',
      `同步方案 ${ctx.definition.id} 没有水位线（source.watermark），不能按时间补数 / sync "${ctx.definition.id}" has no source.watermark: it cannot be backfilled by time`,
    );
}

/** A day of margin: a run queued now reads its first window a little later than it was checked. */
const REACH_MARGIN_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a backfill range its source cannot read (DingTalk lists only the last 365 days) before a run
 * is queued, instead of a run that fails at the system (and alerts). Sources without a declared limit pass.
 */
export async function requireReachable(
  gateway: Pick<ConnectorGateway, 'describe'>,
  ctx: Pick<SyncContext, 'definition'>,
  from: number,
  now: number,
): Promise<void> {
  const { connection, operation } = ctx.definition.source;
  const maxAgeMs = (await gateway.describe(connection, operation))?.maxAgeMs;
  if (maxAgeMs === undefined) return;
  const earliest = now - maxAgeMs + REACH_MARGIN_MS;
  if (from >= earliest) return;
  const days = Math.round(maxAgeMs / REACH_MARGIN_MS);
  // The day in the sync's zone, as the user writes a backfill's dates (not the UTC one).
  const date = formatInZone(earliest, ctx.definition.schedule?.timezone ?? 'Asia/Shanghai').slice(0, 10);
  throw new QiaoError(
    'INPUT_INVALID',
    bilingual(
      `${operation} 只能读取最近 ${days} 天的记录，补数的开始时间不能早于 ${date}`,
      `${operation} reads only the last ${days} days: a backfill cannot start before ${date}`,
    ),
  );
}

/**
 * The read phase of a backfill run: the range [from, to] in windows of at most `maxWindow`, each read
 * page by page into the ledger exactly as a scheduled run reads (key → detail → filter → insert-if-absent,
 * skipped keys re-evaluated), so a record already written is never written again. The sync's
 * watermark and open window are neither read nor moved: the range's progress (window and next cursor)
 * goes to the run's checkpoint after each page, so a crashed backfill resumes where it stood.
 */
export async function readBackfill(
  ctx: SyncContext,
  backfill: Backfill,
  stats: SyncStats,
  counters: PhaseCounters,
): Promise<void> {
  requireWatermark(ctx);
  let windowFrom = backfill.resume?.windowFrom ?? backfill.from;
  let next: JsonValue = backfill.resume?.next ?? null;
  while (windowFrom < backfill.to) {
    const window = backfillWindow(ctx, windowFrom, backfill.to);
    const from = windowFrom;
    await readWindowPages(ctx, window, next, { stats, counters }, async (page) => {
      if (page.next !== null) await backfill.save({ windowFrom: from, next: page.next });
    });
    next = null;
    windowFrom = window.to;
    // At the range's end this records it as read: a resumed run (crash while writing) reads nothing again.
    await backfill.save({ windowFrom, next: null });
    if (!window.capped) return;
  }
}
