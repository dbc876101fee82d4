import type { ConnectorCredentialRepository, StoredCredential } from '../port.ts';
import type { ConnectorCredentialsTable } from '../tables.ts';
import type { RepositoryContext } from './context.ts';
import { changed } from './context.ts';

/**
 * Sealed connector credentials, one per cache key and at most one key per connection (the newest
 * settings'). Read and written only when a process's own memory misses, so Kysely's path is enough.
 */
export function createConnectorCredentialRepository(ctx: RepositoryContext): ConnectorCredentialRepository {
  return {
    async get(key) {
      const row = await ctx.db
        .selectFrom('connector_credentials')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? undefined : credentialOf(row);
    },
    async put(credential) {
      const row = {
        key: credential.key,
        connection_id: credential.connectionId,
        sealed: credential.sealed,
        refresh_at: credential.refreshAt,
        updated_at: credential.updatedAt,
      };
      await ctx.atomic(async (db) => {
        await db
          .insertInto('connector_credentials')
          .values(row)
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({
              connection_id: row.connection_id,
              sealed: row.sealed,
              refresh_at: row.refresh_at,
              updated_at: row.updated_at,
            }),
          )
          .execute();
        // Keys of the connection's earlier settings (rotated secrets) are never asked for again.
        await db
          .deleteFrom('connector_credentials')
          .where('connection_id', '=', row.connection_id)
          .where('key', '<>', row.key)
          .execute();
      });
    },
    async deleteIf(key, sealed) {
      const result = await ctx.db
        .deleteFrom('connector_credentials')
        .where('key', '=', key)
        .where('sealed', '=', sealed)
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async deleteConnection(connectionId) {
      const result = await ctx.db
        .deleteFrom('connector_credentials')
        .where('connection_id', '=', connectionId)
        .executeTakeFirst();
      return changed(result);
    },
  };
}

function credentialOf(row: ConnectorCredentialsTable): StoredCredential {
  return {
    key: row.key,
    connectionId: row.connection_id,
    sealed: row.sealed,
    // PostgreSQL BIGINT arrives as a number through the store's pool parsers; SQLite INTEGER too.
    refreshAt: row.refresh_at === null ? null : Number(row.refresh_at),
    updatedAt: Number(row.updated_at),
  };
}
