import { randomBytes } from 'node:crypto';
import { createStore } from './create-store.ts';
import type { Store } from './port.ts';
import { createPostgresPool, quoteIdentifier } from './postgres-pool.ts';

/** A PostgreSQL schema name no other test (or process) uses. */
export function uniqueSchema(name: string): string {
  return `qiao_${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Drops the given schemas of the database at `url` (an integration test's clean-up). */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const pool = createPostgresPool({ url, max: 1 });
  try {
    for (const schema of schemas)
      await pool.query(`drop schema if exists ${quoteIdentifier(schema)} cascade`);
  } finally {
    await pool.end();
  }
}

/**
 * Stores on one throwaway schema of the test database (DATABASE_URL), each with its own pool as
 * separate processes would have: `open()` migrates and keeps it; `close()` (afterAll) closes them all
 * and drops the schema. Without DATABASE_URL `open()` fails the test (it never skips).
 */
export function postgresTestStores(name: string, poolSize: number) {
  const url = process.env.DATABASE_URL;
  const schema = uniqueSchema(name);
  const stores: Store[] = [];
  return {
    async open(): Promise<Store> {
      if (!url) throw new Error(`DATABASE_URL is not set: the PostgreSQL ${name} tests need it`);
      const store = createStore({ url, schema, poolSize });
      await store.migrate();
      stores.push(store);
      return store;
    },
    async close(): Promise<void> {
      for (const store of stores) await store.close();
      if (url) await dropSchemas(url, [schema]);
    },
  };
}
