import type { DocumentKind } from '../definitions/document.ts';
import type { StructuredError } from '../errors/index.ts';
import type { JsonObject, JsonValue } from '../json.ts';

/**
 * The store port: everything Qiao persists. Two backends implement it with Kysely — SQLite (WAL,
 * embedded default) and PostgreSQL (cluster) — and one conformance suite runs against both.
 * Times are epoch milliseconds. JSON columns hold JSON values, never stringified blobs in the API.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies pending migrations of this dialect. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Runs `work` in one transaction; the store passed to it is bound to that transaction. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  documents: DocumentRepository;
  secrets: SecretRepository;
  connectorCredentials: ConnectorCredentialRepository;
  runs: RunRepository;
  steps: StepRepository;
  ledger: LedgerRepository;
  syncState: SyncStateRepository;
  schedules: ScheduleRepository;
  formRecords: FormRecordRepository;
  users: UserRepository;
  /** Deletes finished runs (and their steps) older than `olderThan` or beyond `keepLast` per flow, then returns disk space. */
  pruneRuns(policy: RetentionPolicy): Promise<{ runsDeleted: number; stepsDeleted: number }>;
}

/** Run-history retention: by age, by count per flow, or both. */
export interface RetentionPolicy {
  olderThan?: number;
  keepLast?: number;
  now: number;
}

// ---------------------------------------------------------------- documents (versioned definitions)

/** One version of a definition document (connection, connector, flow, sync, form). */
export interface DocumentVersion {
  kind: DocumentKind;
  id: string;
  version: number;
  /** The validated definition, with secrets removed (connections' secrets live in SecretRepository). */
  definition: JsonObject;
  /** The original YAML/JSON text, when it came from a file or the console's text view. */
  source: string | null;
  createdAt: number;
  createdBy: string | null;
}
/** The head of a document: its current version and whether it is enabled. */
export interface DocumentHead {
  kind: DocumentKind;
  id: string;
  currentVersion: number;
  enabled: boolean;
  updatedAt: number;
}
export interface DocumentRepository {
  /** Stores a new version when the definition differs from the current one; returns the current version. */
  put(input: {
    kind: DocumentKind;
    id: string;
    definition: JsonObject;
    source?: string | null;
    createdBy?: string | null;
    now: number;
  }): Promise<DocumentVersion>;
  get(kind: DocumentKind, id: string, version?: number): Promise<DocumentVersion | undefined>;
  head(kind: DocumentKind, id: string): Promise<DocumentHead | undefined>;
  list(kind?: DocumentKind): Promise<DocumentHead[]>;
  versions(kind: DocumentKind, id: string): Promise<DocumentVersion[]>;
  setEnabled(kind: DocumentKind, id: string, enabled: boolean, now: number): Promise<void>;
  /** Makes an older version current again by copying it as a new version. */
  rollback(kind: DocumentKind, id: string, version: number, now: number): Promise<DocumentVersion>;
  delete(kind: DocumentKind, id: string): Promise<boolean>;
}

// ---------------------------------------------------------------- secrets

/** Encrypted secrets of a connection (ciphertext only; the secrets module encrypts and decrypts). */
export interface SecretRepository {
  put(connectionId: string, ciphertext: string, now: number): Promise<void>;
  get(connectionId: string): Promise<string | undefined>;
  delete(connectionId: string): Promise<void>;
}

// ---------------------------------------------------------------- connector credentials

/**
 * A connector credential (token or session) kept between processes and restarts, sealed by the caller:
 * the store never sees it in clear.
 */
export interface StoredCredential {
  /** The credential cache key: a connection and a fingerprint of its settings (`<connectionId>:<fingerprint>`). */
  key: string;
  connectionId: string;
  /** The sealed credential (ciphertext the runtime's secret key opens). */
  sealed: string;
  /** Epoch ms after which it is fetched again; null: until the system says it expired. */
  refreshAt: number | null;
  updatedAt: number;
  /** As read by `get`: the last fetch claimed for this key (absent when none was since a credential was stored). */
  fetching?: CredentialFetch;
}

