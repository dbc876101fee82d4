import type { Selectable, Updateable } from 'kysely';
import type { StructuredError } from '../../errors/index.ts';
import type {
  LedgerEntry,
  LedgerFilter,
  LedgerPatch,
  LedgerRepository,
  LedgerStatus,
  WriteBackStatus,
} from '../port.ts';
import type { LedgerTable } from '../tables.ts';
import type { RepositoryContext } from './context.ts';
import { CHUNK_ROWS, changed, chunk } from './context.ts';
import { updateLedgerMany } from './ledger-update-many.ts';

const ALL_STATUSES: readonly LedgerStatus[] = ['pending', 'writing', 'written', 'failed', 'skipped'];

function toEntry(ctx: RepositoryContext, row: Selectable<LedgerTable>): LedgerEntry {
  const { codec } = ctx;
  return {
    syncId: row.sync_id,
    sourceKey: row.source_key,
    status: row.status as LedgerStatus,
    targetId: row.target_id,
    targetNumber: row.target_number,
    attempts: row.attempts,
    lastError: codec.readNullable<StructuredError>(row.last_error),
    writeBack: row.write_back as WriteBackStatus,
    writeBackError: codec.readNullable<StructuredError>(row.write_back_error),
    sourceTime: row.source_time,
    source: codec.read(row.source),
    payload: codec.readNullable(row.payload),
    runId: row.run_id,
    updatedAt: row.updated_at,
  };
}

function toLedgerPatch(ctx: RepositoryContext, patch: LedgerPatch): Updateable<LedgerTable> {
  const { codec } = ctx;
  const out: Updateable<LedgerTable> = {};
  if (patch.status !== undefined) out.status = patch.status;
  if (patch.targetId !== undefined) out.target_id = patch.targetId;
  if (patch.targetNumber !== undefined) out.target_number = patch.targetNumber;
  if (patch.attempts !== undefined) out.attempts = patch.attempts;
  if (patch.lastError !== undefined) out.last_error = codec.writeNullable(patch.lastError);
  if (patch.writeBack !== undefined) out.write_back = patch.writeBack;
  if (patch.writeBackError !== undefined) out.write_back_error = codec.writeNullable(patch.writeBackError);
  if (patch.sourceTime !== undefined) out.source_time = patch.sourceTime;
  if (patch.source !== undefined) out.source = codec.write(patch.source);
  if (patch.payload !== undefined) out.payload = codec.writeNullable(patch.payload);
  if (patch.runId !== undefined) out.run_id = patch.runId;
  if (patch.updatedAt !== undefined) out.updated_at = patch.updatedAt;
  return out;
}

/**
 * The list query. Several statuses are a UNION ALL of one ordered, limited walk per status over
 * (sync_id, status, source_key): the next batch costs O(limit) however many rows are already written.
 */
function listSql(syncId: string, filter: LedgerFilter): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? 1000;
  let where = 'sync_id = ?';
  const params: unknown[] = [syncId];
  if (filter.writeBack !== undefined) {
    where += ` and write_back in (${filter.writeBack.map(() => '?').join(', ')})`;
    params.push(...filter.writeBack);
  }
  if (filter.after !== undefined) {
    where += ' and source_key > ?';
    params.push(filter.after);
  }
  const statuses = [...new Set(filter.status ?? [])];
  if (statuses.length <= 1) {
    const status = statuses.length === 1 ? ' and status = ?' : '';
    return {
      sql: `select * from ledger where ${where}${status} order by source_key limit ?`,
      params: [...params, ...statuses, limit],
    };
  }
  const branches = statuses.map(
    (_, i) =>
      `select * from (select * from ledger where ${where} and status = ? order by source_key limit ?) as b${i}`,
  );
  return {
    sql: `select * from (${branches.join(' union all ')}) as u order by source_key limit ?`,
    params: [...statuses.flatMap((status) => [...params, status, limit]), limit],
  };
}

/** The sync ledger repository: insert-if-absent keeps a written key from ever being re-added. */
export function createLedgerRepository(ctx: RepositoryContext): LedgerRepository {
  const { codec } = ctx;
  return {
    async addPending(syncId, entries, now) {
      const seen = new Set<string>();
      const unique = entries.filter((e) => !seen.has(e.sourceKey) && seen.add(e.sourceKey));
      const added: string[] = [];
      for (const part of chunk(unique)) {
        // One statement per chunk: existing keys are skipped by the primary key, new ones returned.
        const rows = await ctx.db
          .insertInto('ledger')
          .values(
            part.map((e) => ({
              sync_id: syncId,
              source_key: e.sourceKey,
              source: codec.write(e.source),
              source_time: e.sourceTime,
              run_id: e.runId,
              updated_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['sync_id', 'source_key']).doNothing())
          .returning('source_key')
          .execute();
        for (const row of rows) added.push(row.source_key);
      }
      return added;
    },
    async get(syncId, sourceKey) {
      const row = await ctx.db
        .selectFrom('ledger')
        .selectAll()
        .where('sync_id', '=', syncId)
        .where('source_key', '=', sourceKey)
        .executeTakeFirst();
      return row === undefined ? undefined : toEntry(ctx, row);
    },
    async getMany(syncId, sourceKeys) {
      const out: LedgerEntry[] = [];
      for (const part of chunk([...new Set(sourceKeys)])) {
        const rows = await ctx.db
          .selectFrom('ledger')
          .selectAll()
          .where('sync_id', '=', syncId)
          .where('source_key', 'in', part)
          .execute();
        for (const row of rows) out.push(toEntry(ctx, row));
      }
      return out.sort((x, y) => (x.sourceKey < y.sourceKey ? -1 : x.sourceKey > y.sourceKey ? 1 : 0));
    },
    async list(syncId, filter) {
      if (filter.status?.length === 0 || filter.writeBack?.length === 0) return [];
      const query = listSql(syncId, filter);
      const { rows } = await ctx.raw<Selectable<LedgerTable>>(query.sql, query.params);
      return rows.map((row) => toEntry(ctx, row));
    },
    async update(syncId, sourceKeys, patch, expectStatus) {
      const set = toLedgerPatch(ctx, patch);
      if (sourceKeys.length === 0 || expectStatus?.length === 0 || Object.keys(set).length === 0) return 0;
      // More than one chunk: one transaction, so the update is all-or-nothing like a single statement.
      const run = async (db: typeof ctx.db) => {
        let total = 0;
        for (const part of chunk(sourceKeys)) {
          let query = db
            .updateTable('ledger')
            .set(set)
            .where('sync_id', '=', syncId)
            .where('source_key', 'in', part);
          if (expectStatus !== undefined) query = query.where('status', 'in', expectStatus);
          total += changed(await query.executeTakeFirst());
        }
        return total;
      };
      return sourceKeys.length > CHUNK_ROWS ? ctx.atomic(run) : run(ctx.db);
    },
    updateMany(syncId, patches, expectStatus) {
      return updateLedgerMany(ctx, (patch) => toLedgerPatch(ctx, patch), syncId, patches, expectStatus);
    },
    async incrementAttempts(syncId, sourceKeys, now) {
      for (const part of chunk(sourceKeys)) {
        await ctx.db
          .updateTable('ledger')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('sync_id', '=', syncId)
          .where('source_key', 'in', part)
          .execute();
      }
    },
    async counts(syncId) {
      const rows = await ctx.db
        .selectFrom('ledger')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('sync_id', '=', syncId)
        .groupBy('status')
        .execute();
      const out = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
      for (const row of rows) out[row.status as LedgerStatus] = Number(row.n);
      return out;
    },
  };
}
