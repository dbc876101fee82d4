import type { JsonValue } from '../json.ts';
import type { StoreDialect } from './migrations/index.ts';

/** Turns JSON values into column values and back; SQLite returns TEXT, PostgreSQL returns parsed JSONB. */
export interface JsonCodec {
  write(value: JsonValue): string;
  /** SQL NULL for `null`/`undefined` (columns where null means "absent"). */
  writeNullable(value: unknown): string | null;
  read(value: unknown): JsonValue;
  readNullable<T>(value: unknown): T | null;
}

/** The JSON codec of a dialect. */
export function createJsonCodec(dialect: StoreDialect): JsonCodec {
  const parse =
    dialect === 'sqlite'
      ? (value: unknown): JsonValue => (typeof value === 'string' ? (JSON.parse(value) as JsonValue) : null)
      : (value: unknown): JsonValue => (value === undefined ? null : (value as JsonValue));
  return {
    write: (value) => JSON.stringify(value ?? null),
    writeNullable: (value) => (value === null || value === undefined ? null : JSON.stringify(value)),
    read: parse,
    readNullable: <T>(value: unknown): T | null =>
      value === null || value === undefined ? null : (parse(value) as T),
  };
}
