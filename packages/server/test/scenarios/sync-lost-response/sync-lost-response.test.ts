import { afterEach, describe, expect, it } from 'vitest';
import { loadSync, type SyncHarness, startHarness } from '../sync-kit/harness.ts';
import { makeRecords } from '../sync-kit/servers.ts';

const definition = loadSync(new URL('./sync.yaml', import.meta.url));

describe('sync-lost-response', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('asks the target before resending a batch whose response was lost', async () => {
    const records = makeRecords(12);
    harness = await startHarness({ definition, records, canFindWritten: true });
    harness.target.dropAfterCommit = 1;
    const result = await harness.run();

    expect(result.ledger.written).toBe(12);
    expect(harness.finds.count).toBe(5);
    for (const record of records) {
      expect(harness.target.received.get(record.id)).toBe(1);
      expect(harness.target.commits.get(record.id)).toBe(1);
    }
    const first = await harness.store.ledger.get(definition.id, records[0]?.id ?? '');
    expect(first).toMatchObject({
      status: 'written',
      targetNumber: `PAY-${records[0]?.id}`,
      writeBack: 'done',
    });
    const failedBatch = harness.steps.find((s) => s.path === 'batch:1');
    expect(failedBatch).toMatchObject({
      status: 'failed',
      error: { code: 'CONNECTOR_UNCERTAIN_WRITE', retryable: true },
    });
    expect(harness.steps.find((s) => s.path === 'batch:2')?.output).toMatchObject({
      resolvedUncertain: 5,
      sent: 0,
    });
  });

  it('treats a duplicate answer to a resent uncertain write as written when the target cannot be queried', async () => {
    const records = makeRecords(12);
    harness = await startHarness({ definition, records, canFindWritten: false });
    harness.target.dropAfterCommit = 1;
    const result = await harness.run();

    expect(result.ledger.written).toBe(12);
    expect(result.stats.failed).toBe(0);
    for (const record of records) expect(harness.target.commits.get(record.id)).toBe(1);
    // The first batch was sent twice (the second answer was "duplicate"), nothing else was.
    const resent = records.filter((r) => harness?.target.received.get(r.id) === 2).map((r) => r.id);
    expect(resent).toEqual(records.slice(0, 5).map((r) => r.id));
    for (const record of records) expect(harness.target.writeBacks.get(record.id)).toBe(1);
  });

  it('still reports a real duplicate of a never-sent record as failed', async () => {
    const records = makeRecords(3);
    harness = await startHarness({ definition, records, canFindWritten: false });
    harness.target.records.set(records[1]?.id ?? '', { key: records[1]?.id ?? '', number: 'OLD', body: {} });
    await harness.run();
    const entry = await harness.store.ledger.get(definition.id, records[1]?.id ?? '');
    expect(entry).toMatchObject({ status: 'failed', lastError: { code: 'CONNECTOR_DUPLICATE' } });
  });
});
