import { setMaxListeners } from 'node:events';
import type { ExchangeObserver } from '../connectors/kit/gateway.ts';
import { QiaoError, type StructuredError, toStructuredError } from '../errors/index.ts';
import { isJsonObject, type JsonObject } from '../json.ts';
import type { LedgerEntry } from '../store/port.ts';
import { callSignalOf, defaultSleep, type SyncContext, type SyncStats } from './context.ts';
import { sampleForStep } from './exchange-sample.ts';
import { withDocuments } from './ledger-documents.ts';
import type { PhaseCounters } from './read-source.ts';
import { backoffDelay, resolveRetry } from './retry-policy.ts';

/** Most write-back calls of one batch in flight at once. */
const WRITE_BACK_CONCURRENCY = 16;

/**
 * The marker stored in `writeBackError` while a write-back is being sent: a row found with it
 * (after a crash) may already have had its effect, so the target is asked before sending again.
 */
export const WRITE_BACK_SENT: StructuredError = {
  code: 'CONNECTOR_UNCERTAIN_WRITE',
  kind: 'operational',
  message: '回写已发送，结果未知 / write-back sent, outcome unknown',
  retryable: true,
};

/**
 * The marker stored in `writeBackError` of a record written by adopting what the target already held
 * (`target.onDuplicate: adopt`): its write-back may have been made by an earlier installation, so —
 * like a write-back sent with no known outcome — the target is asked (findWritten) before it is sent.
 */
export const WRITE_BACK_UNKNOWN: StructuredError = {
  code: 'CONNECTOR_UNCERTAIN_WRITE',
  kind: 'operational',
  message:
    '记录是采用目标系统中已有的单据，回写可能已经做过：发送前先查询 / the record was adopted from the target, so its write-back may have been made already: checked before sending',
  retryable: true,
};

/** Whether a ledger entry's `lastError` is the note of an adopted record (written, not an error). */
export function isAdopted(lastError: StructuredError | null | undefined): boolean {
  const details = lastError?.details;
  return isJsonObject(details) && details.adopted === true;
}

function scopeOf(entry: LedgerEntry): JsonObject {
  // An adopted record's note is not an error: the scope shows `adopted: true` instead.
  const adopted = isAdopted(entry.lastError);
  return {
    record: entry.source,
    result: {
      targetId: entry.targetId,
      targetNumber: entry.targetNumber,
      status: entry.status,
      error: adopted ? null : ((entry.lastError as unknown as JsonObject) ?? null),
      ...(adopted ? { adopted: true } : {}),
    },
    mapped: entry.payload,
    key: entry.sourceKey,
  };
}

/**
 * Whether the write-back may already have had its effect: sent before (a crash mid-call), or marked
 * `WRITE_BACK_UNKNOWN` (a record adopted from the target, or found there with adoption on).
 */
function wasSent(entry: LedgerEntry): boolean {
  return entry.writeBackError?.code === WRITE_BACK_SENT.code;
}

/** Whether the write-back operation can look up an earlier effect (e.g. DingTalk addComment). */
async function canFind(ctx: SyncContext): Promise<boolean> {
  const writeBack = ctx.definition.writeBack;
  if (!writeBack || typeof ctx.gateway.findWritten !== 'function') return false;
  const info = await ctx.gateway.describe(writeBack.connection, writeBack.operation);
  return info?.canFindWritten === true;
}

/** What every write-back of a batch shares. */
interface WriteBackPlan {
  writeBack: NonNullable<SyncContext['definition']['writeBack']>;
  build: ReturnType<SyncContext['evaluator']['value']>;
  policy: ReturnType<typeof resolveRetry>;
  findable: boolean;
}

/** How one write-back ended: sent, found already done (not sent again), or failed. */
type WriteBackOutcome = 'sent' | 'found' | StructuredError;

/**
 * Calls the write-back operation for one entry, with the sync's retries; before any re-send after
 * an uncertain outcome (an earlier attempt of this run, a crash after sending, or a record adopted
 * from the target whose write-back an earlier installation may have made) it asks `findWritten`
 * where the operation supports it, so a lost response never becomes a second effect.
 */
async function writeBackOne(
  ctx: SyncContext,
  plan: WriteBackPlan,
  entry: LedgerEntry,
  observe: ExchangeObserver,
): Promise<WriteBackOutcome> {
  const { writeBack, build, policy, findable } = plan;
  const sleep = ctx.sleep ?? defaultSleep;
  // An adopted record's write-back is always checked first, even after `ledger retry` cleared its marker.
  let uncertain = wasSent(entry) || isAdopted(entry.lastError);
  for (let attempt = 1; ; attempt++) {
    try {
      const built = await build(scopeOf(entry));
      const request = {
        connection: writeBack.connection,
        operation: writeBack.operation,
        input: isJsonObject(built) ? built : {},
        ...callSignalOf(ctx),
      };
      if (uncertain && findable && ctx.gateway.findWritten) {
        if (await ctx.gateway.findWritten({ ...request, record: request.input }, observe)) return 'found';
      }
      uncertain = true;
      await ctx.gateway.call(request, observe);
      return 'sent';
    } catch (error) {
      const retryable = error instanceof QiaoError && error.retryable;
      if (!retryable || attempt >= policy.maxAttempts || ctx.signal?.aborted)
        return toStructuredError(error, attempt);
      await sleep(Math.max(error.retryAfterMs ?? 0, backoffDelay(policy, attempt)), ctx.signal);
    }
  }
}

