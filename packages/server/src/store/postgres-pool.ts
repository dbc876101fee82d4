import pg from 'pg';

/** Type OID of int8 (BIGINT, and `count(*)`). */
const INT8_OID = 20;

/** Options of the PostgreSQL pool. */
export interface PostgresPoolOptions {
  url: string;
  /** Schema to create (if missing) and use as search_path — isolates tests and tenants. */
  schema?: string;
  max?: number;
}

/**
 * Creates a pg Pool whose BIGINT values parse as JS numbers (epoch ms fit safely) without touching
 * pg's global type parsers, optionally pinned to a schema.
 */
export function createPostgresPool(options: PostgresPoolOptions): pg.Pool {
  const config: pg.PoolConfig = {
    connectionString: options.url,
    max: options.max ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
    },
  };
  if (options.schema !== undefined) config.options = `-c search_path=${quoteIdentifier(options.schema)}`;
  return new pg.Pool(config);
}

/** Quotes a PostgreSQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
