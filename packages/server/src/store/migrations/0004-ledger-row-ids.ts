import { type Kysely, type SqlBool, sql } from 'kysely';
import type { StoreDialect } from './column-types.ts';
import { columnTypes } from './column-types.ts';

/** The ledger's open statuses term: the status index holds only rows it matches (queries repeat it). */
export const OPEN_STATUS_TERM = "status <> 'written'";
/** The write-back index holds only rows this term matches (queries repeat it). */
export const WRITE_BACK_TERM = "write_back in ('pending', 'failed')";

/**
 * Fewer pages dirtied per ledger change (the WAL frames of every group commit). Source keys are random
 * (DingTalk instance ids), so every index keyed by them takes a write in a random leaf page:
 * - the documents were keyed (sync_id, source_key): now by the ledger row's `id` (SQLite: the rowid),
 *   so a new source or payload is appended instead of landing in a random leaf of its own index;
 * - the status index (sync_id, status, source_key) keeps only rows not `written` (where the next
 *   batch, failed and skipped rows are looked for): a written row leaves it instead of moving to a
 *   random leaf of the written range; counts() adds the written rows by subtraction;
 * - the write-back index becomes (sync_id, source_key) of rows whose write-back is pending or failed
 *   (the ones searched for); done rows leave it.
 * SQLite cannot add a rowid alias to a table, so `ledger` and both document tables are rebuilt.
 */
export async function up0004LedgerRowIds(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  // PostgreSQL migrations run in a transaction already; Kysely runs SQLite's without one, and a rebuild
  // stopped halfway (renamed tables, dropped indexes) could not be run again.
  if (dialect === 'sqlite') await db.transaction().execute((trx) => rebuildLedger(trx, dialect));
  else await rebuildLedger(db, dialect);
}

/** Renames the 0003 tables, creates the new ones, copies rows and documents over, drops the old. */
async function rebuildLedger(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.dropIndex('ledger_status_key_idx').execute();
  await db.schema.dropIndex('ledger_write_back_idx').execute();
  for (const table of ['ledger', 'ledger_sources', 'ledger_payloads'])
    await db.schema.alterTable(table).renameTo(`${table}_0003`).execute();
  await createLedger(db, dialect, t);
  await sql`insert into ledger (sync_id, source_key, status, target_id, target_number, attempts, last_error,
      write_back, write_back_error, source_time, run_id, updated_at)
    select sync_id, source_key, status, target_id, target_number, attempts, last_error,
      write_back, write_back_error, source_time, run_id, updated_at
    from ledger_0003 order by sync_id, source_key`.execute(db);
  for (const [table, column] of [
    ['ledger_sources', 'source'],
    ['ledger_payloads', 'payload'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('ledger_id', t.id, (c) =>
        c.primaryKey().notNull().references('ledger.id').onDelete('cascade'),
      )
      .addColumn(column, t.json, (c) => c.notNull())
      .execute();
    await sql`insert into ${sql.table(table)} (ledger_id, ${sql.ref(column)})
      select l.id, d.${sql.ref(column)} from ${sql.table(`${table}_0003`)} d
      join ledger l on l.sync_id = d.sync_id and l.source_key = d.source_key
      order by l.id`.execute(db);
  }
  for (const table of ['ledger_payloads', 'ledger_sources', 'ledger'])
    await db.schema.dropTable(`${table}_0003`).execute();
}

/** The ledger with its row id, the unique key and the two partial indexes. */
async function createLedger(
  db: Kysely<unknown>,
  dialect: StoreDialect,
  t: ReturnType<typeof columnTypes>,
): Promise<void> {
  await db.schema
    .createTable('ledger')
    // SQLite: INTEGER PRIMARY KEY is the rowid; PostgreSQL: an identity column (no default in the shape).
    .addColumn('id', t.id, (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().notNull(),
    )
    .addColumn('sync_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('target_id', 'text')
    .addColumn('target_number', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', t.json)
    .addColumn('write_back', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('write_back_error', t.json)
    .addColumn('source_time', t.ms)
    .addColumn('run_id', 'text')
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addUniqueConstraint('ledger_key', ['sync_id', 'source_key'])
    .execute();
  await db.schema
    .createIndex('ledger_open_status_idx')
    .on('ledger')
    .columns(['sync_id', 'status', 'source_key'])
    .where(sql.raw<SqlBool>(OPEN_STATUS_TERM))
    .execute();
  await db.schema
    .createIndex('ledger_write_back_due_idx')
    .on('ledger')
    .columns(['sync_id', 'source_key'])
    .where(sql.raw<SqlBool>(WRITE_BACK_TERM))
    .execute();
}