/**
 * Runs the batch's write-backs (a few at once): the error of each key that failed, and how many were
 * found already done (not sent again).
 */
async function sendAll(
  ctx: SyncContext,
  entries: LedgerEntry[],
  observe: ExchangeObserver,
): Promise<{ errors: Map<string, StructuredError>; found: number }> {
  const writeBack = ctx.definition.writeBack;
  if (!writeBack) return { errors: new Map(), found: 0 };
  // Once per batch, not per entry: the compiled input, the retry policy, whether effects can be found.
  const plan: WriteBackPlan = {
    writeBack,
    build: ctx.evaluator.value(writeBack.input),
    policy: resolveRetry(ctx.definition.retry),
    findable: await canFind(ctx),
  };
  if (ctx.callSignal) setMaxListeners(WRITE_BACK_CONCURRENCY * 4, ctx.callSignal);
  const errors = new Map<string, StructuredError>();
  let found = 0;
  let next = 0;
  const lanes = Array.from({ length: Math.min(WRITE_BACK_CONCURRENCY, entries.length) }, async () => {
    while (next < entries.length) {
      const entry = entries[next++] as LedgerEntry;
      const outcome = await writeBackOne(ctx, plan, entry, observe);
      if (outcome === 'found') found++;
      else if (outcome !== 'sent') errors.set(entry.sourceKey, outcome);
    }
  });
  await Promise.all(lanes);
  return { errors, found };
}

/**
 * The write-back phase: every entry whose write-back is `pending` gets its call, then `done` or
 * `failed`. The ledger's writeBack status is the guard: a done write-back is never repeated; the
 * batch is marked "sent" before the calls, so a crash mid-call is checked (findWritten) before resending.
 * With `keys` (the batch just written) only those rows are looked up, by primary key; without, the
 * ledger is searched for every pending write-back (run start and end: leftovers of a crash).
 */
export async function drainWriteBacks(
  ctx: SyncContext,
  stats: SyncStats,
  counters: PhaseCounters,
  keys?: string[],
): Promise<void> {
  if (!ctx.definition.writeBack) return;
  const syncId = ctx.definition.id;
  // The small rows say which are due; record and payload come from the hand-off, else the store.
  if (keys !== undefined) {
    const rows = keys.length > 0 ? await ctx.store.ledger.getStates(syncId, keys) : [];
    const due = rows.filter((e) => e.writeBack === 'pending');
    if (due.length > 0) await writeBackBatch(ctx, await withDocuments(ctx, due, 'all'), stats, counters);
    return;
  }
  for (;;) {
    const due = await ctx.store.ledger.listStates(syncId, {
      writeBack: ['pending'],
      limit: ctx.definition.target.batchSize,
    });
    if (due.length === 0) return;
    await writeBackBatch(ctx, await withDocuments(ctx, due, 'all'), stats, counters);
  }
}

/** Marks the entries sent, makes their calls, stores done/failed per key and records `writeBack:N`. */
async function writeBackBatch(
  ctx: SyncContext,
  entries: LedgerEntry[],
  stats: SyncStats,
  counters: PhaseCounters,
): Promise<void> {
  const syncId = ctx.definition.id;
  const sample = sampleForStep(ctx.sampleBudget, 'writeBack');
  const startedAt = ctx.clock();
  const batchNo = ++counters.writeBack;
  const keys = entries.map((e) => e.sourceKey);
  await ctx.store.ledger.update(syncId, keys, { writeBackError: WRITE_BACK_SENT, updatedAt: startedAt });
  const { errors, found } = await sendAll(ctx, entries, sample.observe);
  const now = ctx.clock();
  // One bulk update for the whole batch: done or failed (with its error) per key.
  const outcomes = keys.map((key) => {
    const error = errors.get(key);
    return error
      ? { sourceKey: key, patch: { writeBack: 'failed' as const, writeBackError: error, updatedAt: now } }
      : { sourceKey: key, patch: { writeBack: 'done' as const, writeBackError: null, updatedAt: now } };
  });
  await ctx.store.ledger.updateMany(syncId, outcomes);
  const done = entries.length - errors.size;
  stats.writtenBack += done;
  await ctx.recordStep({
    path: `writeBack:${batchNo}`,
    status: errors.size > 0 ? 'failed' : 'succeeded',
    attempt: 1,
    input: { keys },
    output: {
      done,
      // Of `done`: found already made (an adopted record's, or a lost answer's) and not sent again.
      ...(found > 0 ? { alreadyDone: found } : {}),
      failed: errors.size,
      errors: Object.fromEntries([...errors].map(([k, e]) => [k, e.message])),
    },
    error: null,
    exchanges: sample.exchanges,
    exchangesTotal: sample.total(),
    startedAt,
    finishedAt: ctx.clock(),
  });
  ctx.onProgress?.({ type: 'writeBack', batch: batchNo, done, failed: errors.size });
}
