import { inLanguage } from '../i18n/bilingual.ts';
/** A definition list item as `GET /api/v1/<kind>s` returns it. */
export interface DefinitionHead {
  id: string;
  kind: string;
  name: string | null;
  version: number;
  enabled: boolean;
  updatedAt: number;
}

/** One version of a definition as `GET /api/v1/<kind>s/:id` returns it. */
export interface DefinitionVersion<D = Record<string, unknown>> {
  kind: string;
  id: string;
  version: number;
  currentVersion?: number;
  enabled: boolean;
  updatedAt?: number;
  createdAt?: number;
  createdBy?: string | null;
  definition: D;
  source: string | null;
}

/** A connector operation as the connector list describes it. */
export interface OperationInfo {
  id: string;
  name: LocalText;
  mode?: string;
  method?: string;
  path?: string;
  input?: unknown;
  output?: unknown;
  sample?: unknown;
  description?: string;
  [key: string]: unknown;
}

/** A connector (built-in or user-defined) with its operations. */
export interface ConnectorInfo {
  id: string;
  name: LocalText;
  origin: string;
  version?: string | number;
  enabled?: boolean;
  operations: OperationInfo[];
  [key: string]: unknown;
}

/** A run list item / run detail (fields the console reads; extra fields are shown raw). */
export interface RunInfo {
  id: string;
  flowId?: string;
  /** `flow` or `sync`. */
  flowKind?: string;
  kind?: string;
  status: string;
  /**
   * The run's counters: a sync run's `{read, new, skipped, written, failed, writtenBack}` (and `adopted` when
   * records were adopted from the target); a flow run's `{steps, skipped, attempts, calls, failed}`.
   */
  stats?: Record<string, unknown> | null;
  trigger?: unknown;
  createdAt?: number;
  startedAt?: number | null;
  finishedAt?: number | null;
  /** Since when the run waits for a slot of its flow or sync (another run holds it): not started yet. */
  waitingSince?: number | null;
  error?: unknown;
  output?: unknown;
  steps?: StepInfo[];
  [key: string]: unknown;
}

/** One step record of a run's timeline. */
export interface StepInfo {
  stepId?: string;
  id?: string;
  status: string;
  input?: unknown;
  output?: unknown;
  request?: unknown;
  response?: unknown;
  error?: unknown;
  attempts?: number;
  startedAt?: number | null;
  finishedAt?: number | null;
  [key: string]: unknown;
}

/** The items wrapper of every list endpoint. */
export interface Items<T> {
  items: T[];
  [key: string]: unknown;
}

/** A display name that may be localized (`{zh, en}`) or plain. */
export type LocalText = string | { zh?: string; en?: string } | null | undefined;

/** The text of a possibly localized name in a language (falls back to the other language). */
export function textOf(value: LocalText, lang: 'zh' | 'en' = 'zh'): string {
  if (value === null || value === undefined) return '';
  // Built-in names are `中文 / English` strings: the half in the console's language.
  if (typeof value === 'string') return inLanguage(value, lang);
  return value[lang] ?? value.zh ?? value.en ?? '';
}

/** One HTTP exchange a sync preview made (secrets redacted). */
export interface SyncPreviewExchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: unknown };
  response?: { status: number; headers: Record<string, string>; body?: unknown };
  error?: { code: string; message: string };
  startedAt: number;
  durationMs: number;
}

/** A record a sync preview read: its ledger status now, the filter, the source and what would be sent. */
export interface SyncPreviewRecord {
  key: string;
  /** Ledger status of this key now; `new` = not in the ledger. */
  status: 'new' | 'pending' | 'writing' | 'written' | 'failed' | 'skipped';
  sourceTime: number | null;
  /** Whether the record passes the source filter. */
  passes: boolean;
  /** The record as read (after the detail call). */
  source: unknown;
  /** The payload the sync would send (when it passes and the mapping succeeded). */
  mapped?: unknown;
  /** The mapping failed (`details.field` names the target field) or the detail call failed. */
  error?: { code: string; message: string; details?: Record<string, unknown> };
}

/** What `POST /api/v1/syncs/{id}/preview` answers: a dry run of the next run's first pages (nothing written). */
export interface SyncPreview {
  syncId: string;
  /** What was read: the source system's list, given items, or the sources stored in the ledger (no call). */
  from: 'source' | 'items' | 'ledger';
  /** The window the next run would read (epoch ms). */
  window: { from: number; to: number } | null;
  pages: number;
  listed: number;
  keyless: number;
  /** More items or pages remain beyond the limit. */
  more: boolean;
  records: SyncPreviewRecord[];
  exchanges: SyncPreviewExchange[];
  /** Listing failed: records may be empty or partial, the exchanges show why. */
  error: { code: string; message: string; details?: unknown } | null;
  /** Keys asked for that are not in the ledger. */
  unknownKeys?: string[];
  /** The `{$from: …}` lookup tables as loaded (up to 5,000 rows each), for the mapping editor. */
  tables?: Record<string, unknown>;
}

/** A user as `GET /users` lists them (admin only; no password). */
export interface UserInfo {
  id: string;
  username: string;
  role: 'admin' | 'editor' | 'viewer';
  createdAt: number;
  /** The newest sign-in whose token is still stored (null after a sign-out or a password reset). */
  lastSignInAt: number | null;
}