/**
 * A fetch of a key's credential claimed by one process (`claim`): the single flight across processes.
 * The claim's row may hold no credential yet: `sealed` is then `''`.
 */
export interface CredentialFetch {
  /** The claim id of the fetching process. */
  owner: string;
  /** Epoch ms its lease lasts until (a dead owner's lease ends); null once its fetch failed. */
  until: number | null;
  /** Its fetch's failure, sealed by the caller (waiters share it); null unless it failed. */
  error: string | null;
}

/** What `claim` needs: the row as the caller last read it and the lease it asks for. */
export interface CredentialClaim {
  key: string;
  connectionId: string;
  owner: string;
  /** The sealed value the caller read (`''` for a row without one); null when it read no row. */
  seen: string | null;
  now: number;
  /** Epoch ms the lease lasts until. */
  until: number;
}
/** Connector credentials shared by the processes of one store (embedded mode; cluster mode uses Redis). */
export interface ConnectorCredentialRepository {
  get(key: string): Promise<StoredCredential | undefined>;
  /**
   * Stores the credential of its key, replacing the one stored, and deletes the connection's
   * credentials under other keys (fetched with settings since changed), atomically. Ends the key's
   * fetch lease, whoever holds it: the stored credential is what a waiter wanted.
   */
  put(credential: StoredCredential): Promise<void>;
  /**
   * Claims the lease to fetch a key's credential, for one process of all those sharing the store: one
   * conditional write that succeeds only while the row is still as the caller read it (`seen`: its
   * sealed value, or no row) and no other lease is live (`fetching.until` > now). No row: inserts one
   * without a credential (`sealed` `''`). True if this caller holds the lease.
   */
  claim(claim: CredentialClaim): Promise<boolean>;
  /** Ends `owner`'s lease after its fetch failed, keeping `error` (sealed) for its waiters; true if it held it. */
  release(key: string, owner: string, error: string): Promise<boolean>;
  /**
   * Drops the key's credential only while its sealed value is still `sealed` (compare-and-delete); true
   * if dropped. A row under a live or lapsed lease keeps its lease and loses only the value (`sealed`
   * becomes `''`), so a fetch under way stays the only one.
   */
  deleteIf(key: string, sealed: string): Promise<boolean>;
  /** Deletes every credential of a connection (a deleted connection); returns how many. */
  deleteConnection(connectionId: string): Promise<number>;
}

// ---------------------------------------------------------------- runs and steps

export type RunStatus = 'queued' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

