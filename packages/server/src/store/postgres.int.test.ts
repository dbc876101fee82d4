import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRun } from './conformance/fixtures.ts';
import { describeStoreConformance } from './conformance.ts';
import { createStore, kyselyOf } from './create-store.ts';
import { createMigrationProvider } from './migrations/index.ts';
import type { Store } from './port.ts';
import { createPostgresPool, quoteIdentifier } from './postgres-pool.ts';
import { readSchemaShape } from './schema-shape.ts';

// No DATABASE_URL is a failure, not a skip: every test below throws in its setup.
const url = process.env.DATABASE_URL;
const runTag = `qiao_t${process.pid}_${randomBytes(3).toString('hex')}`;
const schemas: string[] = [];

/** A migrated store in a schema of its own (CI shares the database). */
async function freshStore(): Promise<Store> {
  if (url === undefined || url === '')
    throw new Error('DATABASE_URL is not set: the PostgreSQL store tests need it');
  const schema = `${runTag}_${schemas.length}`;
  schemas.push(schema);
  const store = createStore({ url, schema, poolSize: 4 });
  await store.migrate();
  return store;
}

/** A store in a schema of its own, migrated only up to `version` (where a migration test starts). */
async function storeMigratedTo(version: string) {
  if (url === undefined || url === '') throw new Error('DATABASE_URL is not set');
  const schema = `${runTag}_${schemas.length}`;
  schemas.push(schema);
  const store = createStore({ url, schema, poolSize: 2 });
  const db = kyselyOf(store);
  await sql`create schema if not exists ${sql.raw(quoteIdentifier(schema))}`.execute(db);
  const migrator = new Migrator({
    db,
    provider: createMigrationProvider('postgres'),
    migrationTableSchema: schema,
  });
  expect((await migrator.migrateTo(version)).error).toBeUndefined();
  return { store, db };
}

afterAll(async () => {
  if (url === undefined || schemas.length === 0) return;
  const pool = createPostgresPool({ url, max: 1 });
  for (const schema of schemas) await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  await pool.end();
});

describeStoreConformance('postgres', freshStore);

describe('postgres store', () => {
  it('creates the same tables and columns as sqlite', async () => {
    const pg = await freshStore();
    const sqlite = createStore({ file: ':memory:' });
    await sqlite.migrate();
    const pgShape = await readSchemaShape(kyselyOf(pg) as never, schemas.at(-1));
    const sqliteShape = await readSchemaShape(kyselyOf(sqlite) as never);
    expect(Object.keys(pgShape)).toContain('runs');
    expect(pgShape).toEqual(sqliteShape);
    await pg.close();
    await sqlite.close();
  });

  it('moves ledger sources and payloads out of the ledger row, keeping every entry (0003)', async () => {
    const { store, db } = await storeMigratedTo('0002-ledger-status-key');
    await sql`insert into ledger (sync_id, source_key, status, source, payload, updated_at)
      values ('s', 'a', 'written', '{"n":1}', '{"FBillNo":"a"}', 5), ('s', 'b', 'pending', '{"n":2}', null, 6)`.execute(
      db,
    );
    await store.migrate();
    expect(await store.ledger.getMany('s', ['a', 'b'])).toEqual([
      expect.objectContaining({ sourceKey: 'a', source: { n: 1 }, payload: { FBillNo: 'a' } }),
      expect.objectContaining({ sourceKey: 'b', source: { n: 2 }, payload: null, updatedAt: 6 }),
    ]);
    await store.close();
  });

  it('keys ledger documents by row id, keeping every entry and its documents (0004)', async () => {
    const { store, db } = await storeMigratedTo('0003-ledger-documents');
    await sql`insert into ledger (sync_id, source_key, status, write_back, updated_at)
      values ('s', 'b', 'written', 'pending', 5), ('s', 'a', 'pending', 'none', 6)`.execute(db);
    await sql`insert into ledger_sources (sync_id, source_key, source) values ('s', 'a', '{"n":1}'), ('s', 'b', '{"n":2}')`.execute(
      db,
    );
    await sql`insert into ledger_payloads (sync_id, source_key, payload) values ('s', 'b', '{"FBillNo":"b"}')`.execute(
      db,
    );
    await store.migrate();
    expect(await store.ledger.getMany('s', ['a', 'b'])).toEqual([
      expect.objectContaining({ sourceKey: 'a', source: { n: 1 }, payload: null, updatedAt: 6 }),
      expect.objectContaining({ sourceKey: 'b', source: { n: 2 }, payload: { FBillNo: 'b' } }),
    ]);
    // New rows get ids after the copied ones (the identity continues).
    expect(
      await store.ledger.addPending(
        's',
        [{ sourceKey: 'c', source: { n: 3 }, sourceTime: null, runId: 'r' }],
        7,
      ),
    ).toEqual(['c']);
    expect((await store.ledger.getMany('s', ['c']))[0]).toMatchObject({ source: { n: 3 } });
    await store.close();
  });

  it('never hands a run to two stores claiming at once', async () => {
    const a = await freshStore();
    const schema = schemas.at(-1)!;
    const b = createStore({ url: url!, schema, poolSize: 4 });
    await a.transaction(async (tx) => {
      for (let i = 0; i < 300; i++) await tx.runs.create(makeRun({ id: `r${i}`, createdAt: i }));
    });
    const drain = async (store: Store, owner: string) => {
      const got: string[] = [];
      for (;;) {
        const batch = await store.runs.claim({ owner, now: 1000, leaseMs: 60_000, limit: 3 });
        if (batch.length === 0) return got;
        got.push(...batch.map((r) => r.id));
      }
    };
    const all = (await Promise.all([drain(a, 'a1'), drain(a, 'a2'), drain(b, 'b1'), drain(b, 'b2')])).flat();
    expect(all).toHaveLength(300);
    expect(new Set(all).size).toBe(300);
    await a.close();
    await b.close();
  });

  it('reads epoch milliseconds beyond 32 bits as numbers', async () => {
    const store = await freshStore();
    await store.runs.create(
      makeRun({ id: 'big', createdAt: 4_102_444_800_123, leaseUntil: 4_102_444_800_999 }),
    );
    const run = await store.runs.get('big');
    expect(run?.createdAt).toBe(4_102_444_800_123);
    expect(typeof run?.leaseUntil).toBe('number');
    await store.close();
  });
});
