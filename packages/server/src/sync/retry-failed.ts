import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import type { RunRecord, Store } from '../store/port.ts';

/** What retryFailed needs: the store (ledger, documents, runs), a clock, an id source and the queue. */
export interface RetryFailedDeps {
  store: Pick<Store, 'ledger' | 'documents' | 'runs' | 'transaction'>;
  clock: () => number;
  newRunId: () => string;
  /** Wakes a worker for the new run; called only after the run is committed. */
  enqueue?: (run: RunRecord) => Promise<void>;
}

/** The outcome of retryFailed: how many entries went back to pending, and the run that will write them. */
export interface RetryFailedResult {
  reset: number;
  writeBacksReset: number;
  runId: string;
}

async function failedKeys(store: RetryFailedDeps['store'], syncId: string): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.ledger.list(syncId, {
      status: ['failed'],
      limit: 500,
      ...(after ? { after } : {}),
    });
    keys.push(...page.map((e) => e.sourceKey));
    if (page.length < 500) return keys;
    after = page.at(-1)?.sourceKey;
  }
}

async function failedWriteBackKeys(
  store: RetryFailedDeps['store'],
  syncId: string,
  keys: string[] | undefined,
): Promise<string[]> {
  if (keys) {
    const entries = await store.ledger.getMany(syncId, keys);
    return entries.filter((e) => e.writeBack === 'failed').map((e) => e.sourceKey);
  }
  const out: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.ledger.list(syncId, {
      writeBack: ['failed'],
      limit: 500,
      ...(after ? { after } : {}),
    });
    out.push(...page.map((e) => e.sourceKey));
    if (page.length < 500) return out;
    after = page.at(-1)?.sourceKey;
  }
}

/**
 * Resets failed ledger entries of a sync (all, or only `keys`) to pending — and failed write-backs
 * to pending — then creates and enqueues a sync run that writes them. Entries in any other status
 * are untouched, so nothing already written is sent again.
 */
export async function retryFailed(
  deps: RetryFailedDeps,
  syncId: string,
  keys?: string[],
): Promise<RetryFailedResult> {
  const head = await deps.store.documents.head('sync', syncId);
  if (!head) throw new QiaoError('NOT_FOUND', `同步方案不存在 / sync "${syncId}" not found`);
  const now = deps.clock();
  const targets = keys ?? (await failedKeys(deps.store, syncId));
  const writeBacks = await failedWriteBackKeys(deps.store, syncId, keys);
  const run: RunRecord = {
    id: deps.newRunId(),
    flowKind: 'sync',
    flowId: syncId,
    flowVersion: head.currentVersion,
    status: 'queued',
    trigger: { type: 'retryFailed', keys: (keys ?? null) as JsonValue },
    checkpoint: null,
    output: null,
    error: null,
    attempt: 0,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    retryOf: null,
  };
  const counts = await deps.store.transaction(async (tx) => {
    const reset = targets.length
      ? await tx.ledger.update(
          syncId,
          targets,
          { status: 'pending', attempts: 0, writeBack: 'none', writeBackError: null, updatedAt: now },
          ['failed'],
        )
      : 0;
    const writeBacksReset = writeBacks.length
      ? await tx.ledger.update(
          syncId,
          writeBacks,
          { writeBack: 'pending', writeBackError: null, updatedAt: now },
          ['written'],
        )
      : 0;
    await tx.runs.create(run);
    return { reset, writeBacksReset };
  });
  await deps.enqueue?.(run);
  return { ...counts, runId: run.id };
}