/** One firing of a flow or sync. `checkpoint` is the engine's resumable state after the last completed step. */
export interface RunRecord {
  id: string;
  flowKind: 'flow' | 'sync';
  flowId: string;
  flowVersion: number;
  status: RunStatus;
  trigger: JsonValue;
  checkpoint: JsonValue;
  output: JsonValue;
  error: StructuredError | null;
  attempt: number;
  /** When a retrying run may be picked up again. */
  notBefore: number | null;
  /** The worker holding the run, and until when (a dead worker's lease expires and the run resumes). */
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** Counters the engine keeps (records read/written/failed…). */
  stats: JsonObject;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** A run created by "retry" points at the run it retries. */
  retryOf: string | null;
  /**
   * Since when a run a worker took waits for a slot of its flow (every slot is held by another run
   * of the flow or sync), status still `running` or `retrying`; null (or absent on a run not yet
   * stored) when it is not waiting. Cleared when the run starts or is cancelled (src/runs `isWaiting`).
   */
  waitingSince?: number | null;
}
export interface RunFilter {
  flowId?: string;
  flowKind?: 'flow' | 'sync';
  status?: RunStatus[];
  createdFrom?: number;
  createdTo?: number;
  limit?: number;
  /** Keyset pagination: runs created before this run id's position. */
  before?: string;
}
/** One run's checkpoint: step records and a run patch, applied only while `owner` holds the run. */
export interface RunCheckpoint {
  runId: string;
  /** The worker that must hold the run's lease (a run cancelled or taken over is not written). */
  owner: string;
  steps: readonly StepRecord[];
  patch: Partial<Omit<RunRecord, 'id'>>;
}
export interface RunRepository {
  create(run: RunRecord): Promise<void>;
  /** Creates the run unless one with its id exists (then nothing changes); true when created. */
  createIfAbsent(run: RunRecord): Promise<boolean>;
  get(id: string): Promise<RunRecord | undefined>;
  /**
   * Applies a partial update; `expectStatus` makes it conditional (returns false when the status
   * differs), and so does `expectOwner` (false unless `leaseOwner` is that worker): one statement,
   * so a run taken over by another worker is never written by the one that lost it.
   */
  update(
    id: string,
    patch: Partial<Omit<RunRecord, 'id'>>,
    expectStatus?: RunStatus[],
    expectOwner?: string,
  ): Promise<boolean>;
  list(filter: RunFilter): Promise<RunRecord[]>;
  /**
   * Claims up to `limit` runs that are queued, retrying with `notBefore <= now`, or running with an
   * expired lease; sets them running with the given lease (not `startedAt`: the engine sets it when
   * the run starts, which a run waiting for its flow's slot has not). Atomic across processes.
   */
  claim(input: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
    flowKind?: 'flow' | 'sync';
  }): Promise<RunRecord[]>;
  /**
   * Writes run checkpoints, each all-or-nothing and only while its run is `running` under `owner`'s
   * lease: the step records, then the patch. Resolves with one flag per checkpoint, false when the run
   * was no longer that owner's (nothing of it written). SQLite: hand-written statements joining the
   * group commit; PostgreSQL: one transaction (none of its own inside one).
   */
  checkpoint(writes: readonly RunCheckpoint[]): Promise<boolean[]>;
  /**
   * Takes one of a flow's `limit` concurrency slots for a running run, shared by every process
   * using the store: true when the run holds a slot (it may have held it already), false when
   * every slot is held by another run that is running under a lease valid at `now`. Taking over
   * the slot of a run whose lease lapsed also sends that run back to `retrying` (its worker's next
   * checkpoint then fails), so two runs never hold one slot. Atomic across processes.
   */
  takeSlot(input: { flowKey: string; runId: string; limit: number; now: number }): Promise<boolean>;
  /** Extends the lease of runs this owner holds. */
  renewLease(owner: string, ids: string[], until: number): Promise<void>;
  countByStatus(flowId?: string): Promise<Record<RunStatus, number>>;
}

export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
/** One attempt of one step of a run: what went in, what came out, the HTTP exchanges, timing. */
export interface StepRecord {
  runId: string;
  /** Order within the run (attempts of the same step get their own seq). */
  seq: number;
  /** The step's path: `getToken`, `lines[2].save`, or a sync phase like `page:3`, `batch:12`. */
  path: string;
  status: StepStatus;
  attempt: number;
  input: JsonValue;
  output: JsonValue;
  error: StructuredError | null;
  exchanges: JsonValue;
  startedAt: number;
  finishedAt: number | null;
}
export interface StepRepository {
  /** Inserts or replaces the record of (runId, seq). */
  put(step: StepRecord): Promise<void>;
  list(runId: string): Promise<StepRecord[]>;
}

// ---------------------------------------------------------------- sync ledger

export type LedgerStatus = 'pending' | 'writing' | 'written' | 'failed' | 'skipped';
export type WriteBackStatus = 'none' | 'pending' | 'done' | 'failed';
/**
 * One source record of a sync. `writing` means a write was sent whose outcome is not yet known:
 * after a crash such entries are checked against the target before being sent again.
 */
export interface LedgerEntry {
  syncId: string;
  sourceKey: string;
  status: LedgerStatus;
  targetId: string | null;
  targetNumber: string | null;
  attempts: number;
  lastError: StructuredError | null;
  writeBack: WriteBackStatus;
  writeBackError: StructuredError | null;
  /** The source record's time (watermark field), when known. */
  sourceTime: number | null;
  /** The source record as read (needed to map and retry it later). */
  source: JsonValue;
  /** The mapped payload last sent, for inspection and reconciliation. */
  payload: JsonValue;
  runId: string | null;
  updatedAt: number;
}
/**
 * A ledger entry without its two documents (source, payload): the small row whose state changes,
 * which is all the sync's decisions read. The documents live in tables of their own (migration 0003)
 * and are read only when needed (`sources`, `payloads`); `get`, `getMany` and `list` join them.
 */
