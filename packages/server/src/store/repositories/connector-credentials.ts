import type { ConnectorCredentialRepository, StoredCredential } from '../port.ts';
import type { ConnectorCredentialsTable } from '../tables.ts';
import type { RepositoryContext } from './context.ts';
import { changed } from './context.ts';

/**
 * Sealed connector credentials, one per cache key and at most one key per connection (the newest
 * settings'), with the lease of a fetch under way. Read and written only when a process's own memory
 * misses, so Kysely's path is enough. Each claim, release and compare-and-delete is one conditional
 * statement: SQLite runs it under its write lock, PostgreSQL re-checks the WHERE on the row a
 * concurrent writer left, so of two processes racing one wins.
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
        fetching_by: null,
        fetching_until: null,
        fetch_error: null,
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
              // The credential is stored: any fetch under way for it is no longer waited on.
              fetching_by: null,
              fetching_until: null,
              fetch_error: null,
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
    async claim({ key, connectionId, owner, seen, now, until }) {
      if (seen === null) {
        const result = await ctx.db
          .insertInto('connector_credentials')
          .values({
            key,
            connection_id: connectionId,
            sealed: '',
            refresh_at: 0,
            updated_at: now,
            fetching_by: owner,
            fetching_until: until,
            fetch_error: null,
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
      }
      const result = await ctx.db
        .updateTable('connector_credentials')
        .set({ fetching_by: owner, fetching_until: until, fetch_error: null })
        .where('key', '=', key)
        .where('sealed', '=', seen)
        .where((eb) => eb.or([eb('fetching_until', 'is', null), eb('fetching_until', '<=', now)]))
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async release(key, owner, error) {
      const result = await ctx.db
        .updateTable('connector_credentials')
        .set({ fetching_until: null, fetch_error: error })
        .where('key', '=', key)
        .where('fetching_by', '=', owner)
        .executeTakeFirst();
      return changed(result) === 1;
    },
    async deleteIf(key, sealed) {
      return ctx.atomic(async (db) => {
        const deleted = await db
          .deleteFrom('connector_credentials')
          .where('key', '=', key)
          .where('sealed', '=', sealed)
          .where('fetching_until', 'is', null)
          .executeTakeFirst();
        if (changed(deleted) === 1) return true;
        // A lease on the row (a fetch under way, or a dead one's): keep it, drop only the value.
        const blanked = await db
          .updateTable('connector_credentials')
          .set({ sealed: '' })
          .where('key', '=', key)
          .where('sealed', '=', sealed)
          .where('sealed', '<>', '')
          .executeTakeFirst();
        return changed(blanked) === 1;
      });
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
  const credential: StoredCredential = {
    key: row.key,
    connectionId: row.connection_id,
    sealed: row.sealed,
    // PostgreSQL BIGINT arrives as a number through the store's pool parsers; SQLite INTEGER too.
    refreshAt: row.refresh_at === null ? null : Number(row.refresh_at),
    updatedAt: Number(row.updated_at),
  };
  if (row.fetching_by !== null)
    credential.fetching = {
      owner: row.fetching_by,
      until: row.fetching_until === null ? null : Number(row.fetching_until),
      error: row.fetch_error,
    };
  return credential;
}
