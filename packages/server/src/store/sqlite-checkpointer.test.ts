import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeRun, makeStep } from './conformance/fixtures.ts';
import { createStore } from './create-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'qiao-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite WAL checkpointer thread', () => {
  it('copies the WAL into the database file while the connection stays below its own auto-checkpoint', async () => {
    const file = join(dir, 'background.db');
    const store = createStore({ file });
    await store.migrate();
    const empty = statSync(file).size;
    const bulky = { text: 'x'.repeat(4000) };
    // ~2,000 pages of WAL: far below the connection's own auto-checkpoint (40,000 pages).
    await store.transaction(async (tx) => {
      for (let i = 0; i < 1000; i++) {
        await tx.runs.create(makeRun({ id: `r${i}`, createdAt: i, output: bulky }));
        await tx.steps.put(makeStep(`r${i}`, 1, { output: bulky }));
      }
    });
    // Only a checkpoint moves committed pages from the WAL into the database file.
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(empty + 4_000_000), {
      timeout: 5000,
      interval: 20,
    });
    expect(await store.runs.get('r999')).toMatchObject({ id: 'r999', output: bulky });
    await store.close();
  });

  it('stops with the store: the last connection closes and SQLite removes the WAL', async () => {
    const file = join(dir, 'close.db');
    const store = createStore({ file });
    await store.migrate();
    await store.runs.create(makeRun({ id: 'a' }));
    expect(existsSync(`${file}-wal`)).toBe(true);
    await store.close();
    // SQLite deletes the WAL only when its last connection closes: the checkpointer's is gone too.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const reopened = createStore({ file });
    expect((await reopened.runs.get('a'))?.id).toBe('a');
    await reopened.close();
  });
});
