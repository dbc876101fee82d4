import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import { QiaoError } from '../errors/index.ts';
import { createJsonCodec } from './codec.ts';
import { createMigrationProvider, type StoreDialect } from './migrations/index.ts';
import type { Store } from './port.ts';
import { createPostgresPool, quoteIdentifier } from './postgres-pool.ts';
import { createConnectorCredentialRepository } from './repositories/connector-credentials.ts';
import type { RepositoryContext } from './repositories/context.ts';
import { createDocumentRepository } from './repositories/documents.ts';
import { createFormRecordRepository, createUserRepository } from './repositories/forms-users.ts';
import { createLedgerRepository } from './repositories/ledger.ts';
import { createRunRepository } from './repositories/runs.ts';
import {
  createScheduleRepository,
  createSecretRepository,
  createSyncStateRepository,
} from './repositories/small.ts';
import { createStepRepository } from './repositories/steps.ts';
import { deletePrunedRuns, reclaimSpace } from './retention.ts';
import { type RawResult, type RawStatement, SqliteConnectionHost } from './sqlite-database.ts';
import type { Database } from './tables.ts';

const KYSELY = Symbol('qiao.store.kysely');

/** Where the store lives: a `postgres://` URL, or a SQLite file (`:memory:` for tests). */
export interface CreateStoreOptions {
  /** `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite:<file>` or `file:<file>` a SQLite file. */
  url?: string;
  /** SQLite file path; `:memory:` (the default) keeps everything in memory. */
  file?: string;
  /** PostgreSQL only: the schema to use (created by `migrate()`); isolates tests or tenants. */
  schema?: string;
  /** PostgreSQL only: pool size (default 10). */
  poolSize?: number;
}

/** What a store shares between itself and its transaction-bound copies. */
interface StoreBase {
  dialect: StoreDialect;
  root: Kysely<Database>;
  schema: string | undefined;
  /** SQLite only: the connection shared by Kysely and the fast path. */
  host: SqliteConnectionHost | undefined;
}

/** Opens the store a URL or file names; call `migrate()` before first use. */
export function createStore(options: CreateStoreOptions = {}): Store {
  const url = options.url ?? '';
  if (/^postgres(ql)?:\/\//.test(url)) {
    const poolOptions = {
      url,
      max: options.poolSize ?? 10,
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    };
    const pool = createPostgresPool(poolOptions);
    const root = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return bindStore({ dialect: 'postgres', root, schema: options.schema, host: undefined }, root, false);
  }
  const file = options.file ?? (url.replace(/^(sqlite|file):(\/\/)?/, '') || ':memory:');
  const host = new SqliteConnectionHost(file);
  const root = new Kysely<Database>({ dialect: host.dialect() });
  return bindStore({ dialect: 'sqlite', root, schema: undefined, host }, root, false);
}

