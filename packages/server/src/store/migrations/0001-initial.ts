import type { Kysely } from 'kysely';
import type { StoreDialect } from './column-types.ts';
import { columnTypes } from './column-types.ts';

/** The first schema of the store: every table of the port, with the indexes its queries need. */
export async function up0001Initial(db: Kysely<unknown>, dialect: StoreDialect): Promise<void> {
  const t = columnTypes(dialect);
  await createDefinitionTables(db, t);
  await createRunTables(db, t);
  await createSyncTables(db, t);
  await createUserTables(db, t);
}

type Types = ReturnType<typeof columnTypes>;

async function createDefinitionTables(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('documents')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('documents_pk', ['kind', 'id'])
    .execute();
  await db.schema
    .createTable('document_versions')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('definition', t.json, (c) => c.notNull())
    .addColumn('definition_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('document_versions_pk', ['kind', 'id', 'version'])
    .execute();
  await db.schema
    .createTable('secrets')
    .addColumn('connection_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .execute();
}

async function createRunTables(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('flow_kind', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('flow_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('trigger', t.json, (c) => c.notNull())
    .addColumn('checkpoint', t.json, (c) => c.notNull())
    .addColumn('output', t.json, (c) => c.notNull())
    .addColumn('error', t.json)
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('not_before', t.ms)
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', t.ms)
    .addColumn('stats', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('started_at', t.ms)
    .addColumn('finished_at', t.ms)
    .addColumn('retry_of', 'text')
    .execute();
  // claim walks (status, created_at) in order and stops after `limit` due runs; lists use the others.
  await db.schema.createIndex('runs_claim_idx').on('runs').columns(['status', 'created_at', 'id']).execute();
  await db.schema.createIndex('runs_flow_idx').on('runs').columns(['flow_id', 'created_at']).execute();
  await db.schema.createIndex('runs_created_idx').on('runs').columns(['created_at', 'id']).execute();
  await db.schema
    .createTable('steps')
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('input', t.json, (c) => c.notNull())
    .addColumn('output', t.json, (c) => c.notNull())
    .addColumn('error', t.json)
    .addColumn('exchanges', t.json, (c) => c.notNull())
    .addColumn('started_at', t.ms, (c) => c.notNull())
    .addColumn('finished_at', t.ms)
    .addPrimaryKeyConstraint('steps_pk', ['run_id', 'seq'])
    .execute();
}

async function createSyncTables(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('ledger')
    .addColumn('sync_id', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('target_id', 'text')
    .addColumn('target_number', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', t.json)
    .addColumn('write_back', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('write_back_error', t.json)
    .addColumn('source_time', t.ms)
    .addColumn('source', t.json, (c) => c.notNull())
    .addColumn('payload', t.json)
    .addColumn('run_id', 'text')
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_pk', ['sync_id', 'source_key'])
    .execute();
  await db.schema.createIndex('ledger_status_idx').on('ledger').columns(['sync_id', 'status']).execute();
  await db.schema
    .createIndex('ledger_write_back_idx')
    .on('ledger')
    .columns(['sync_id', 'write_back'])
    .execute();
  await db.schema
    .createTable('sync_state')
    .addColumn('sync_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('watermark', t.ms)
    .addColumn('cursor', t.json, (c) => c.notNull())
    .addColumn('window_from', t.ms)
    .addColumn('window_to', t.ms)
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('schedules')
    .addColumn('flow_key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('last_fired', t.ms, (c) => c.notNull())
    .execute();
}

async function createUserTables(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('form_records')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('data', t.json, (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('updated_at', t.ms, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .execute();
  await db.schema
    .createIndex('form_records_form_idx')
    .on('form_records')
    .columns(['form_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('api_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.ms, (c) => c.notNull())
    .addColumn('expires_at', t.ms)
    .execute();
}
