import type { Kysely } from 'kysely';
import type { JsonCodec } from '../codec.ts';
import type { StoreDialect } from '../migrations/index.ts';
import type { RawResult, RawStatement } from '../sqlite-database.ts';
import type { Database } from '../tables.ts';

/** What every repository gets: the (possibly transaction-bound) database, the dialect and its JSON codec. */
export interface RepositoryContext {
  db: Kysely<Database>;
  dialect: StoreDialect;
  codec: JsonCodec;
  /** Runs `work` atomically: inside the current transaction if there is one, else in a new one. */
  atomic<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Runs one hand-written statement (`?` placeholders, SQL valid on both dialects) on the fast path:
   * SQLite executes a cached prepared statement directly, PostgreSQL renumbers placeholders.
   */
  raw<R>(sql: string, params: readonly unknown[]): Promise<RawResult<R>>;
  /**
   * Like `raw` for a SELECT, with each row as an array in select-list order (SQLite: better-sqlite3's
   * raw mode, cheaper than keyed rows; PostgreSQL: the row's values). For hot reads of many rows.
   */
  rawArrays(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  /** Like `raw`, but on SQLite outside a transaction wraps the statement in BEGIN IMMEDIATE … COMMIT. */
  rawImmediate<R>(sql: string, params: readonly unknown[]): Promise<RawResult<R>>;
  /**
   * Runs several hand-written statements all-or-nothing: SQLite joins the group commit inside a
   * savepoint (cached prepared statements), PostgreSQL opens one transaction (none when already in one).
   */
  rawAll<R>(statements: readonly RawStatement[]): Promise<Array<RawResult<R>>>;
}

/** Rows per multi-row statement: keeps SQLite under its bound-parameter limit (32,766) with room to spare. */
export const CHUNK_ROWS = 500;

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size = CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Number of rows an UPDATE/DELETE changed, as a JS number. */
export function changed(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
