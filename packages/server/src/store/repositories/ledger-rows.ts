import type { StructuredError } from '../../errors/index.ts';
import type { JsonCodec } from '../codec.ts';
import { OPEN_STATUS_TERM, WRITE_BACK_TERM } from '../migrations/0004-ledger-row-ids.ts';
import type { LedgerEntry, LedgerFilter, LedgerState, LedgerStatus, WriteBackStatus } from '../port.ts';

/** The columns of the small ledger row (everything but the documents of migration 0003). */
export const STATE_COLUMNS =
  'sync_id, source_key, status, target_id, target_number, attempts, last_error, write_back, write_back_error, source_time, run_id, updated_at';

/** The small row's columns read as arrays (`toStateOf`): the caller knows the sync id. */
export const STATE_READ_COLUMNS = STATE_COLUMNS.replace('sync_id, ', '');

/** A ledger row as the driver returns it (JSON columns: TEXT in SQLite, parsed JSONB in PostgreSQL). */
export interface LedgerRow {
  sync_id: string;
  source_key: string;
  status: string;
  target_id: string | null;
  target_number: string | null;
  attempts: number;
  last_error: unknown;
  write_back: string;
  write_back_error: unknown;
  source_time: number | null;
  run_id: string | null;
  updated_at: number;
}

/** A ledger row joined with its documents. */
export interface LedgerRowWithDocuments extends LedgerRow {
  source: unknown;
  payload: unknown;
}

/** Decodes a small ledger row. */
export function toState(codec: JsonCodec, row: LedgerRow): LedgerState {
  return {
    syncId: row.sync_id,
    sourceKey: row.source_key,
    status: row.status as LedgerStatus,
    targetId: row.target_id,
    targetNumber: row.target_number,
    attempts: row.attempts,
    lastError: row.last_error === null ? null : codec.readNullable<StructuredError>(row.last_error),
    writeBack: row.write_back as WriteBackStatus,
    writeBackError:
      row.write_back_error === null ? null : codec.readNullable<StructuredError>(row.write_back_error),
    sourceTime: row.source_time,
    runId: row.run_id,
    updatedAt: row.updated_at,
  };
}

/** Decodes a small row read as an array of `STATE_READ_COLUMNS`. */
export function toStateOf(codec: JsonCodec, syncId: string, row: readonly unknown[]): LedgerState {
  const [sourceKey, status, targetId, targetNumber, attempts, lastError, writeBack, writeBackError] = row;
  return {
    syncId,
    sourceKey: sourceKey as string,
    status: status as LedgerStatus,
    targetId: targetId as string | null,
    targetNumber: targetNumber as string | null,
    attempts: attempts as number,
    lastError: lastError === null ? null : codec.readNullable<StructuredError>(lastError),
    writeBack: writeBack as WriteBackStatus,
    writeBackError: writeBackError === null ? null : codec.readNullable<StructuredError>(writeBackError),
    sourceTime: row[8] as number | null,
    runId: row[9] as string | null,
    updatedAt: row[10] as number,
  };
}

/** Decodes a ledger row joined with its documents (a missing payload row is `null`). */
export function toEntry(codec: JsonCodec, row: LedgerRowWithDocuments): LedgerEntry {
  return { ...toState(codec, row), source: codec.read(row.source), payload: codec.readNullable(row.payload) };
}

/** `l.<column>, …` of these columns, for a joined select. */
const qualified = (columns: string) =>
  columns
    .split(', ')
    .map((c) => `l.${c}`)
    .join(', ');
const QUALIFIED_STATE = qualified(STATE_COLUMNS);
const QUALIFIED_READ = qualified(STATE_READ_COLUMNS);

/** The joins that add the documents to a ledger row aliased `l`. */
const DOCUMENT_JOINS = `left join ledger_sources s on s.ledger_id = l.id
  left join ledger_payloads p on p.ledger_id = l.id`;

