import { afterEach, describe, expect, it } from 'vitest';
import { loadSync, type SyncHarness, startHarness } from '../sync-kit/harness.ts';
import { makeRecords } from '../sync-kit/servers.ts';

const definition = loadSync(new URL('./sync.yaml', import.meta.url));
const MINUTE = 60_000;

describe('sync-dedupe-overlap', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('writes only the new records when the next window overlaps the last one', async () => {
    const start = 1_700_000_000_000;
    const records = makeRecords(15, start);
    harness = await startHarness({ definition, records, now: start + 20 * MINUTE });
    const first = await harness.run({ now: start + 20 * MINUTE });
    expect(first.stats).toMatchObject({ read: 15, new: 15, written: 15 });
    const watermark = (await harness.store.syncState.get(definition.id))?.watermark;
    expect(watermark).toBe(records.at(-1)?.updatedAt);

    // Five later records arrive; the overlap (10 min) re-reads all 15 old ones.
    records.push(...makeRecords(5, start + 30 * MINUTE, 'N'));
    const pagesBefore = harness.steps.length;
    const second = await harness.run({ now: start + 40 * MINUTE });
    expect(second.stats).toMatchObject({ read: 20, new: 5, written: 5, writtenBack: 5 });
    const firstPage = harness.steps.slice(pagesBefore).find((s) => s.path === 'page:1');
    expect(firstPage?.input).toMatchObject({
      window: { from: (watermark ?? 0) - 10 * MINUTE, to: start + 40 * MINUTE },
    });

    for (const record of records) {
      expect(harness.target.received.get(record.id)).toBe(1);
      expect(harness.target.writeBacks.get(record.id)).toBe(1);
    }
    expect(second.ledger.written).toBe(20);
  });

  it('writes nothing on a re-run over the same window', async () => {
    const records = makeRecords(8);
    harness = await startHarness({ definition, records });
    await harness.run();
    const again = await harness.run();
    expect(again.stats).toMatchObject({ new: 0, written: 0, writtenBack: 0 });
    expect([...harness.target.received.values()].every((n) => n === 1)).toBe(true);
  });
});
