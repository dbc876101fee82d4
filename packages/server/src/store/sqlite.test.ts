import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRun, makeStep } from './conformance/fixtures.ts';
import { describeStoreConformance } from './conformance.ts';
import { createStore, kyselyOf } from './create-store.ts';
import { createMigrationProvider } from './migrations/index.ts';
import { listSql } from './repositories/ledger-rows.ts';

const dir = mkdtempSync(join(tmpdir(), 'qiao-store-'));
let fileCount = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openMigrated(file: string) {
  const store = createStore({ file });
  await store.migrate();
  return store;
}

describeStoreConformance('sqlite in memory', () => openMigrated(':memory:'));
describeStoreConformance('sqlite file', () => openMigrated(join(dir, `conformance-${fileCount++}.db`)));

describe('sqlite store', () => {
  it('never hands a run to two processes sharing one file', async () => {
    const file = join(dir, 'two-processes.db');
    const store = await openMigrated(file);
    await store.transaction(async (tx) => {
      for (let i = 0; i < 1500; i++) await tx.runs.create(makeRun({ id: `r${i}`, createdAt: i }));
    });
    const workers = ['a', 'b'].map((owner) =>
      fork(fileURLToPath(new URL('./conformance/claim-worker.ts', import.meta.url)), [file, owner], {
        execArgv: ['--import', 'tsx'],
      }),
    );
    const ready = workers.map((w) => once(w, 'message'));
    await Promise.all(ready);
    const results = workers.map(async (w) => (await once(w, 'message'))[0] as string[]);
    for (const w of workers) w.send('go');
    const [fromA, fromB] = await Promise.all(results);
    expect(fromA!.length + fromB!.length).toBe(1500);
    expect(new Set([...fromA!, ...fromB!]).size).toBe(1500);
    expect(fromA!.length).toBeGreaterThan(0);
    expect(fromB!.length).toBeGreaterThan(0);
    expect((await store.runs.countByStatus()).running).toBe(1500);
    await store.close();
  });

  it('groups concurrent writes into one commit and fails only the write that failed', async () => {
    const store = await openMigrated(join(dir, 'group.db'));
    await store.runs.create(makeRun({ id: 'taken' }));
    const writes = [
      store.runs.create(makeRun({ id: 'a' })),
      store.runs.create(makeRun({ id: 'taken' })),
      store.runs.update('taken', { status: 'running' }, ['queued']),
      store.runs.update('taken', { status: 'failed' }, ['queued']),
      store.steps.put(makeStep('a', 1)),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    expect(settled.slice(2, 4).map((s) => (s.status === 'fulfilled' ? s.value : undefined))).toEqual([
      true,
      false,
    ]);
    expect((await store.runs.get('taken'))?.status).toBe('running');
    expect(await store.steps.list('a')).toHaveLength(1);
    await store.close();
  });

  it('moves ledger sources and payloads out of the ledger row, keeping every entry (0003)', async () => {
    const store = createStore({ file: join(dir, 'ledger-0003.db') });
    const db = kyselyOf(store);
    const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
    expect((await migrator.migrateTo('0002-ledger-status-key')).error).toBeUndefined();
    await sql`insert into ledger (sync_id, source_key, status, source, payload, updated_at)
      values ('s', 'a', 'written', '{"n":1}', '{"FBillNo":"a"}', 5), ('s', 'b', 'pending', '{"n":2}', null, 6)`.execute(
      db,
    );
    await store.migrate();
    expect(await store.ledger.getMany('s', ['a', 'b'])).toEqual([
      expect.objectContaining({
        sourceKey: 'a',
        status: 'written',
        source: { n: 1 },
        payload: { FBillNo: 'a' },
      }),
      expect.objectContaining({
        sourceKey: 'b',
        status: 'pending',
        source: { n: 2 },
        payload: null,
        updatedAt: 6,
      }),
    ]);
    const columns = await sql<{ name: string }>`select name from pragma_table_info('ledger')`.execute(db);
    expect(columns.rows.map((c) => c.name)).not.toContain('source');
    await store.close();
  });

  it('keys ledger documents by row id, keeping every entry and its documents (0004)', async () => {
    const store = createStore({ file: join(dir, 'ledger-0004.db') });
    const db = kyselyOf(store);
    const migrator = new Migrator({ db, provider: createMigrationProvider('sqlite') });
    expect((await migrator.migrateTo('0003-ledger-documents')).error).toBeUndefined();
    await sql`insert into ledger (sync_id, source_key, status, write_back, updated_at)
      values ('s', 'b', 'written', 'pending', 5), ('s', 'a', 'pending', 'none', 6), ('t', 'a', 'failed', 'failed', 7)`.execute(
      db,
    );
    await sql`insert into ledger_sources (sync_id, source_key, source)
      values ('s', 'a', '{"n":1}'), ('s', 'b', '{"n":2}'), ('t', 'a', '{"n":3}')`.execute(db);
    await sql`insert into ledger_payloads (sync_id, source_key, payload) values ('s', 'b', '{"FBillNo":"b"}')`.execute(
      db,
    );
    await store.migrate();
    expect(await store.ledger.getMany('s', ['a', 'b'])).toEqual([
      expect.objectContaining({
        sourceKey: 'a',
        status: 'pending',
        source: { n: 1 },
        payload: null,
        updatedAt: 6,
      }),
      expect.objectContaining({
        sourceKey: 'b',
        status: 'written',
        source: { n: 2 },
        payload: { FBillNo: 'b' },
      }),
    ]);
    expect(await store.ledger.list('t', { writeBack: ['failed'] })).toEqual([
      expect.objectContaining({ sourceKey: 'a', status: 'failed', source: { n: 3 } }),
    ]);
    expect((await store.ledger.listStates('s', { writeBack: ['pending'] })).map((e) => e.sourceKey)).toEqual([
      'b',
    ]);
    await store.close();
  });

  it('walks the partial ledger indexes for the next batch and the due write-backs', async () => {
    const store = await openMigrated(':memory:');
    const plan = async (filter: Parameters<typeof listSql>[1]) => {
      const query = listSql('s', filter, false, 'sqlite');
      const rows = await sql
        .raw<{ detail: string }>(`explain query plan ${query.sql}`.replace(/\?/g, "'x'"))
        .execute(kyselyOf(store));
      return rows.rows.map((r) => r.detail).join('; ');
    };
    expect(await plan({ status: ['writing', 'pending'], limit: 50 })).toContain('ledger_open_status_idx');
    expect(await plan({ status: ['failed'] })).toContain('ledger_open_status_idx');
    expect(await plan({ writeBack: ['pending'], limit: 50 })).toContain('ledger_write_back_due_idx');
    await store.close();
  });

  it('lists newest first by walking (sync_id, id), a rare open status from the open-status index', async () => {
    const store = await openMigrated(':memory:');
    const plan = async (filter: Parameters<typeof listSql>[1]) => {
      const query = listSql('s', { ...filter, order: 'newest' }, true, 'sqlite');
      const params = query.params.map((p) => (typeof p === 'number' ? String(p) : `'${p}'`));
      const rows = await sql
        .raw<{ detail: string }>(`explain query plan ${query.sql}`.replace(/\?/g, () => params.shift() ?? ''))
        .execute(kyselyOf(store));
      return rows.rows.map((r) => r.detail).join('; ');
    };
    expect(await plan({ limit: 100 })).toContain('USING INDEX ledger_newest_idx (sync_id=?)');
    expect(await plan({ limit: 100, after: '99' })).toContain('ledger_newest_idx (sync_id=? AND id<?)');
    expect(await plan({ status: ['written'], limit: 100 })).toContain('ledger_newest_idx');
    // Not (sync_id, id): it would walk every row of the sync to find a few failed ones.
    const failed = await plan({ status: ['failed'], after: '99', limit: 100 });
    expect(failed).toContain('COVERING INDEX ledger_open_status_idx (sync_id=? AND status=?)');
    expect(failed).not.toContain('ledger_newest_idx');
    const several = await plan({ status: ['failed', 'written'], limit: 100 });
    expect(several).toContain('ledger_open_status_idx');
    expect(several).toContain('ledger_newest_idx');
    await store.close();
  });

  it('migrates twice without error and accepts sqlite: urls', async () => {
    const store = createStore({ url: `sqlite:${join(dir, 'url.db')}` });
    await store.migrate();
    await store.migrate();
    expect(store.dialect).toBe('sqlite');
    expect(await store.users.count()).toBe(0);
    await store.close();
  });
});
