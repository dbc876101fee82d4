import { afterEach, describe, expect, it } from 'vitest';
import { loadSync, type SyncHarness, startHarness } from '../sync-kit/harness.ts';
import { makeRecords } from '../sync-kit/servers.ts';

const definition = loadSync(new URL('./sync.yaml', import.meta.url));

describe('sync-paginated-batches', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('writes every record once in batches and writes each back once', async () => {
    const records = makeRecords(25);
    harness = await startHarness({ definition, records });
    const result = await harness.run();

    expect(result.stats).toEqual({ read: 25, new: 25, skipped: 0, written: 25, failed: 0, writtenBack: 25 });
    expect(result.ledger.written).toBe(25);
    expect(result.run).toMatchObject({ status: 'succeeded', flowKind: 'sync', error: null });
    for (const record of records) {
      expect(harness.target.received.get(record.id)).toBe(1);
      expect(harness.target.commits.get(record.id)).toBe(1);
      expect(harness.target.writeBacks.get(record.id)).toBe(1);
      const entry = await harness.store.ledger.get(definition.id, record.id);
      expect(entry).toMatchObject({
        status: 'written',
        targetNumber: `PAY-${record.id}`,
        targetId: `id-${record.id}`,
        writeBack: 'done',
        attempts: 1,
      });
    }
    const sent = harness.target.records.get(records[3]?.id ?? '')?.body;
    expect(sent).toMatchObject({ FBillNo: records[3]?.id, FPAYAMOUNT: 40.5 });
  });

  it('records a step per page, batch and write-back batch', async () => {
    harness = await startHarness({ definition, records: makeRecords(25) });
    await harness.run();
    const paths = harness.steps.map((s) => s.path);
    expect(paths.filter((p) => p.startsWith('page:'))).toEqual(['page:1', 'page:2', 'page:3']);
    expect(paths.filter((p) => p.startsWith('batch:'))).toEqual(['batch:1', 'batch:2', 'batch:3', 'batch:4']);
    expect(paths.filter((p) => p.startsWith('writeBack:')).length).toBe(4);
    const batch = harness.steps.find((s) => s.path === 'batch:4');
    expect(batch?.output).toMatchObject({ written: 4, failed: 0 });
    // The first steps of each kind keep a sample of their successful calls; later ones only count them.
    const first = harness.steps.find((s) => s.path === 'batch:1');
    const exchanges = first?.exchanges as Array<{ request: { method: string; url: string } }> | null;
    expect(exchanges?.map((e) => [e.request.method, new URL(e.request.url).pathname])).toEqual([
      ['POST', '/batch'],
    ]);
    expect(batch?.exchanges ?? []).toEqual([]);
    expect(batch?.output).toMatchObject({ exchangesTotal: 1 });
    expect(new Set(harness.steps.map((s) => s.seq)).size).toBe(harness.steps.length);
    expect(harness.steps.every((s) => s.status === 'succeeded')).toBe(true);
  });

  it('advances the watermark to the latest record time once the window is read', async () => {
    const records = makeRecords(12);
    harness = await startHarness({ definition, records });
    await harness.run();
    const state = await harness.store.syncState.get(definition.id);
    expect(state).toMatchObject({ watermark: records.at(-1)?.updatedAt, windowFrom: null, cursor: null });
  });
});
