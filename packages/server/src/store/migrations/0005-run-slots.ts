import type { Kysely } from 'kysely';
import type { StoreDialect } from './column-types.ts';

/**
 * `run_slots`: a flow's concurrency limit shared by every process using the store. A flow limited to
 * N runs at a time has slots 0…N−1; a row says which run last took a slot, and the slot is free
 * again once that run is no longer running under a valid lease (no release step to forget, and a
 * dead worker's slot frees itself with its lease). Same on both dialects.
 */
export async function up0005RunSlots(db: Kysely<unknown>, _dialect: StoreDialect): Promise<void> {
  await db.schema
    .createTable('run_slots')
    .addColumn('flow_key', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_slots_pk', ['flow_key', 'slot'])
    .execute();
  await db.schema.createIndex('run_slots_run_idx').on('run_slots').columns(['flow_key', 'run_id']).execute();
}
