import { type SyncDefinition, syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { LedgerStatus } from '../store/port.ts';
import { emptyStats, type SyncContext, type SyncStats } from './context.ts';
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
 * watermark; or only the trigger's `items`, e.g. one instance named by a callback), then the write phase (uncertain and pending entries → batches → target → ledger),
 * each written batch followed by its write-backs. Every phase resumes from the ledger and the
 * stored sync state, so running it again after a crash neither loses nor doubles a write.
 * `stats` is updated in place (a caller may pass counters carried over from an earlier attempt).
 */
export async function runSync(ctx: SyncContext, stats: SyncStats = emptyStats()): Promise<SyncRunResult> {
  const counters: PhaseCounters = { page: 0, batch: 0, writeBack: 0 };
  await drainWriteBacks(ctx, stats, counters);
  if (ctx.items) await readItems(ctx, ctx.items, stats, counters);
  else await readSource(ctx, stats, counters);
  await writePending(ctx, stats, counters);
  await drainWriteBacks(ctx, stats, counters);
  return { stats, ledger: await ctx.store.ledger.counts(ctx.definition.id) };
}

/** Validates a stored sync definition (the engine hands it over as JSON). */
export function parseSyncDefinition(value: JsonValue, id: string): SyncDefinition {
  const parsed = syncSchema.safeParse(value);
  if (!parsed.success)
    throw new QiaoError(
      'DEFINITION_INVALID',
      `同步方案无效 / sync "${id}" is invalid: ${parsed.error.message}`,
    );
  return parsed.data;
}
