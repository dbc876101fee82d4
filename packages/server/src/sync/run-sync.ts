import { type SyncDefinition, syncSchema } from '../definitions/flow-schema.ts';
import { bilingual, QiaoError, quoted } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { LedgerStatus } from '../store/port.ts';
import { emptyStats, type SyncContext, type SyncProgress, type SyncStats } from './context.ts';
import { createSampleBudget } from './exchange-sample.ts';
import { createRecordHandoff } from './handoff.ts';
import { loadRunTables } from './lookup-tables.ts';
import { readBackfill } from './read-backfill.ts';
import { createReadFeed } from './read-feed.ts';
import { type PhaseCounters, readItems, readSource } from './read-source.ts';
import { drainWriteBacks } from './write-back.ts';
import { writePending } from './write-batches.ts';

/** What one sync run did: its counters and the ledger's status counts afterwards. */
export interface SyncRunResult {
  stats: SyncStats;
  ledger: Record<LedgerStatus, number>;
}

/**
 * Runs one sync pass: pending write-backs left by a crash, then the read phase (pages → ledger,
 * watermark) with the write phase beside it (uncertain and pending entries → full batches → target
 * → ledger, the rest once reading ended; or, for the trigger's `items`, e.g. one instance named by a
 * callback, reading then writing; for a backfill, the trigger's time range instead of the watermark's
 * window), each written batch followed by its write-backs. Every phase resumes from the ledger and the
 * stored sync state, so running it again after a crash neither loses nor doubles a write.
 * `stats` is updated in place (a caller may pass counters carried over from an earlier attempt).
 */
export async function runSync(given: SyncContext, stats: SyncStats = emptyStats()): Promise<SyncRunResult> {
  const counters: PhaseCounters = { page: 0, batch: 0, writeBack: 0 };
  // Read and write side by side pace the reader by the writer; trigger items are read first, then written.
  const handoff = given.handoff ?? createRecordHandoff(handoffLimit(given.definition), !given.items);
  const ctx: SyncContext = { ...given, handoff, sampleBudget: given.sampleBudget ?? createSampleBudget() };
  // `{$from: …}` lookup tables are loaded once, before anything is mapped (write-backs map nothing).
  ctx.tables = given.tables ?? (await loadRunTables(ctx));
  await drainWriteBacks(ctx, stats, counters);
  if (ctx.items) {
    await readItems(ctx, ctx.items, stats, counters);
    await writePending(ctx, stats, counters);
  } else {
    await readAndWrite(ctx, stats, counters);
  }
  await drainWriteBacks(ctx, stats, counters);
  return { stats, ledger: await ctx.store.ledger.counts(ctx.definition.id) };
}

/**
 * Records the hand-off holds: six batches, at least 240 (half of it may be read ahead of the writer,
 * which is at least three full batches, so the writer always finds one while the reader waits).
 */
function handoffLimit(definition: SyncDefinition): number {
  return Math.max(6 * definition.target.batchSize, 240);
}

/**
 * The read and write phases side by side: full batches are written (and written back) while later
 * pages are still being read, so the engine is not idle on one phase's round trips while the other
 * could work. Both go through the ledger only (rows become `pending` once their page is stored), so
 * the exactly-once rules are those of the phases run one after the other. A read failure stops the
 * writer after its current batch and is thrown; a write failure is thrown once reading has ended.
 */
async function readAndWrite(ctx: SyncContext, stats: SyncStats, counters: PhaseCounters): Promise<void> {
  const feed = createReadFeed();
  const onProgress = (event: SyncProgress) => {
    ctx.onProgress?.(event);
    if (event.type === 'page') feed.notify(event.added);
  };
  const reader = { ...ctx, onProgress };
  const read = ctx.backfill
    ? readBackfill(reader, ctx.backfill, stats, counters)
    : readSource(reader, stats, counters);
  const reading = read.then(
    () => feed.finish(false),
    (error: unknown) => {
      feed.finish(true);
      throw error;
    },
  );
  // However the writer ends, the reader must not wait for it any more.
  const writing = writePending(ctx, stats, counters, feed).finally(() => ctx.handoff?.close());
  const [readOutcome, writeOutcome] = await Promise.allSettled([reading, writing]);
  if (readOutcome.status === 'rejected') throw readOutcome.reason;
  if (writeOutcome.status === 'rejected') throw writeOutcome.reason;
}

/** Validates a stored sync definition (the engine hands it over as JSON). */
export function parseSyncDefinition(value: JsonValue, id: string): SyncDefinition {
  const parsed = syncSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // The first problem, by its path: a schema message may itself be `中文 / English`.
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  const said = quoted(issue?.message ?? '');
  throw new QiaoError(
    'DEFINITION_INVALID',
    bilingual(`同步方案 ${id} 无效：${at}${said.zh}`, `sync "${id}" is invalid: ${at}${said.en}`),
    {
      details: {
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      },
    },
  );
}