export type LedgerState = Omit<LedgerEntry, 'source' | 'payload'>;
/** One source record to add to the ledger (`status` 'skipped': filtered out, never to be written). */
export interface LedgerNewEntry {
  sourceKey: string;
  source: JsonValue;
  sourceTime: number | null;
  runId: string;
  /** The status a new key gets (default `pending`); an existing key keeps its own. */
  status?: 'pending' | 'skipped';
}
/**
 * The order of a ledger listing: `key` by source key; `newest` the entries first seen last first (by
 * the row id, which grows as keys are first added: a row keeps its place when its status changes).
 */
export type LedgerOrder = 'key' | 'newest';
export interface LedgerFilter {
  status?: LedgerStatus[];
  writeBack?: WriteBackStatus[];
  /** Entries whose source key or target number contains this text (case-insensitive). */
  search?: string;
  limit?: number;
  /** Default `key`. */
  order?: LedgerOrder;
  /**
   * Keyset pagination: entries after this cursor — the previous page's `next` (`page`); in key order
   * that is the last source key seen (so a source key may be given), in newest order an opaque cursor.
   */
  after?: string;
}
/** One page of ledger entries and the cursor of the following page. */
export interface LedgerPage {
  entries: LedgerEntry[];
  /** `after` for the following page, or null when this page is not full (the end). */
  next: string | null;
}
/** The changeable fields of a ledger entry. */
export type LedgerPatch = Partial<Omit<LedgerEntry, 'syncId' | 'sourceKey'>>;
/** One entry's change in a bulk ledger update. */
export interface LedgerPatchItem {
  sourceKey: string;
  patch: LedgerPatch;
}
export interface LedgerRepository {
  /**
   * Inserts source records as `pending` (or `skipped`, per entry) with their sources, atomically;
   * keys already present are left untouched, source included (a key already written is never
   * written again). Returns the keys that were new.
   */
  addPending(syncId: string, entries: LedgerNewEntry[], now: number): Promise<string[]>;
  get(syncId: string, sourceKey: string): Promise<LedgerEntry | undefined>;
  /** The entries of these keys that exist (in key order; absent keys are left out), one statement per 500 keys. */
  getMany(syncId: string, sourceKeys: string[]): Promise<LedgerEntry[]>;
  /** Entries in the filter's order (default: source key), with their source and payload (reconciliation, export). */
  list(syncId: string, filter: LedgerFilter): Promise<LedgerEntry[]>;
  /**
   * Like `list`, with the cursor of the following page (the API and CLI): newest order's cursor is
   * the last row's position, which only `page` knows. An `after` that is not such a cursor in newest
   * order is an INPUT_INVALID error.
   */
  page(syncId: string, filter: LedgerFilter): Promise<LedgerPage>;
  /** Like `list`, without source and payload: reads the small rows only (the sync's hot path). */
  listStates(syncId: string, filter: LedgerFilter): Promise<LedgerState[]>;
  /** Like `getMany`, without source and payload. */
  getStates(syncId: string, sourceKeys: string[]): Promise<LedgerState[]>;
  /** The stored source of each of these keys that exists. */
  sources(syncId: string, sourceKeys: string[]): Promise<Map<string, JsonValue>>;
  /** The stored payload of each of these keys that has one (none: never sent, or a failed mapping). */
  payloads(syncId: string, sourceKeys: string[]): Promise<Map<string, JsonValue>>;
  /**
   * Updates entries; `expectStatus` makes each update conditional (documents in the patch too: a
   * `payload: null` removes the stored payload). Returns how many changed.
   */
  update(
    syncId: string,
    sourceKeys: string[],
    patch: Partial<Omit<LedgerEntry, 'syncId' | 'sourceKey'>>,
    expectStatus?: LedgerStatus[],
  ): Promise<number>;
  /**
   * Applies a different patch to each entry, atomically, as one statement per column shape
   * (PostgreSQL: `UPDATE … FROM (VALUES …)`) or one cached prepared statement looped inside one
   * transaction (SQLite). `expectStatus` guards every row; a key given twice keeps its last patch.
   * Returns how many rows changed.
   */
  updateMany(syncId: string, patches: LedgerPatchItem[], expectStatus?: LedgerStatus[]): Promise<number>;
  /** Adds 1 to `attempts` of these entries. */
  incrementAttempts(syncId: string, sourceKeys: string[], now: number): Promise<void>;
  counts(syncId: string): Promise<Record<LedgerStatus, number>>;
}

