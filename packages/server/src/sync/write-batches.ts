import type { BatchItemResult, ExchangeObserver } from '../connectors/kit/gateway.ts';
import { QiaoError, type StructuredError, toStructuredError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import type { LedgerEntry, LedgerPatchItem } from '../store/port.ts';
import { callSignalOf, defaultSleep, type SyncContext, type SyncStats } from './context.ts';
import { sampleForStep } from './exchange-sample.ts';
import { withDocuments } from './ledger-documents.ts';
import {
  adoptedPatch,
  adoptsDuplicates,
  checkWriteBack,
  failedPatch,
  findOurs,
  notAdoptedError,
  OPEN_STATUSES,
  type Outgoing,
  planTarget,
  prepare,
  type TargetPlan,
  withAdoptHint,
  writtenPatch,
} from './prepare-batch.ts';
import type { ReadFeed } from './read-feed.ts';
import type { PhaseCounters } from './read-source.ts';
import { backoffDelay } from './retry-policy.ts';
import { drainWriteBacks } from './write-back.ts';

/** What one batch did; `retry` carries the error when the whole batch must be tried again. */
interface BatchOutcome {
  written: number;
  failed: number;
  itemRetries: number;
  retry?: QiaoError;
}

/**
 * Durably marks the batch `writing` (with the payload about to be sent, attempts + 1) before
 * anything is sent, together with the entries `prepare` settled: one bulk ledger update.
 */
async function markSending(
  ctx: SyncContext,
  outgoing: Outgoing[],
  settled: LedgerPatchItem[],
): Promise<void> {
  const now = ctx.clock();
  const patches: LedgerPatchItem[] = outgoing.map((item) => ({
    sourceKey: item.entry.sourceKey,
    patch: {
      status: 'writing',
      // A resend of the stored payload (uncertain entry) does not store it again.
      ...(item.mapped === item.entry.payload ? {} : { payload: item.mapped }),
      attempts: item.entry.attempts + 1,
      runId: ctx.runId,
      updatedAt: now,
    },
  }));
  patches.push(...settled);
  if (patches.length > 0) await ctx.store.ledger.updateMany(ctx.definition.id, patches, OPEN_STATUSES);
  // What the ledger now holds as each payload, for the write-backs (their scope's `mapped`).
  const handoff = ctx.handoff;
  if (handoff === undefined) return;
  for (const item of outgoing) handoff.setPayload(item.entry.sourceKey, item.mapped);
  for (const { sourceKey, patch } of settled)
    if (patch.payload !== undefined) handoff.setPayload(sourceKey, patch.payload);
}

/** How one answered record ends: written, adopted (written from what the target held), failed or retried. */
type ResultOutcome = 'written' | 'adopted' | 'failed' | 'retry';

/**
 * A record the target answered "duplicate" for, with adoption on (`onDuplicate: adopt`): looked up
 * (findWritten, with the sync's retries) and, when found, written with the found number/id and marked
 * adopted; not found, or an operation that cannot look up, fails it with a message saying why; a
 * look-up that failed retryably sends the record again on the next pass (it will be answered again).
 */
async function adoptPatch(
  ctx: SyncContext,
  plan: TargetPlan,
  item: Outgoing,
  result: BatchItemResult,
  observe: ExchangeObserver,
): Promise<{ patch: LedgerPatchItem['patch']; outcome: ResultOutcome }> {
  const attempt = item.entry.attempts + 1;
  if (!plan.canFind)
    return {
      patch: failedPatch(ctx, notAdoptedError(ctx, result.error, false, attempt), false),
      outcome: 'failed',
    };
  let ref: Awaited<ReturnType<typeof findOurs>>;
  try {
    ref = await findOurs(ctx, plan, item.mapped, observe);
  } catch (error) {
    const structured = toStructuredError(error, attempt);
    const again = structured.retryable && attempt < plan.retry.maxAttempts;
    return { patch: failedPatch(ctx, structured, again), outcome: again ? 'retry' : 'failed' };
  }
  if (!ref)
    return {
      patch: failedPatch(ctx, notAdoptedError(ctx, result.error, true, attempt), false),
      outcome: 'failed',
    };
  const scope: JsonObject = {
    result: { ...result, ...ref, ok: true, error: null } as unknown as JsonObject,
    mapped: item.mapped,
    record: item.entry.source,
  };
  const targetNumber = ref.targetNumber ?? (await plan.numberOf(scope)) ?? undefined;
  const patch = adoptedPatch(ctx, { ...ref, ...(targetNumber ? { targetNumber } : {}) }, result.error);
  return { patch, outcome: 'adopted' };
}

/**
 * The ledger patch of one answered record: written (ok, or a duplicate of our uncertain write),
 * adopted (a duplicate found in the target, with `onDuplicate: adopt`), failed or retried.
 */
async function resultPatch(
  ctx: SyncContext,
  plan: TargetPlan,
  item: Outgoing,
  result: BatchItemResult,
  observe: ExchangeObserver,
): Promise<{ patch: LedgerPatchItem['patch']; outcome: ResultOutcome }> {
  const attempt = item.entry.attempts + 1;
  const duplicate = !result.ok && result.error?.code === 'CONNECTOR_DUPLICATE';
  const duplicateOfOurs = duplicate && item.uncertain;
  if (result.ok || duplicateOfOurs) {
    const scope: JsonObject = {
      result: { ...result, error: null } as unknown as JsonObject,
      mapped: item.mapped,
      record: item.entry.source,
    };
    const targetNumber = result.targetNumber ?? (await plan.numberOf(scope)) ?? undefined;
    const patch = writtenPatch(ctx, { ...result, ...(targetNumber ? { targetNumber } : {}) });
    // With adoption on, "ours" may be an earlier installation's: its write-back is checked first.
    return {
      patch: duplicateOfOurs && adoptsDuplicates(ctx) ? checkWriteBack(patch) : patch,
      outcome: 'written',
    };
  }
  if (duplicate && adoptsDuplicates(ctx)) return adoptPatch(ctx, plan, item, result, observe);
  const error: StructuredError = {
    ...(result.error ??
      toStructuredError(
        new QiaoError('CONNECTOR_REJECTED', '目标系统拒绝了该记录 / the target system rejected the record'),
      )),
    attempt,
  };
  const again = error.retryable && attempt < plan.retry.maxAttempts;
  // A duplicate that fails (onDuplicate: fail) says where the fix is, when the target could adopt it.
  const failed = duplicate && !again && plan.canFind ? withAdoptHint(error) : error;
  return { patch: failedPatch(ctx, failed, again), outcome: again ? 'retry' : 'failed' };
}

/** Applies per-record results in one bulk ledger update; unanswered records stay `writing` (uncertain). */
async function applyResults(
  ctx: SyncContext,
  plan: TargetPlan,
  outgoing: Outgoing[],
  results: Map<number, BatchItemResult>,
  observe: ExchangeObserver,
) {
  const counts = { written: 0, adopted: 0, failed: 0, itemRetries: 0, unanswered: 0 };
  const patches: LedgerPatchItem[] = [];
  for (const [index, item] of outgoing.entries()) {
    const result = results.get(index);
    if (!result || result.error?.code === 'CONNECTOR_UNCERTAIN_WRITE') {
      counts.unanswered++; // no answer for this record: it stays `writing` (uncertain) for the next pass
      continue;
    }
    const { patch, outcome } = await resultPatch(ctx, plan, item, result, observe);
    patches.push({ sourceKey: item.entry.sourceKey, patch });
    if (outcome === 'written') counts.written++;
    else if (outcome === 'adopted') {
      counts.written++;
      counts.adopted++;
    } else if (outcome === 'retry') counts.itemRetries++;
    else counts.failed++;
  }
  if (patches.length > 0) await ctx.store.ledger.updateMany(ctx.definition.id, patches, OPEN_STATUSES);
  return counts;
}

/** Sends one batch: resolve uncertain entries, map, mark `writing`, write, apply per-record results. */
async function writeOneBatch(
  ctx: SyncContext,
  plan: TargetPlan,
  entries: LedgerEntry[],
  batchNo: number,
  stats: SyncStats,
): Promise<BatchOutcome> {
  const sample = sampleForStep(ctx.sampleBudget, 'batch');
  const { observe, exchanges } = sample;
  const startedAt = ctx.clock();
  const path = `batch:${batchNo}`;
  const stepInput: JsonObject = { keys: entries.map((e) => e.sourceKey) };
  const done = async (outcome: BatchOutcome, error: StructuredError | null, extra: JsonObject) => {
    stats.written += outcome.written;
    stats.failed += outcome.failed;
    if (typeof extra.adopted === 'number') stats.adopted = (stats.adopted ?? 0) + extra.adopted;
    const output: JsonObject = {
      written: outcome.written,
      failed: outcome.failed,
      retried: outcome.itemRetries,
      ...extra,
    };
    await ctx.recordStep({
      path,
      status: error ? 'failed' : 'succeeded',
      attempt: 1,
      input: stepInput,
      output,
      error,
      exchanges,
      exchangesTotal: sample.total(),
      startedAt,
      finishedAt: ctx.clock(),
    });
    ctx.onProgress?.({ type: 'batch', batch: batchNo, written: outcome.written, failed: outcome.failed });
    return outcome;
  };
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(ctx, plan, entries, observe);
  } catch (error) {
    const q = error instanceof QiaoError ? error : new QiaoError('INTERNAL', String(error), { cause: error });
    return done({ written: 0, failed: 0, itemRetries: 0, retry: q }, toStructuredError(q), {});
  }
  const { outgoing, settled, resolved, mappingFailed } = prepared;
  const base = { written: resolved, failed: mappingFailed, itemRetries: 0 };
  const extra: JsonObject = { resolvedUncertain: resolved, mappingFailed, sent: outgoing.length };
  await markSending(ctx, outgoing, settled);
  if (outgoing.length === 0) return done(base, null, extra);
  const { connection, operation } = ctx.definition.target;
  try {
    const results = await ctx.gateway.writeBatch(
      {
        connection,
        operation,
        input: plan.input,
        records: outgoing.map((o) => o.mapped),
        ...callSignalOf(ctx),
      },
      observe,
    );
    const counts = await applyResults(
      ctx,
      plan,
      outgoing,
      new Map(results.map((r) => [r.index, r])),
      observe,
    );
    // Records adopted from the target (onDuplicate: adopt) are among `written`.
    if (counts.adopted > 0) extra.adopted = counts.adopted;
    const outcome: BatchOutcome = {
      written: base.written + counts.written,
      failed: base.failed + counts.failed,
      itemRetries: counts.itemRetries,
    };
    if (counts.unanswered > 0)
      outcome.retry = new QiaoError(
        'CONNECTOR_UNCERTAIN_WRITE',
        `${counts.unanswered} 条记录没有返回结果 / ${counts.unanswered} records got no result`,
      );
    return done(outcome, null, extra);
  } catch (error) {
    const structured = toStructuredError(error);
    if (error instanceof QiaoError && error.retryable) {
      // The batch may or may not have been committed: entries stay `writing` and the next pass resolves them.
      return done({ ...base, retry: error }, structured, extra);
    }
    // A whole batch refused as a duplicate (a one-record write) says where the fix is, as a record does.
    const said =
      structured.code === 'CONNECTOR_DUPLICATE' && plan.canFind && !adoptsDuplicates(ctx)
        ? withAdoptHint(structured)
        : structured;
    const patches = outgoing.map((item) => ({
      sourceKey: item.entry.sourceKey,
      patch: failedPatch(ctx, { ...said, attempt: item.entry.attempts + 1 }, false),
    }));
    await ctx.store.ledger.updateMany(ctx.definition.id, patches, OPEN_STATUSES);
    return done({ ...base, failed: base.failed + outgoing.length }, structured, extra);
  }
}

