/** The SQL dialects the store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Column types that differ by dialect: JSON (TEXT vs JSONB) and epoch milliseconds (INTEGER vs BIGINT). */
export function columnTypes(dialect: StoreDialect): { json: 'text' | 'jsonb'; ms: 'integer' | 'bigint' } {
  return dialect === 'sqlite' ? { json: 'text', ms: 'integer' } : { json: 'jsonb', ms: 'bigint' };
}
