import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/json.ts';
import { retryFailed } from '../../../src/sync/retry-failed.ts';
import { loadSync, type SyncHarness, startHarness } from '../sync-kit/harness.ts';
import { makeRecords } from '../sync-kit/servers.ts';

const definition = loadSync(new URL('./sync.yaml', import.meta.url));
const REJECTION = '付款金额必须大于 0';
/** The target's own message, quoted verbatim in both halves of Qiao's bilingual message. */
const REJECTED = `目标系统拒绝了该记录：${REJECTION} / the target system rejected the record: ${REJECTION}`;

async function setup(): Promise<SyncHarness> {
  const records = makeRecords(10);
  Object.assign(records[2] ?? {}, { amount: '-30.50' });
  Object.assign(records[6] ?? {}, { amount: '-70.50' });
  Object.assign(records[8] ?? {}, { amount: 'abc' });
  const harness = await startHarness({ definition, records });
  harness.target.reject = (body) => (Number(body.FPAYAMOUNT) <= 0 ? REJECTION : null);
  await harness.store.documents.put({
    kind: 'sync',
    id: definition.id,
    definition: definition as unknown as JsonObject,
    now: 1,
  });
  return harness;
}

describe('sync-partial-failure', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('fails only the rejected and unmappable records, with the system message and the field name', async () => {
    harness = await setup();
    const result = await harness.run();
    expect(result.ledger).toMatchObject({ written: 7, failed: 3 });
    const rejected = await harness.store.ledger.get(definition.id, 'R000003');
    expect(rejected).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: { code: 'CONNECTOR_REJECTED', message: REJECTED, retryable: false },
    });
    const unmappable = await harness.store.ledger.get(definition.id, 'R000009');
    expect(unmappable?.lastError).toMatchObject({ code: 'MAPPING_FAILED', details: { field: 'FPAYAMOUNT' } });
    expect(unmappable?.lastError?.message).toContain('FPAYAMOUNT');
    expect(harness.target.received.has('R000009')).toBe(false);
  });

  it('writes the fixed records after retryFailed and re-sends nothing else', async () => {
    harness = await setup();
    await harness.run();
    // The fix: the mapping now sends the absolute amount and reads "abc" as 0.01.
    const mapping = {
      ...(definition.mapping as JsonObject),
      FPAYAMOUNT: '{{ $abs($number($match(amount, /^-?[0-9.]+$/) ? amount : "0.01")) }}',
    };
    const fixed = { ...definition, mapping };
    let enqueued = 0;
    const deps = {
      store: harness.store,
      clock: () => 2,
      newRunId: () => 'retry-1',
      enqueue: async () => void enqueued++,
    };

    const one = await retryFailed(deps, definition.id, ['R000003']);
    expect(one).toMatchObject({ reset: 1, runId: 'retry-1' });
    expect(enqueued).toBe(1);
    expect(await harness.store.runs.get('retry-1')).toMatchObject({
      flowKind: 'sync',
      flowId: definition.id,
      status: 'queued',
    });
    await harness.run({ definition: fixed });
    expect(await harness.store.ledger.get(definition.id, 'R000007')).toMatchObject({ status: 'failed' });

    const all = await retryFailed({ ...deps, newRunId: () => 'retry-2' }, definition.id);
    expect(all.reset).toBe(2);
    const result = await harness.run({ definition: fixed });
    expect(result.ledger).toMatchObject({ written: 10, failed: 0 });
    expect(harness.target.received.get('R000003')).toBe(2);
    expect(harness.target.received.get('R000007')).toBe(2);
    expect(harness.target.received.get('R000009')).toBe(1);
    for (const key of ['R000001', 'R000002', 'R000004', 'R000005', 'R000006', 'R000008', 'R000010']) {
      expect(harness.target.received.get(key)).toBe(1);
      expect(harness.target.writeBacks.get(key)).toBe(1);
    }
    expect(harness.target.records.get('R000003')?.body.FPAYAMOUNT).toBe(30.5);
  });
});
