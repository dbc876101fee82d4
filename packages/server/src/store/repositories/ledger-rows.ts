import { QiaoError, type StructuredError } from '../../errors/index.ts';
import type { JsonCodec } from '../codec.ts';
import { OPEN_STATUS_TERM, WRITE_BACK_TERM } from '../migrations/0004-ledger-row-ids.ts';
import type { StoreDialect } from '../migrations/column-types.ts';
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
  /** The row id (`listSql` selects it: the cursor of newest order). */
  id?: number | string;
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

/** Rows of these statuses are in the partial open-status index (`OPEN_STATUS_TERM`). */
const isOpen = (status: string) => status !== 'written';

/**
 * The row id a cursor of newest order stands for (`LedgerPage.next`: the last row's id in decimal
 * digits); anything else is the caller's mistake, not an empty page.
 */
function rowIdOf(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor))
    throw new QiaoError(
      'INPUT_INVALID',
      `游标无效（不是按最新排序的台账游标）：${cursor} / not a cursor of the newest-first ledger: ${cursor}`,
    );
  return Number(cursor);
}

/**
 * The list query: with documents as keyed rows (and the row `id`, for `page`'s cursor), else the small
 * rows as `STATE_READ_COLUMNS` arrays. Two orders, `key` (source key, keyset `after` = the last key) and
 * `newest` (row id descending: the rows first seen last come first; keyset `after` = the last row id).
 *
 * Several statuses are a UNION ALL of one ordered, limited walk per status: the page costs O(limit)
 * walks merged, however many rows the other statuses hold. Each walk finds (id, source_key) only: the
 * merge sorts narrow records, then the rows (and documents) of the at most `limit` found are read by id.
 * - key order: an open status walks (sync_id, status, source_key) — the partial index of rows not
 *   `written` —, `written` or no status the unique key (sync_id, source_key); a write-back filter of
 *   pending/failed may walk the partial write-back index.
 * - newest order: `written` or no status walks (sync_id, id) backwards (migration 0006: O(limit) plus
 *   the open rows newer than the page); an open status reads its rows from the partial open-status index
 *   (index-only in SQLite: every index entry ends with the rowid) and keeps the `limit` newest — O(rows
 *   of that status), as an index holding (status, id) would be rewritten by every status change of the
 *   sync's hot path. On SQLite `+id` keeps the planner off (sync_id, id) there, which it would otherwise
 *   walk to the sync's first row for a rare status. PostgreSQL gets plain `id` and plans by its
 *   statistics: a rare status from the open-status index, a common one (many skipped rows) by walking
 *   (sync_id, id) until `limit` match — `+id` there made it scan the table for a 5 % status (measured).
 * SQLite uses a partial index only when the query repeats its term: a walk inside an index's rows
 * repeats it (always true for those rows: no result changes; PostgreSQL proves it by itself).
 */
export function listSql(
  syncId: string,
  filter: LedgerFilter,
  withDocuments: boolean,
  dialect: StoreDialect,
): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? 1000;
  const newest = filter.order === 'newest';
  const statuses = [...new Set(filter.status ?? [])];
  let where = 'sync_id = ?';
  const params: unknown[] = [syncId];
  if (filter.writeBack !== undefined) {
    if (filter.writeBack.every((w) => INDEXED_WRITE_BACKS.has(w))) where += ` and ${WRITE_BACK_TERM}`;
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
  const after = filter.after === undefined ? undefined : newest ? rowIdOf(filter.after) : filter.after;
  /** One status's (or every status's) walk: its WHERE after `where`, its ORDER BY, its parameters. */
  const walk = (status: string | undefined) => {
    let terms = status === undefined ? '' : ' and status = ?';
    const open = status !== undefined && isOpen(status);
    if (open) terms += ` and ${OPEN_STATUS_TERM}`;
    const id = newest && open && dialect === 'sqlite' ? '+id' : 'id';
    if (after !== undefined) terms += newest ? ` and ${id} < ?` : ' and source_key > ?';
    const order = newest ? `${id} desc` : 'source_key';
    const values = [
      ...params,
      ...(status === undefined ? [] : [status]),
      ...(after === undefined ? [] : [after]),
    ];
    return { terms, order, values };
  };
  const select = withDocuments ? `${QUALIFIED_STATE}, l.id, s.source, p.payload` : QUALIFIED_READ;
  const joins = withDocuments ? ` ${DOCUMENT_JOINS}` : '';
  if (!newest && statuses.length <= 1) {
    // The document tables have no column of the ledger's name (only ledger_id), so `where` stays unqualified.
    const one = walk(statuses[0]);
    return {
      sql: `select ${select} from ledger l${joins} where ${where}${one.terms} order by l.source_key limit ?`,
      params: [...one.values, limit],
    };
  }
  const walks = (statuses.length === 0 ? [undefined] : statuses).map(walk);
  const narrow = (w: ReturnType<typeof walk>) =>
    `select id, source_key from ledger where ${where}${w.terms} order by ${w.order} limit ?`;
  const merged = newest ? 'id desc' : 'source_key';
  const found =
    walks.length === 1
      ? narrow(walks[0] as ReturnType<typeof walk>)
      : `select * from (${walks.map((w, i) => `select * from (${narrow(w)}) as b${i}`).join(' union all ')}) as u0 order by ${merged} limit ?`;
  return {
    sql: `select ${select} from (${found}) as u join ledger l on l.id = u.id${joins} order by u.${merged}`,
    params: [...walks.flatMap((w) => [...w.values, limit]), ...(walks.length === 1 ? [] : [limit])],
  };
}
