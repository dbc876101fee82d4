import type { Kysely } from 'kysely';
import { columnTypes, type StoreDialect } from './column-types.ts';

/**
 * `connector_credentials`: connector tokens and sessions kept between processes and restarts when no
 * Redis shares them (embedded mode). One row per credential cache key (a connection plus the
 * fingerprint of its settings), the value sealed with the runtime's secret key, when to fetch it
 * again (`refresh_at`, NULL: until the system says it expired) and when it was stored. Indexed by
 * connection, so a deleted connection's credentials go with it. Same on both dialects.
 */
export async function up0007ConnectorCredentials(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypes(dialect);
  await db.schema
    .createTable('connector_credentials')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('refresh_at', t.ms)
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connector_credentials_connection_idx')
    .on('connector_credentials')
    .column('connection_id')
    .execute();
}
