import { setTimeout as delay } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import { FINISHED_RUN_STATUSES, type RetentionPolicy } from './port.ts';
import type { RepositoryContext } from './repositories/context.ts';
import { chunk } from './repositories/context.ts';
import type { Database } from './tables.ts';

/** Ids of finished runs that the policy no longer keeps (too old, or beyond the newest N of their flow). */
async function runsToPrune(ctx: RepositoryContext, policy: RetentionPolicy): Promise<string[]> {
  const ids = new Set<string>();
  if (policy.olderThan !== undefined) {
    const cutoff = policy.now - policy.olderThan;
    const rows = await ctx.db
      .selectFrom('runs')
      .select('id')
      .where('status', 'in', FINISHED_RUN_STATUSES)
      .where((eb) => eb(eb.fn.coalesce('finished_at', 'created_at'), '<', cutoff))
      .execute();
    for (const row of rows) ids.add(row.id);
  }
  if (policy.keepLast !== undefined) {
    const { rows } = await sql<{ id: string }>`
      select id from (
        select id, row_number() over (partition by flow_kind, flow_id order by created_at desc, id desc) as position
        from runs where status in ('succeeded', 'failed', 'cancelled')) ranked
      where position > ${Math.max(0, policy.keepLast)}`.execute(ctx.db);
    for (const row of rows) ids.add(row.id);
  }
  return [...ids];
}

/**
 * Deletes the runs (and their steps) a retention policy drops, chunk by chunk, each chunk in one
 * transaction. Returning disk space is the caller's part (it cannot run inside a transaction).
 */
export async function deletePrunedRuns(
  ctx: RepositoryContext,
  policy: RetentionPolicy,
): Promise<{ runsDeleted: number; stepsDeleted: number }> {
  let runsDeleted = 0;
  let stepsDeleted = 0;
  for (const part of chunk(await runsToPrune(ctx, policy))) {
    await ctx.atomic(async (db) => {
      const steps = await db.deleteFrom('steps').where('run_id', 'in', part).executeTakeFirst();
      const runs = await db.deleteFrom('runs').where('id', 'in', part).executeTakeFirst();
      stepsDeleted += Number(steps.numDeletedRows);
      runsDeleted += Number(runs.numDeletedRows);
    });
  }
  return { runsDeleted, stepsDeleted };
}

/**
 * Gives freed pages back. SQLite: `PRAGMA incremental_vacuum` when the file was created with
 * auto_vacuum=INCREMENTAL (else a full VACUUM), then a WAL checkpoint so the file really shrinks.
 * PostgreSQL: plain VACUUM makes the space reusable (it does not shrink files; VACUUM FULL would lock).
 */
export async function reclaimSpace(ctx: RepositoryContext): Promise<void> {
  if (ctx.dialect === 'postgres') {
    await sql`vacuum runs, steps`.execute(ctx.db);
    return;
  }
  const { rows } = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(ctx.db);
  if (rows[0]?.auto_vacuum === 2) await sql`pragma incremental_vacuum`.execute(ctx.db);
  else await sql`vacuum`.execute(ctx.db);
  await truncateWal(ctx.db);
}

/**
 * SQLite: copies the whole WAL into the database file and empties it, so the file has its final
 * size. A checkpoint already running (the checkpointer thread's, sqlite-checkpointer.mjs) makes
 * SQLite answer `busy` at once: then it tries again, up to ~1 s, without blocking the event loop.
 */
export async function truncateWal(db: Kysely<Database>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(truncate)`.execute(db);
    if (rows[0]?.busy !== 1) return;
    await delay(10);
  }
}
