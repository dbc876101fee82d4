import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/** How many distinct SQL texts keep a prepared statement (IN-lists of many lengths make more). */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Statements that do their work one step at a time: better-sqlite3's `run()` steps once, so
 * `pragma incremental_vacuum` would free a single page. These go through `exec` (steps to the end).
 */
const RUN_TO_COMPLETION = /^\s*pragma\s+incremental_vacuum/i;

/** How often the checkpointer thread copies the WAL into the database file (~2,500 pages in the e2e bench). */
const CHECKPOINT_EVERY_MS = 100;

/** The checkpointer thread's heap: it holds one connection and runs one pragma. */
const CHECKPOINTER_LIMITS = { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1, stackSizeMb: 1 };

/** The result of a statement run on the fast path. */
export interface RawResult<R> {
  rows: R[];
  changes: number;
}

/** One statement of an atomic group (`writeAll`, `RepositoryContext.rawAll`). */
export interface RawStatement {
  sql: string;
  params: readonly unknown[];
}

/** A queued write: one statement, or several applied all-or-nothing (inside a savepoint). */
interface QueuedWrite {
  statements: readonly RawStatement[];
  resolve: (results: Array<RawResult<unknown>>) => void;
  reject: (error: unknown) => void;
}

/** A FIFO lock with hand-over: the one connection is used by one query or transaction at a time. */
class ConnectionLock {
  locked = false;
  readonly #waiters: Array<() => void> = [];
  /** Returns undefined when the lock was free (taken synchronously), else a promise of it. */
  acquire(): Promise<void> | undefined {
    if (!this.locked) {
      this.locked = true;
      return undefined;
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  release(): void {
    const next = this.#waiters.shift();
    if (next === undefined) this.locked = false;
    else next();
  }
}

/**
 * One SQLite connection shared by Kysely (through `dialect`) and by the fast path (`execute`):
 * cached prepared statements, executed synchronously when the connection is free, so hot
 * statements skip Kysely's per-query machinery (measured ~10x slower than the statement itself).
 */
export class SqliteConnectionHost {
  readonly raw: BetterSqlite3.Database;
  readonly lock = new ConnectionLock();
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  #queued: QueuedWrite[] = [];
  /** The WAL checkpointer thread (file databases only; sqlite-checkpointer.mjs). */
  readonly #checkpointer: Worker | undefined;

  constructor(file: string) {
    this.raw = openSqliteFile(file);
    this.#checkpointer = this.raw.memory ? undefined : startCheckpointer(this.raw.name);
  }

  /** Stops the checkpointer thread, then closes the connection (SQLite checkpoints what is left). */
  async close(): Promise<void> {
    const checkpointer = this.#checkpointer;
    if (checkpointer !== undefined && checkpointer.threadId !== -1) {
      const exited = new Promise((resolve) => checkpointer.once('exit', resolve));
      checkpointer.ref(); // an unreferenced thread would let the process end while close() waits
      checkpointer.postMessage('stop');
      await exited;
    }
    if (this.raw.open) this.raw.close();
  }

  /** Runs one statement now; the caller holds the lock (or knows it is free and stays synchronous). */
  run<R>(sql: string, params: readonly unknown[]): RawResult<R> {
    if (RUN_TO_COMPLETION.test(sql)) {
      this.raw.exec(sql);
      return { rows: [], changes: 0 };
    }
    const statement = this.#prepare(sql);
    if (statement.reader) return { rows: statement.all(...params) as R[], changes: 0 };
    return { rows: [], changes: statement.run(...params).changes };
  }

  /**
   * Runs one reading statement now and returns its rows as arrays (select-list order): building a
   * keyed object per row costs better-sqlite3 more than reading the row (~40 % of a 50-row ledger read).
   * The caller holds the lock, like `run`.
   */
  runArrays(sql: string, params: readonly unknown[]): unknown[][] {
    const statement = this.#prepare(sql);
    statement.raw(true);
    try {
      return statement.all(...params) as unknown[][];
    } finally {
      statement.raw(false); // the cached statement is shared with `run`
    }
  }

  /** `runArrays` outside any transaction: at once if the connection is free, else when it is. */
  async executeArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]> {
    const wait = this.lock.acquire();
    if (wait !== undefined) await wait;
    try {
      return this.runArrays(sql, params);
    } finally {
      this.lock.release();
    }
  }

  /** Runs one statement outside any transaction: at once if the connection is free, else when it is. */
  async execute<R>(sql: string, params: readonly unknown[]): Promise<RawResult<R>> {
    const wait = this.lock.acquire();
    if (wait !== undefined) await wait;
    try {
      return this.run<R>(sql, params);
    } finally {
      this.lock.release();
    }
  }

  /**
   * Group commit: queues a write, and on the next turn of the event loop runs every queued write
   * in one BEGIN IMMEDIATE transaction. Each promise settles after the COMMIT, so a resolved write
   * is durable; concurrent runs share one commit instead of paying one each (the commit, not the
   * statement, is what costs in WAL mode).
   */
  write<R>(sql: string, params: readonly unknown[]): Promise<RawResult<R>> {
    return this.writeAll<R>([{ sql, params }]).then((results) => results[0] as RawResult<R>);
  }

  /**
   * Like `write`, for several statements that must apply all-or-nothing: they join the same group
   * commit inside a savepoint, so a failing one undoes the whole group and rejects only this promise.
   */
  writeAll<R>(statements: readonly RawStatement[]): Promise<Array<RawResult<R>>> {
    return new Promise((resolve, reject) => {
      if (this.#queued.length === 0) setImmediate(() => void this.#flush());
      this.#queued.push({ statements, resolve: resolve as QueuedWrite['resolve'], reject });
    });
  }

  /** Runs a queued write inside the open transaction; several statements run in a savepoint. */
  #runQueued(item: QueuedWrite): Array<RawResult<unknown>> {
    const [only] = item.statements;
    if (item.statements.length === 1 && only !== undefined) return [this.run(only.sql, only.params)];
    this.run('savepoint qiao_group', []);
    try {
      const results = item.statements.map((s) => this.run(s.sql, s.params));
      this.run('release qiao_group', []);
      return results;
    } catch (error) {
      if (this.raw.inTransaction) {
        this.run('rollback to qiao_group', []);
        this.run('release qiao_group', []);
      }
      throw error;
    }
  }

  async #flush(): Promise<void> {
    const wait = this.lock.acquire();
    if (wait !== undefined) await wait;
    const batch = this.#queued;
    this.#queued = [];
    try {
      this.run('begin immediate', []);
      const outcomes = batch.map((item) => {
        try {
          return { ok: true as const, result: this.#runQueued(item) };
        } catch (error) {
          return { ok: false as const, error };
        }
      });
      // A failed statement only undoes itself, unless it ended the transaction (I/O, disk full).
      if (!this.raw.inTransaction) throw outcomes.find((o) => !o.ok)?.error ?? new Error('transaction ended');
      this.run('commit', []);
      for (const [i, o] of outcomes.entries()) {
        if (o.ok) batch[i]!.resolve(o.result);
        else batch[i]!.reject(o.error);
      }
    } catch (error) {
      if (this.raw.inTransaction) this.run('rollback', []);
      for (const item of batch) item.reject(error);
    } finally {
      this.lock.release();
    }
  }

  /** The Kysely dialect over this connection (same lock, same statement cache). */
  dialect(): Dialect {
    return {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new HostDriver(this),
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    };
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    const hit = this.#statements.get(sql);
    if (hit !== undefined) return hit;
    const statement = this.raw.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, statement);
    return statement;
  }
}

