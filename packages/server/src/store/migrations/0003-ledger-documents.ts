import { type Kysely, sql } from 'kysely';
import type { StoreDialect } from './column-types.ts';
import { columnTypes } from './column-types.ts';

/**
 * Moves the two large documents of a ledger entry out of the row whose state changes: `source` (the
 * record as read, written once per read) goes to `ledger_sources`, `payload` (the mapped record last
 * sent, written once per send attempt) to `ledger_payloads`. A ledger row changes state about four
 * times per record; with ~8 KB of JSON inside, every change rewrote the overflow pages into the WAL
 * and again into the file at checkpoints. The hot row is now ~150 bytes. Existing rows are copied.
 */
export async function up0003LedgerDocuments(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('ledger_sources')
    .addColumn('sync_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('source', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_sources_pk', ['sync_id', 'source_key'])
    .execute();
  await db.schema
    .createTable('ledger_payloads')
    .addColumn('sync_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('payload', t.json, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_payloads_pk', ['sync_id', 'source_key'])
    .execute();
  await sql`insert into ledger_sources (sync_id, source_key, source)
    select sync_id, source_key, source from ledger`.execute(db);
  await sql`insert into ledger_payloads (sync_id, source_key, payload)
    select sync_id, source_key, payload from ledger where payload is not null`.execute(db);
  await db.schema.alterTable('ledger').dropColumn('source').execute();
  await db.schema.alterTable('ledger').dropColumn('payload').execute();
}