/** Per-sync incremental state: the watermark (epoch ms) and the resumable page cursor of the current window. */
export interface SyncState {
  syncId: string;
  watermark: number | null;
  cursor: JsonValue;
  windowFrom: number | null;
  windowTo: number | null;
  updatedAt: number;
}
export interface SyncStateRepository {
  get(syncId: string): Promise<SyncState | undefined>;
  put(state: SyncState): Promise<void>;
}

// ---------------------------------------------------------------- schedules

/** The last time a scheduled flow fired; the scheduler fires a slot only if it wins the conditional update. */
export interface ScheduleRepository {
  lastFired(flowKey: string): Promise<number | undefined>;
  /** Records a firing at `slot` only if the stored last firing is `expected` (compare-and-set); true if it won. */
  markFired(flowKey: string, slot: number, expected: number | undefined): Promise<boolean>;
}

// ---------------------------------------------------------------- forms

/** A saved form record: header fields and detail rows. */
export interface FormRecord {
  id: string;
  formId: string;
  formVersion: number;
  data: JsonObject;
  createdAt: number;
  updatedAt: number;
  createdBy: string | null;
}
export interface FormRecordRepository {
  create(record: FormRecord): Promise<void>;
  update(id: string, data: JsonObject, now: number): Promise<FormRecord | undefined>;
  get(id: string): Promise<FormRecord | undefined>;
  list(formId: string, options: { limit?: number; before?: string }): Promise<FormRecord[]>;
}

// ---------------------------------------------------------------- users and API tokens

export type Role = 'admin' | 'editor' | 'viewer';
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
}
/** Users and bearer tokens (tokens are stored hashed). */
export interface UserRepository {
  create(user: UserRecord): Promise<void>;
  byUsername(username: string): Promise<UserRecord | undefined>;
  count(): Promise<number>;
  putToken(input: {
    tokenHash: string;
    userId: string;
    name: string;
    createdAt: number;
    expiresAt: number | null;
  }): Promise<void>;
  byToken(tokenHash: string, now: number): Promise<UserRecord | undefined>;
  deleteToken(tokenHash: string): Promise<void>;
  /** Every user without the password hash, by username. */
  list(): Promise<UserSummary[]>;
  get(id: string): Promise<UserRecord | undefined>;
  /**
   * Changes a user's role and/or password hash (tokens untouched: see `deleteTokensOf`). Atomic with
   * its guard: demoting the only admin changes nothing and answers `lastAdmin`.
   */
  update(id: string, patch: { role?: Role; passwordHash?: string }): Promise<UserChange>;
  /** Deletes a user and their tokens; deleting the only admin changes nothing and answers `lastAdmin`. */
  delete(id: string): Promise<UserChange>;
  /** Deletes every token of a user (sign-out everywhere); returns how many. */
  deleteTokensOf(userId: string): Promise<number>;
}
/** A user as listed: no password hash. */
export interface UserSummary {
  id: string;
  username: string;
  role: Role;
  createdAt: number;
  /** When the newest sign-in token still stored was issued (a sign-out removes its token), else null. */
  lastSignInAt: number | null;
}
/** What `update` / `delete` of a user did: `lastAdmin` = refused, it would leave no admin. */
export type UserChange = 'done' | 'notFound' | 'lastAdmin';
