import type { Kysely } from 'kysely';
import type { StoreDialect } from './column-types.ts';

/**
 * Ledger index (sync_id, status, source_key), replacing (sync_id, status): "the first N entries of
 * a status in key order" (the sync's next batch) becomes an index walk of N entries instead of a
 * walk over every written row before them. Same on both dialects.
 */
export async function up0002LedgerStatusKey(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema
    .createIndex('ledger_status_key_idx')
    .on('ledger')
    .columns(['sync_id', 'status', 'source_key'])
    .execute();
  await db.schema.dropIndex('ledger_status_idx').execute();
}