async function migrate(base: StoreBase): Promise<void> {
  if (base.schema !== undefined)
    await sql`create schema if not exists ${sql.raw(quoteIdentifier(base.schema))}`.execute(base.root);
  const migrator = new Migrator({
    db: base.root,
    provider: createMigrationProvider(base.dialect),
    ...(base.schema === undefined ? {} : { migrationTableSchema: base.schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new QiaoError(
      'INTERNAL',
      `数据库迁移失败 / store migration failed: ${String((error as Error).message ?? error)}`,
      { cause: error },
    );
  }
}

/** Builds the Store over `db` — the root handle, or a transaction of it. */
function bindStore(base: StoreBase, db: Kysely<Database>, inTransaction: boolean): Store {
  const raw = rawExecutors(base, db, inTransaction);
  const ctx: RepositoryContext = {
    db,
    dialect: base.dialect,
    codec: createJsonCodec(base.dialect),
    atomic: (work) => (inTransaction ? work(db) : db.transaction().execute((trx) => work(trx))),
    ...raw,
  };
  const store: Store = {
    dialect: base.dialect,
    migrate: () => migrate(base),
    close: () => base.root.destroy(),
    transaction: (work) =>
      inTransaction ? work(store) : db.transaction().execute((trx) => work(bindStore(base, trx, true))),
    documents: createDocumentRepository(ctx),
    secrets: createSecretRepository(ctx),
    connectorCredentials: createConnectorCredentialRepository(ctx),
    runs: createRunRepository(ctx),
    steps: createStepRepository(ctx),
    ledger: createLedgerRepository(ctx),
    syncState: createSyncStateRepository(ctx),
    schedules: createScheduleRepository(ctx),
    formRecords: createFormRecordRepository(ctx),
    users: createUserRepository(ctx),
    async pruneRuns(policy) {
      const result = await deletePrunedRuns(ctx, policy);
      // Space can only be reclaimed outside a transaction; a transaction-bound store skips it.
      if (!inTransaction && result.runsDeleted > 0) await reclaimSpace(ctx);
      return result;
    },
  };
  Object.defineProperty(store, KYSELY, { value: db });
  return store;
}

const READ_ONLY = /^\s*select\b/i;

/** `?` placeholders as PostgreSQL's `$1, $2…`, cached per statement text. */
const numberedStatements = new Map<string, string>();
function numberPlaceholders(text: string): string {
  let out = numberedStatements.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    if (numberedStatements.size > 1000) numberedStatements.clear();
    numberedStatements.set(text, out);
  }
  return out;
}

type RawExecutor = <R>(sql: string, params: readonly unknown[]) => Promise<RawResult<R>>;
type RawGroupExecutor = <R>(statements: readonly RawStatement[]) => Promise<Array<RawResult<R>>>;
type RawArraysExecutor = (sql: string, params: readonly unknown[]) => Promise<unknown[][]>;
interface RawExecutors {
  raw: RawExecutor;
  rawArrays: RawArraysExecutor;
  rawImmediate: RawExecutor;
  rawAll: RawGroupExecutor;
}

/** Runs statements one after the other on one executor. */
async function inSequence<R>(run: RawExecutor, statements: readonly RawStatement[]) {
  const results: Array<RawResult<R>> = [];
  for (const s of statements) results.push(await run<R>(s.sql, s.params));
  return results;
}

/** The fast path of a dialect: SQLite's shared connection host, or PostgreSQL through Kysely's executor. */
function rawExecutors(base: StoreBase, db: Kysely<Database>, inTransaction: boolean): RawExecutors {
  const host = base.host;
  if (host !== undefined) {
    // Inside a transaction this store's caller holds the connection lock already.
    const direct: RawExecutor = async (text, params) => host.run(text, params);
    if (inTransaction)
      return {
        raw: direct,
        rawArrays: async (text, params) => host.runArrays(text, params),
        rawImmediate: direct,
        rawAll: (statements) => inSequence(direct, statements),
      };
    // Outside transactions, writes join the group commit (claims too: the batch is BEGIN IMMEDIATE).
    const write: RawExecutor = (text, params) => host.write(text, params);
    const raw: RawExecutor = (text, params) =>
      READ_ONLY.test(text) ? host.execute(text, params) : write(text, params);
    return {
      raw,
      rawArrays: (text, params) => host.executeArrays(text, params),
      rawImmediate: write,
      rawAll: (statements) => host.writeAll(statements),
    };
  }
  const runOn =
    (handle: Kysely<Database>): RawExecutor =>
    async <R>(text: string, params: readonly unknown[]) => {
      const pgText = numberPlaceholders(text);
      const result = await handle.executeQuery<R>(CompiledQuery.raw(pgText, [...params]));
      return { rows: result.rows as R[], changes: Number(result.numAffectedRows ?? 0n) };
    };
  const run = runOn(db);
  const rawAll: RawGroupExecutor = (statements) =>
    inTransaction || statements.length <= 1
      ? inSequence(run, statements)
      : db.transaction().execute((trx) => inSequence(runOn(trx), statements));
  // pg keeps the select list's order in each row object.
  const rawArrays: RawArraysExecutor = async (text, params) =>
    (await run<Record<string, unknown>>(text, params)).rows.map((row) => Object.values(row));
  return { raw: run, rawArrays, rawImmediate: run, rawAll };
}

/** The Kysely handle of a store made by `createStore` (introspection, parity tests, maintenance). */
export function kyselyOf(store: Store): Kysely<Database> {
  const db = (store as Store & { [KYSELY]?: Kysely<Database> })[KYSELY];
  if (db === undefined) throw new QiaoError('INTERNAL', 'not a Kysely store');
  return db;
}
