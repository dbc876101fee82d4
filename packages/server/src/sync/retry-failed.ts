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

/**
 * The outcome of retryFailed: how many entries went back to pending, and the run that will write them; with
 * `keys`, those of them not in the ledger and those whose record and write-back had not failed (left as they are).
 */
export interface RetryFailedResult {
  reset: number;
  writeBacksReset: number;
  runId: string;
  unknownKeys?: string[];
  notFailedKeys?: string[];
}

/** What the given keys are: to reset (failed), to write back again (failed write-back), neither, unknown. */
interface KeyTargets {
  failed: string[];
  writeBacks: string[];
  unknownKeys: string[];
  notFailedKeys: string[];
}

/** At most this many keys are named in a message (the details carry them all). */
const KEYS_NAMED = 10;

function named(keys: string[], lang: 'zh' | 'en'): string {
  const shown = keys.slice(0, KEYS_NAMED).join(', ');
  if (keys.length <= KEYS_NAMED) return shown;
  return lang === 'zh' ? `${shown} … 共 ${keys.length} 个` : `${shown} … (${keys.length} in all)`;
}

/** Sorts the given keys by what a retry can do with them. */
async function keyTargets(
  store: RetryFailedDeps['store'],
  syncId: string,
  keys: string[],
): Promise<KeyTargets> {
  const unique = [...new Set(keys)];
  const states = new Map((await store.ledger.getStates(syncId, unique)).map((s) => [s.sourceKey, s]));
  const out: KeyTargets = { failed: [], writeBacks: [], unknownKeys: [], notFailedKeys: [] };
  for (const key of unique) {
    const state = states.get(key);
    if (state === undefined) out.unknownKeys.push(key);
    else if (state.status === 'failed') out.failed.push(key);
    else if (state.status === 'written' && state.writeBack === 'failed') out.writeBacks.push(key);
    else out.notFailedKeys.push(key);
  }
  return out;
}

/**
 * The error when none of the given keys can be retried: NOT_FOUND (404) when none is in the ledger,
 * else CONFLICT (409) naming the keys that had not failed (and any not in the ledger).
 */
function nothingToRetry(syncId: string, targets: KeyTargets): QiaoError {
  const { unknownKeys, notFailedKeys } = targets;
  const details = { syncId, unknownKeys, notFailedKeys };
  const unknown = (lang: 'zh' | 'en') =>
    lang === 'zh'
      ? `台账中没有这些主键：${named(unknownKeys, 'zh')}`
      : `not in the ledger: ${named(unknownKeys, 'en')}`;
  if (notFailedKeys.length === 0)
    return new QiaoError('NOT_FOUND', `${unknown('zh')} / ${unknown('en')}`, { details });
  const also = (lang: 'zh' | 'en') =>
    unknownKeys.length > 0 ? `${lang === 'zh' ? '；' : '; '}${unknown(lang)}` : '';
  return new QiaoError(
    'CONFLICT',
    `没有可重试的记录，这些记录没有失败：${named(notFailedKeys, 'zh')}${also('zh')} / nothing to retry: these records did not fail: ${named(notFailedKeys, 'en')}${also('en')}`,
    { details },
  );
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

async function failedWriteBackKeys(store: RetryFailedDeps['store'], syncId: string): Promise<string[]> {
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
 * are untouched, so nothing already written is sent again. With `keys`, those not in the ledger or not
 * failed are reported (`unknownKeys`, `notFailedKeys`); when none of them can be retried no run is
 * started: NOT_FOUND when none is in the ledger, else CONFLICT.
 */
export async function retryFailed(
  deps: RetryFailedDeps,
  syncId: string,
  keys?: string[],
): Promise<RetryFailedResult> {
  const head = await deps.store.documents.head('sync', syncId);
  if (!head) throw new QiaoError('NOT_FOUND', `同步方案 ${syncId} 不存在 / sync "${syncId}" not found`);
  const now = deps.clock();
  const given = keys ? await keyTargets(deps.store, syncId, keys) : undefined;
  if (given && given.failed.length === 0 && given.writeBacks.length === 0)
    throw nothingToRetry(syncId, given);
  const targets = given ? given.failed : await failedKeys(deps.store, syncId);
  const writeBacks = given ? given.writeBacks : await failedWriteBackKeys(deps.store, syncId);
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
    // Another retry (or the run) changed them since they were read: nothing left to retry, no run.
    if (given && reset + writeBacksReset === 0) throw nothingToRetry(syncId, given);
    await tx.runs.create(run);
    return { reset, writeBacksReset };
  });
  await deps.enqueue?.(run);
  const reported = {
    ...(given?.unknownKeys.length ? { unknownKeys: given.unknownKeys } : {}),
    ...(given?.notFailedKeys.length ? { notFailedKeys: given.notFailedKeys } : {}),
  };
  return { ...counts, runId: run.id, ...reported };
}
