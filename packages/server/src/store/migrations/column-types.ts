/** The SQL dialects the store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * Column types that differ by dialect: JSON (TEXT vs JSONB), epoch milliseconds (INTEGER vs BIGINT)
 * and row ids (INTEGER, SQLite's rowid alias, vs BIGINT).
 */
export function columnTypes(dialect: StoreDialect): {
  json: 'text' | 'jsonb';
  ms: 'integer' | 'bigint';
  id: 'integer' | 'bigint';
} {
  return dialect === 'sqlite'
    ? { json: 'text', ms: 'integer', id: 'integer' }
    : { json: 'jsonb', ms: 'bigint', id: 'bigint' };
}
