import { afterEach, describe, expect, it } from 'vitest';
import { loadSync, type SyncHarness, startHarness } from '../../test/scenarios/sync-kit/harness.ts';
import { makeRecords } from '../../test/scenarios/sync-kit/servers.ts';
import type { JsonObject } from '../json.ts';
import type { ExecutorContext, StepReport } from '../runs/executor.ts';
import type { RunRecord } from '../store/port.ts';
import { createSyncEngineExecutor } from './engine-executor.ts';

const definition = loadSync(
  new URL('../../test/scenarios/sync-paginated-batches/sync.yaml', import.meta.url),
);

function runOf(id: string, attempt = 1): RunRecord {
  return {
    id,
    flowKind: 'sync',
    flowId: definition.id,
    flowVersion: 1,
    status: 'running',
    trigger: null,
    checkpoint: null,
    output: null,
    error: null,
    attempt,
    notBefore: null,
    leaseOwner: null,
    leaseUntil: null,
    stats: {},
    createdAt: 0,
    startedAt: 0,
    finishedAt: null,
    retryOf: null,
  };
}

/** A hand-made engine context over the harness's store and kit gateway, recording what the executor does. */
function contextOf(
  harness: SyncHarness,
  stop = new AbortController(),
  value: JsonObject = definition as never,
) {
  const steps: StepReport[] = [];
  const checkpoints: unknown[] = [];
  const ctx: ExecutorContext = {
    store: harness.store,
    gateway: harness.runtime.gateway,
    clock: { now: () => Date.now() },
    workerId: 'w1',
    definition: value,
    signal: stop.signal,
    cancelSignal: new AbortController().signal,
    recordStep: async (step) => void steps.push(step),
    checkpoint: async (state) => void checkpoints.push(state),
  };
  return { ctx, steps, checkpoints };
}

