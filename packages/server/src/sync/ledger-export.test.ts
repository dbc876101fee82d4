import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { ledgerCsv } from './ledger-export.ts';

const T = Date.UTC(2026, 10, 20, 0, 30, 0);
let store: Store | undefined;

afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function csvOf(options: Parameters<typeof ledgerCsv>[2]): Promise<string[]> {
  store = createStore({ file: ':memory:' });
  await store.migrate();
  await store.ledger.addPending('bills', [{ sourceKey: 'k1', source: {}, sourceTime: T, runId: 'r1' }], T);
  let text = '';
  for await (const chunk of ledgerCsv(store, 'bills', options)) text += chunk;
  return text.slice(1).split('\r\n');
}

describe('ledger export', () => {
  it("writes times in the sync schedule's zone and names that zone in their headers", async () => {
    const [header, row] = await csvOf({ timeZone: 'UTC', lang: 'en' });
    expect(header).toContain(',source time (UTC),updated at (UTC),');
    expect(row).toContain(',2026-11-20 00:30:00,2026-11-20 00:30:00,');
  });

  it('writes Beijing time by default, the schedules’ default zone', async () => {
    const [header, row] = await csvOf({});
    expect(header).toContain(',来源时间（Asia/Shanghai）,更新时间（Asia/Shanghai）,');
    expect(row).toContain(',2026-11-20 08:30:00,2026-11-20 08:30:00,');
  });
});
