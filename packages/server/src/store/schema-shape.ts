import type { Kysely } from 'kysely';

/** A dialect-neutral description of the store's tables: names, columns and nullability. */
export type SchemaShape = Record<string, string[]>;

/** Reads the shape of the tables Kysely sees (in `schema` when given), for the migration parity test. */
export async function readSchemaShape(db: Kysely<unknown>, schema?: string): Promise<SchemaShape> {
  const tables = await db.introspection.getTables();
  const shape: SchemaShape = {};
  for (const table of tables) {
    if (schema !== undefined && table.schema !== schema) continue;
    shape[table.name] = table.columns
      .map((c) => `${c.name}${c.isNullable ? '?' : ''}${c.hasDefaultValue ? '=' : ''}`)
      .sort();
  }
  return Object.fromEntries(Object.entries(shape).sort(([a], [b]) => a.localeCompare(b)));
}
