import type { Kysely } from 'kysely';
import { columnTypes, type StoreDialect } from './column-types.ts';

/**
 * `runs.waiting_since`: since when a run taken by a worker waits for a slot of its flow (another run
 * of the flow or sync holds it), so views show it as waiting rather than running; NULL otherwise.
 * Set when the worker first finds the slots held, cleared when the run starts or is cancelled. A plain
 * nullable column (no index: no query selects by it). Same on both dialects.
 */
export async function up0009RunWaiting(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  await db.schema.alterTable('runs').addColumn('waiting_since', columnTypes(dialect).ms).execute();
}
