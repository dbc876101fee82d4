import type { ColumnType, Generated } from 'kysely';

/**
 * A JSON column: TEXT in SQLite (read back as a string), JSONB in PostgreSQL (read back parsed).
 * Writes are always a JSON string; the repositories' codec turns reads into JsonValue.
 */
export type JsonColumn = ColumnType<unknown, string, string>;
/** A nullable JSON column (SQL NULL stands for "absent", e.g. no error). */
export type NullableJsonColumn = ColumnType<unknown, string | null, string | null>;

/** Versioned definition documents: one head row per (kind, id). */
export interface DocumentsTable {
  kind: string;
  id: string;
  current_version: number;
  enabled: number;
  updated_at: number;
}
/** Every version of every document. */
export interface DocumentVersionsTable {
  kind: string;
  id: string;
  version: number;
  definition: JsonColumn;
  definition_hash: string;
  source: string | null;
  created_at: number;
  created_by: string | null;
}
/** Encrypted connection secrets. */
export interface SecretsTable {
  connection_id: string;
  ciphertext: string;
  updated_at: number;
}
/** Connector credentials (tokens, sessions) sealed with the runtime's secret key, per cache key. */
export interface ConnectorCredentialsTable {
  key: string;
  connection_id: string;
  sealed: string;
  refresh_at: number | null;
  updated_at: number;
  /** Migration 0008: the fetch under way (its claim id, lease end) and the failure of its fetch, sealed. */
  fetching_by: string | null;
  fetching_until: number | null;
  fetch_error: string | null;
}
/** Runs of flows and syncs. */
export interface RunsTable {
  id: string;
  flow_kind: string;
  flow_id: string;
  flow_version: number;
  status: string;
  trigger: JsonColumn;
  checkpoint: JsonColumn;
  output: JsonColumn;
  error: NullableJsonColumn;
  attempt: number;
  not_before: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  stats: JsonColumn;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  retry_of: string | null;
  /** Since when a taken run waits for its flow's slot (migration 0009). */
  waiting_since: number | null;
}
/** Concurrency slots of flows, shared by every process (migration 0005): which run last took a slot. */
export interface RunSlotsTable {
  flow_key: string;
  slot: number;
  run_id: string;
}
/** Step attempts of runs, keyed by (run_id, seq). */
export interface StepsTable {
  run_id: string;
  seq: number;
  path: string;
  status: string;
  attempt: number;
  input: JsonColumn;
  output: JsonColumn;
  error: NullableJsonColumn;
  exchanges: JsonColumn;
  started_at: number;
  finished_at: number | null;
}
/** The sync ledger: one small row per (sync_id, source_key), the one whose state changes. */
export interface LedgerTable {
  /** The row id the documents are keyed by (migration 0004): SQLite's rowid, a PostgreSQL identity. */
  id: Generated<number>;
  sync_id: string;
  source_key: string;
  status: ColumnType<string, string | undefined, string>;
  target_id: string | null;
  target_number: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: NullableJsonColumn;
  write_back: ColumnType<string, string | undefined, string>;
  write_back_error: NullableJsonColumn;
  source_time: number | null;
  run_id: string | null;
  updated_at: number;
}
/** The source record of each ledger row, as read (written once per read; migration 0003). */
export interface LedgerSourcesTable {
  ledger_id: number;
  source: JsonColumn;
}
/** The mapped payload last sent for a ledger row (written once per send attempt; no row = none). */
export interface LedgerPayloadsTable {
  ledger_id: number;
  payload: JsonColumn;
}
/** Incremental sync state per sync. */
export interface SyncStateTable {
  sync_id: string;
  watermark: number | null;
  cursor: JsonColumn;
  window_from: number | null;
  window_to: number | null;
  updated_at: number;
}
/** Last firing of each scheduled flow. */
export interface SchedulesTable {
  flow_key: string;
  last_fired: number;
}
/** Saved form records. */
export interface FormRecordsTable {
  id: string;
  form_id: string;
  form_version: number;
  data: JsonColumn;
  created_at: number;
  updated_at: number;
  created_by: string | null;
}
/** Console and API users. */
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: string;
  created_at: number;
}
/** Hashed bearer tokens. */
export interface ApiTokensTable {
  token_hash: string;
  user_id: string;
  name: string;
  created_at: number;
  expires_at: number | null;
}

/** The Kysely database type of the Qiao store (same tables and columns on every dialect). */
export interface Database {
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  secrets: SecretsTable;
  connector_credentials: ConnectorCredentialsTable;
  runs: RunsTable;
  run_slots: RunSlotsTable;
  steps: StepsTable;
  ledger: LedgerTable;
  ledger_sources: LedgerSourcesTable;
  ledger_payloads: LedgerPayloadsTable;
  sync_state: SyncStateTable;
  schedules: SchedulesTable;
  form_records: FormRecordsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
}