/**
 * The write phase: takes `writing` (uncertain) and `pending` ledger entries in batches of
 * target.batchSize until none is left. A whole-batch operational error is retried with back-off
 * (through the uncertain path) and fails the run once maxAttempts passes in a row failed.
 * With a `feed` (the read phase running beside it) it sends only full batches until reading ends,
 * and stops after the current batch when reading failed.
 */
export async function writePending(
  ctx: SyncContext,
  stats: SyncStats,
  counters: PhaseCounters,
  feed?: ReadFeed,
): Promise<void> {
  const plan = await planTarget(ctx);
  const sleep = ctx.sleep ?? defaultSleep;
  let consecutiveFailures = 0;
  // Keys written since the last write-back drain: only their rows can have a pending write-back
  // (earlier ones were drained), so they are looked up by key rather than searched for.
  let undrained: string[] = [];
  // The write-backs of the last written batch, running beside the next batch (at most one at a time).
  let draining: Promise<void> | undefined;
  // Write-backs of the keys written so far, then the hand-off forgets them.
  const drain = async () => {
    const keys = [...new Set(undrained)];
    undrained = [];
    await drainWriteBacks(ctx, stats, counters, keys);
    ctx.handoff?.release(keys);
  };
  // Starts the drain of what was written so far once the previous drain is over; its failure is
  // thrown by the next `settle` (the catch only keeps it from being an unhandled rejection meanwhile).
  const drainBeside = async () => {
    await draining;
    draining = drain();
    draining.catch(() => {});
  };
  // The last drain, then the keys written since: what the write phase ends with.
  const settle = async () => {
    await draining;
    await drain();
  };
  try {
    for (;;) {
      if (ctx.signal?.aborted) throw new QiaoError('RUN_CANCELLED', '运行已取消 / run cancelled');
      if (feed?.failed) return await settle();
      const seen = feed?.added ?? 0;
      // The small rows only: sources come from the hand-off (or one look-up), payloads of `writing` ones from the store.
      const states = await ctx.store.ledger.listStates(ctx.definition.id, {
        status: ['writing', 'pending'],
        limit: ctx.definition.target.batchSize,
      });
      // Beside a read phase still running, only full batches go out: a short one waits until reading
      // has added enough rows to fill it (or ends), so the ledger is not listed again for every page.
      const batchSize = ctx.definition.target.batchSize;
      if (feed && !feed.done && states.length < batchSize) {
        // Records the hand-off counts as untaken that are not open any more (changed by someone else)
        // must not keep the reader waiting while the writer waits for it.
        ctx.handoff?.take();
        await feed.changed(seen, batchSize - states.length);
        continue;
      }
      if (states.length === 0) return await settle();
      const keys = states.map((e) => e.sourceKey);
      ctx.handoff?.take(keys);
      const entries = await withDocuments(ctx, states, 'writing');
      const outcome = await writeOneBatch(ctx, plan, entries, ++counters.batch, stats);
      undrained.push(...keys);
      if (outcome.retry) {
        consecutiveFailures++;
        if (consecutiveFailures >= plan.retry.maxAttempts) throw outcome.retry;
        await sleep(
          Math.max(outcome.retry.retryAfterMs ?? 0, backoffDelay(plan.retry, consecutiveFailures)),
          ctx.signal,
        );
        continue;
      }
      consecutiveFailures = 0;
      if (outcome.itemRetries > 0) await sleep(backoffDelay(plan.retry, 1), ctx.signal);
      // This batch's write-backs go on while the next batch is listed, mapped and written: they
      // touch other rows (written ones; the next batch takes only `pending`/`writing` rows).
      await drainBeside();
    }
  } finally {
    // However the phase ends, no write-back is left running behind it (the run may be released next).
    await draining?.catch(() => {});
  }
}
