import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { up0001Initial } from './0001-initial.ts';
import { up0002LedgerStatusKey } from './0002-ledger-status-key.ts';
import { up0003LedgerDocuments } from './0003-ledger-documents.ts';
import { up0004LedgerRowIds } from './0004-ledger-row-ids.ts';
import { up0005RunSlots } from './0005-run-slots.ts';
import { up0006LedgerNewest } from './0006-ledger-newest.ts';
import { up0007ConnectorCredentials } from './0007-connector-credentials.ts';
import { up0008CredentialFetchLease } from './0008-credential-fetch-lease.ts';
import { up0009RunWaiting } from './0009-run-waiting.ts';
import type { StoreDialect } from './column-types.ts';

/** The ordered list of migrations; each one branches on the dialect where SQL differs. */
const MIGRATIONS: ReadonlyArray<{
  name: string;
  up: (db: Kysely<unknown>, dialect: StoreDialect) => Promise<void>;
}> = [
  { name: '0001-initial', up: up0001Initial },
  { name: '0002-ledger-status-key', up: up0002LedgerStatusKey },
  { name: '0003-ledger-documents', up: up0003LedgerDocuments },
  { name: '0004-ledger-row-ids', up: up0004LedgerRowIds },
  { name: '0005-run-slots', up: up0005RunSlots },
  { name: '0006-ledger-newest', up: up0006LedgerNewest },
  { name: '0007-connector-credentials', up: up0007ConnectorCredentials },
  { name: '0008-credential-fetch-lease', up: up0008CredentialFetchLease },
  { name: '0009-run-waiting', up: up0009RunWaiting },
];

/** A Kysely migration provider over the explicit list above, bound to one dialect. */
export function createMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      const out: Record<string, Migration> = {};
      for (const m of MIGRATIONS) out[m.name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}

export type { StoreDialect } from './column-types.ts';
