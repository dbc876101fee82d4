import type { JsonObject } from '../../json.ts';
import type { ScheduleRepository, SecretRepository, SyncStateRepository } from '../port.ts';
import type { RepositoryContext } from './context.ts';
import { changed } from './context.ts';

/** Encrypted connection secrets (the store never sees plaintext). */
export function createSecretRepository(ctx: RepositoryContext): SecretRepository {
  return {
    async put(connectionId, ciphertext, now) {
      await ctx.db
        .insertInto('secrets')
        .values({ connection_id: connectionId, ciphertext, updated_at: now })
        .onConflict((oc) => oc.column('connection_id').doUpdateSet({ ciphertext, updated_at: now }))
        .execute();
    },
    async get(connectionId) {
      const row = await ctx.db
        .selectFrom('secrets')
        .select('ciphertext')
        .where('connection_id', '=', connectionId)
        .executeTakeFirst();
      return row?.ciphertext;
    },
    async delete(connectionId) {
      await ctx.db.deleteFrom('secrets').where('connection_id', '=', connectionId).execute();
    },
  };
}

/** Per-sync watermark and cursor. */
export function createSyncStateRepository(ctx: RepositoryContext): SyncStateRepository {
  return {
    async get(syncId) {
      const row = await ctx.db
        .selectFrom('sync_state')
        .selectAll()
        .where('sync_id', '=', syncId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        syncId: row.sync_id,
        watermark: row.watermark,
        cursor: ctx.codec.read(row.cursor),
        windowFrom: row.window_from,
        windowTo: row.window_to,
        updatedAt: row.updated_at,
      };
    },
    async put(state) {
      // Stored after every page: the fast path (SQLite: joins the group commit).
      await ctx.raw(
        `insert into sync_state (sync_id, watermark, cursor, window_from, window_to, updated_at)
          values (?, ?, ?, ?, ?, ?)
          on conflict (sync_id) do update set watermark = excluded.watermark, cursor = excluded.cursor,
            window_from = excluded.window_from, window_to = excluded.window_to, updated_at = excluded.updated_at`,
        [
          state.syncId,
          state.watermark,
          ctx.codec.write(state.cursor),
          state.windowFrom,
          state.windowTo,
          state.updatedAt,
        ],
      );
    },
  };
}

/** Schedule firings with compare-and-set, so two schedulers never both fire a slot. */
export function createScheduleRepository(ctx: RepositoryContext): ScheduleRepository {
  return {
    async lastFired(flowKey) {
      const row = await ctx.db
        .selectFrom('schedules')
        .select('last_fired')
        .where('flow_key', '=', flowKey)
        .executeTakeFirst();
      return row?.last_fired;
    },
    async markFired(flowKey, slot, expected) {
      if (expected === undefined) {
        const rows = await ctx.db
          .insertInto('schedules')
          .values({ flow_key: flowKey, last_fired: slot })
          .onConflict((oc) => oc.column('flow_key').doNothing())
          .returning('flow_key')
          .execute();
        return rows.length === 1;
      }
      const result = await ctx.db
        .updateTable('schedules')
        .set({ last_fired: slot })
        .where('flow_key', '=', flowKey)
        .where('last_fired', '=', expected)
        .executeTakeFirst();
      return changed(result) === 1;
    },
  };
}

/** Reads a stored object column (form data) as a JSON object; SQL NULL becomes `{}`. */
export function asJsonObject(value: unknown): JsonObject {
  return (value ?? {}) as JsonObject;
}