/**
 * Opens (or creates) a SQLite file — or `:memory:` — with WAL (checkpointed every 10,000 pages),
 * synchronous=NORMAL, a busy timeout, foreign keys and incremental auto-vacuum (effective only when
 * set before the first table exists).
 */
function openSqliteFile(file: string): BetterSqlite3.Database {
  const raw = new BetterSqlite3(file);
  raw.pragma('auto_vacuum = INCREMENTAL');
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  raw.pragma('temp_store = MEMORY');
  // A 2 MB page cache (SQLite's default): the hot ledger rows are small (sources and payloads sit in
  // their own tables and are read back rarely), and the engine's process is held to ≤ 150 MB in the e2e
  // bench. Measured against 4 MB (6 alternating runs each): peak RSS 145.7 vs 148.4 MB on average
  // (highest 149.1 vs 151.9), the same rate and CPU per record.
  raw.pragma('cache_size = -2000');
  // The checkpointer thread copies the WAL into the file every 100 ms; this connection's own
  // auto-checkpoint is the backstop that also restarts the log. At ~160 MB of WAL it runs about once
  // per 8,000 e2e records, and finds the log mostly copied already (README: Performance).
  raw.pragma('wal_autocheckpoint = 40000');
  return raw;
}

/**
 * Starts the WAL checkpointer thread for a file database. It is optional help: if it cannot start
 * or stops, the connection's own auto-checkpoint still bounds the log, so its error is a warning.
 */
function startCheckpointer(file: string): Worker {
  const worker = new Worker(new URL('./sqlite-checkpointer.mjs', import.meta.url), {
    workerData: { file, everyMs: CHECKPOINT_EVERY_MS },
    resourceLimits: CHECKPOINTER_LIMITS,
    execArgv: [], // no loaders nor engine flags: a bare thread
  });
  worker.unref(); // never keeps the process alive
  worker.on('error', (error) =>
    process.emitWarning(`SQLite 检查点线程已停止 / the SQLite checkpointer thread stopped: ${error.message}`),
  );
  return worker;
}

class HostDriver implements Driver {
  readonly #host: SqliteConnectionHost;
  readonly #connection: DatabaseConnection;
  constructor(host: SqliteConnectionHost) {
    this.#host = host;
    this.#connection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = host.run<R>(query.sql, query.parameters);
        return Promise.resolve({ rows: result.rows, numAffectedRows: BigInt(result.changes) });
      },
      streamQuery: async function* <R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
        for (const row of host.run<R>(query.sql, query.parameters).rows) yield { rows: [row] };
      },
    };
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const wait = this.#host.lock.acquire();
    if (wait !== undefined) await wait;
    return this.#connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // BEGIN IMMEDIATE takes the write lock before the first read: a deferred transaction that
    // reads first fails with SQLITE_BUSY_SNAPSHOT if another process wrote in between.
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.#host.lock.release();
  }
  async destroy(): Promise<void> {
    await this.#host.close();
  }
}
