import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRun, makeStep } from './conformance/fixtures.ts';
import { createStore, kyselyOf } from './create-store.ts';
import { truncateWal } from './retention.ts';

const dir = mkdtempSync(join(tmpdir(), 'qiao-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run retention on a sqlite file', () => {
  it('shrinks the file after pruning many runs', async () => {
    const file = join(dir, 'prune.db');
    const store = createStore({ file });
    await store.migrate();
    const bulky = { text: 'x'.repeat(2000) };
    await store.transaction(async (tx) => {
      for (let i = 0; i < 2000; i++) {
        await tx.runs.create(
          makeRun({ id: `r${i}`, status: 'succeeded', createdAt: i, finishedAt: i, output: bulky }),
        );
        await tx.steps.put(makeStep(`r${i}`, 1, { output: bulky }));
      }
    });
    await truncateWal(kyselyOf(store));
    const before = statSync(file).size;
    expect(before).toBeGreaterThan(8_000_000);
    const result = await store.pruneRuns({ keepLast: 10, now: 10_000 });
    expect(result).toEqual({ runsDeleted: 1990, stepsDeleted: 1990 });
    const after = statSync(file).size;
    expect(after).toBeLessThan(before / 10);
    expect((await store.runs.list({})).length).toBe(10);
    await store.close();
  });
});
