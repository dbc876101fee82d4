import type { Kysely } from 'kysely';
import type { StoreDialect } from './column-types.ts';

/**
 * Ledger index (sync_id, id): a sync's rows by row id, for the ledger listed newest first (the rows
 * first seen last, then back). Row ids only grow, so a new row lands at the end of its sync's range
 * (an append, not a random leaf like the source-key indexes), and neither column ever changes: SQLite
 * writes it on insert only, never on the ~4 state changes of a row (an index holding status or
 * updated_at would take a write on each). Same on both dialects.
 */
export async function up0006LedgerNewest(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema.createIndex('ledger_newest_idx').on('ledger').columns(['sync_id', 'id']).execute();
}