describe('sync engine executor', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('succeeds with the ledger counts as output, stats on the run and a checkpoint per step', async () => {
    harness = await startHarness({ definition, records: makeRecords(9) });
    await harness.store.runs.create(runOf('r1'));
    const { ctx, steps, checkpoints } = contextOf(harness);
    const outcome = await createSyncEngineExecutor({ sleep: async () => undefined })(runOf('r1'), ctx);
    expect(outcome).toMatchObject({
      status: 'succeeded',
      output: { ledger: { written: 9 }, stats: { read: 9, written: 9, writtenBack: 9 } },
    });
    expect((await harness.store.runs.get('r1'))?.stats).toEqual({
      read: 9,
      new: 9,
      skipped: 0,
      written: 9,
      failed: 0,
      writtenBack: 9,
    });
    expect(steps.map((s) => s.seq)).toEqual(steps.map((_, i) => i));
    // A batch's write-backs run beside the next batch, so writeBack:1 and batch:2 may finish in either order.
    const paths = steps.map((s) => s.path);
    expect([...paths].sort()).toEqual(['batch:1', 'batch:2', 'page:1', 'writeBack:1', 'writeBack:2']);
    expect(paths.indexOf('writeBack:1')).toBeGreaterThan(paths.indexOf('batch:1'));
    expect(paths.indexOf('writeBack:2')).toBeGreaterThan(paths.indexOf('batch:2'));
    expect(checkpoints).toHaveLength(steps.length);
    expect(checkpoints.at(-1)).toMatchObject({ stats: { written: 9 } });
  });

  it('keeps three successful exchanges per step and counts them all', async () => {
    harness = await startHarness({ definition, records: makeRecords(9) });
    await harness.store.runs.create(runOf('r1'));
    const { ctx, steps } = contextOf(harness);
    await createSyncEngineExecutor({ sleep: async () => undefined })(runOf('r1'), ctx);
    const writeBack = steps.find((s) => s.path === 'writeBack:1');
    // batch:1 wrote 7 records: 7 write-back calls made, the first 3 kept.
    expect(writeBack?.output).toMatchObject({ done: 7, exchangesTotal: 7, exchangesKept: 3 });
    expect(writeBack?.exchanges).toHaveLength(3);
    const page = steps.find((s) => s.path === 'page:1');
    expect(page?.output).toMatchObject({ exchangesTotal: 1, exchangesKept: 1 });
  });

  it('finishes the current batch on stop, returns interrupted, and a resumed run writes the rest', async () => {
    harness = await startHarness({ definition, records: makeRecords(20) });
    const stop = new AbortController();
    const execute = createSyncEngineExecutor({
      sleep: async () => undefined,
      onProgress: (_run, event) => event.type === 'batch' && stop.abort(),
    });
    const first = contextOf(harness, stop);
    expect(await execute(runOf('r2'), first.ctx)).toEqual({ status: 'interrupted' });
    expect(await harness.store.ledger.counts(definition.id)).toMatchObject({
      written: 7,
      pending: 13,
      writing: 0,
    });

    const resumed = { ...runOf('r2'), checkpoint: first.checkpoints.at(-1) as JsonObject };
    const second = contextOf(harness);
    const outcome = await execute(resumed, second.ctx);
    // Counters carry over from the checkpoint; the resumed run re-reads the overlap (read 20 + 20, new 20 once).
    expect(outcome).toMatchObject({
      status: 'succeeded',
      output: { stats: { written: 20, new: 20, read: 40 } },
    });
    for (const record of makeRecords(20)) expect(harness.target.commits.get(record.id)).toBe(1);
  });

  it('reports a retryable failure as step-failed with the sync retry policy', async () => {
    harness = await startHarness({ definition, records: makeRecords(3), canFindWritten: false });
    const { ctx } = contextOf(harness);
    harness.target.dropAfterCommit = 10; // every batch request: committed (or duplicate), answer lost
    const outcome = await createSyncEngineExecutor({ sleep: async () => undefined })(runOf('r3', 2), ctx);
    expect(outcome).toMatchObject({
      status: 'step-failed',
      attempt: 1,
      error: { code: 'CONNECTOR_UNCERTAIN_WRITE', retryable: true },
      policy: { maxAttempts: 3, initialDelayMs: 0 },
    });
    // Three passes (maxAttempts), each answer lost; the records stay `writing` and were committed once.
    expect(harness.target.received.get('R000001')).toBe(3);
    expect([...harness.target.commits.values()]).toEqual([1, 1, 1]);
    expect(await harness.store.ledger.counts(definition.id)).toMatchObject({ writing: 3 });
  });

  it('reports an invalid definition as a non-retryable step failure', async () => {
    harness = await startHarness({ definition, records: makeRecords(1) });
    const { ctx } = contextOf(harness, undefined, { kind: 'sync', id: 'broken' });
    const outcome = await createSyncEngineExecutor()(runOf('r4', 2), ctx);
    expect(outcome).toMatchObject({
      status: 'step-failed',
      attempt: 2,
      error: { code: 'DEFINITION_INVALID', retryable: false },
    });
  });

  it("carries a backfill run's place in its range in every checkpoint, and resumes from it", async () => {
    const records = makeRecords(25);
    harness = await startHarness({ definition, records, canFindWritten: false });
    const from = records[0]?.updatedAt ?? 0;
    const to = (records.at(-1)?.updatedAt ?? 0) + 1;
    const backfillRun = { ...runOf('b1'), trigger: { type: 'backfill', from, to } };
    await harness.store.runs.create(backfillRun);
    const first = contextOf(harness);
    const outcome = await createSyncEngineExecutor({ sleep: async () => undefined })(backfillRun, first.ctx);
    expect(outcome).toMatchObject({ status: 'succeeded', output: { ledger: { written: 25 } } });
    const progress = first.checkpoints.map((c) => (c as { backfill?: { next: unknown } }).backfill);
    expect(progress.some((p) => p !== undefined && p.next !== null)).toBe(true);
    expect(progress.at(-1)).toEqual({ windowFrom: to, next: null });
    // The watermark belongs to the scheduled runs: a backfill neither reads nor moves it.
    expect(await harness.store.syncState.get(definition.id)).toBeUndefined();

    // A run resumed with its range read already lists nothing again.
    const pages = harness.source.hits.pages;
    const resumed = {
      ...backfillRun,
      id: 'b2',
      checkpoint: { stats: {}, backfill: { windowFrom: to, next: null } },
    };
    await harness.store.runs.create(resumed);
    const again = await createSyncEngineExecutor({ sleep: async () => undefined })(
      resumed,
      contextOf(harness).ctx,
    );
    expect(again.status).toBe('succeeded');
    expect(harness.source.hits.pages).toBe(pages);
  });

  it('refuses a backfill trigger with an empty range as a user error', async () => {
    harness = await startHarness({ definition, records: makeRecords(1) });
    const run = { ...runOf('b3'), trigger: { type: 'backfill', from: 5, to: 5 } };
    const outcome = await createSyncEngineExecutor()(run, contextOf(harness).ctx);
    expect(outcome).toMatchObject({
      status: 'step-failed',
      error: { code: 'INPUT_INVALID', retryable: false },
    });
  });
});