/** Rows of these keys (`?` per key): with documents (keyed rows), or the small rows as `STATE_READ_COLUMNS` arrays. */
export function byKeysSql(keyCount: number, withDocuments: boolean): string {
  const keys = Array.from({ length: keyCount }, () => '?').join(', ');
  if (!withDocuments)
    return `select ${STATE_READ_COLUMNS} from ledger where sync_id = ? and source_key in (${keys})`;
  return `select ${QUALIFIED_STATE}, s.source, p.payload from ledger l ${DOCUMENT_JOINS}
    where l.sync_id = ? and l.source_key in (${keys})`;
}

/** Write-back statuses the partial write-back index holds (`WRITE_BACK_TERM`). */
const INDEXED_WRITE_BACKS: ReadonlySet<string> = new Set(['pending', 'failed']);

/**
 * The terms that let SQLite use the partial indexes of migration 0004: SQLite uses a partial index
 * only when the query repeats its WHERE term, so a filter that stays inside an index's rows adds the
 * term (always true for those rows, so it changes no result; PostgreSQL proves it by itself).
 */
function partialIndexTerms(statuses: readonly string[], writeBack: readonly string[] | undefined): string {
  let terms = '';
  if (writeBack?.every((w) => INDEXED_WRITE_BACKS.has(w))) terms += ` and ${WRITE_BACK_TERM}`;
  if (statuses.length > 0 && !statuses.includes('written')) terms += ` and ${OPEN_STATUS_TERM}`;
  return terms;
}

/**
 * The list query: with documents as keyed rows, else the small rows as `STATE_READ_COLUMNS` arrays.
 * Several statuses are a UNION ALL of one ordered, limited walk per status over (sync_id, status,
 * source_key) — the partial index of rows not `written` —: the next batch costs O(limit) however many
 * rows are already written. A write-back filter of pending/failed walks the partial write-back index
 * in key order. The documents of the (at most `limit`) rows found are joined by row id.
 */
export function listSql(
  syncId: string,
  filter: LedgerFilter,
  withDocuments: boolean,
): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? 1000;
  const statuses = [...new Set(filter.status ?? [])];
  let where = `sync_id = ?${partialIndexTerms(statuses, filter.writeBack)}`;
  const params: unknown[] = [syncId];
  if (filter.writeBack !== undefined) {
    where += ` and write_back in (${filter.writeBack.map(() => '?').join(', ')})`;
    params.push(...filter.writeBack);
  }
  if (filter.search !== undefined && filter.search !== '') {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    where +=
      " and (lower(source_key) like ? escape '\\' or lower(coalesce(target_number, '')) like ? escape '\\')";
    const pattern = `%${filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.push(pattern, pattern);
  }
  if (filter.after !== undefined) {
    where += ' and source_key > ?';
    params.push(filter.after);
  }
  const select = withDocuments ? `${QUALIFIED_STATE}, s.source, p.payload` : QUALIFIED_READ;
  const joins = withDocuments ? ` ${DOCUMENT_JOINS}` : '';
  if (statuses.length <= 1) {
    // The document tables have no column of the ledger's name (only ledger_id), so `where` stays unqualified.
    const status = statuses.length === 1 ? ' and status = ?' : '';
    return {
      sql: `select ${select} from ledger l${joins} where ${where}${status} order by l.source_key limit ?`,
      params: [...params, ...statuses, limit],
    };
  }
  // The walks find (id, source_key) only: their merge sorts narrow records, then the rows are read by id.
  const walks = statuses.map(
    (_, i) =>
      `select * from (select id, source_key from ledger where ${where} and status = ? order by source_key limit ?) as b${i}`,
  );
  const found = `select * from (${walks.join(' union all ')}) as u0 order by source_key limit ?`;
  return {
    sql: `select ${select} from (${found}) as u join ledger l on l.id = u.id${joins} order by u.source_key`,
    params: [...statuses.flatMap((status) => [...params, status, limit]), limit],
  };
}
