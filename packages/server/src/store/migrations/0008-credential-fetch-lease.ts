import type { Kysely } from 'kysely';
import { columnTypes, type StoreDialect } from './column-types.ts';

/**
 * `connector_credentials` gets the lease of a fetch under way, so processes sharing the store (embedded
 * mode) fetch a credential once between them: `fetching_by` the claim id of the fetching process,
 * `fetching_until` when its lease ends (NULL: no fetch under way, or it failed), `fetch_error` the
 * failure of `fetching_by`'s fetch, sealed (waiters share it). All nullable: existing rows have no fetch
 * under way. One ALTER per column (SQLite adds one column per statement). Same on both dialects.
 */
export async function up0008CredentialFetchLease(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema.alterTable('connector_credentials').addColumn('fetching_by', 'text').execute();
  await db.schema.alterTable('connector_credentials').addColumn('fetching_until', t.ms).execute();
  await db.schema.alterTable('connector_credentials').addColumn('fetch_error', 'text').execute();
}
