import type { StructuredError } from '../../errors/index.ts';
import type { JsonCodec } from '../codec.ts';
import type { LedgerEntry, LedgerFilter, LedgerState, LedgerStatus, WriteBackStatus } from '../port.ts';

/** The columns of the small ledger row (everything but the documents of migration 0003). */
export const STATE_COLUMNS =
  'sync_id, source_key, status, target_id, target_number, attempts, last_error, write_back, write_back_error, source_time, run_id, updated_at';

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

/** Decodes a ledger row joined with its documents (a missing payload row is `null`). */
export function toEntry(codec: JsonCodec, row: LedgerRowWithDocuments): LedgerEntry {
  return { ...toState(codec, row), source: codec.read(row.source), payload: codec.readNullable(row.payload) };
}

/** `l.<column>, …` of the small row, for a joined select. */
const QUALIFIED_STATE = STATE_COLUMNS.split(', ')
  .map((c) => `l.${c}`)
  .join(', ');

/** The joins that add the documents to a ledger row aliased `l`. */
const DOCUMENT_JOINS = `left join ledger_sources s on s.sync_id = l.sync_id and s.source_key = l.source_key
  left join ledger_payloads p on p.sync_id = l.sync_id and p.source_key = l.source_key`;

/** Rows of these keys (`?` per key), with or without documents. */
export function byKeysSql(keyCount: number, withDocuments: boolean): string {
  const keys = Array.from({ length: keyCount }, () => '?').join(', ');
  if (!withDocuments)
    return `select ${STATE_COLUMNS} from ledger where sync_id = ? and source_key in (${keys})`;
  return `select ${QUALIFIED_STATE}, s.source, p.payload from ledger l ${DOCUMENT_JOINS}
    where l.sync_id = ? and l.source_key in (${keys})`;
}

/**
 * The list query. Several statuses are a UNION ALL of one ordered, limited walk per status over
 * (sync_id, status, source_key): the next batch costs O(limit) however many rows are already written.
 * With documents, the (at most `limit`) rows found are joined with their source and payload.
 */
export function listSql(
  syncId: string,
  filter: LedgerFilter,
  withDocuments: boolean,
): { sql: string; params: unknown[] } {
  const limit = filter.limit ?? 1000;
  let where = 'sync_id = ?';
  const params: unknown[] = [syncId];
  if (filter.writeBack !== undefined) {
    where += ` and write_back in (${filter.writeBack.map(() => '?').join(', ')})`;
    params.push(...filter.writeBack);
  }
  if (filter.after !== undefined) {
    where += ' and source_key > ?';
    params.push(filter.after);
  }
  const statuses = [...new Set(filter.status ?? [])];
  let sql: string;
  let all: unknown[];
  if (statuses.length <= 1) {
    const status = statuses.length === 1 ? ' and status = ?' : '';
    sql = `select ${STATE_COLUMNS} from ledger where ${where}${status} order by source_key limit ?`;
    all = [...params, ...statuses, limit];
  } else {
    const branches = statuses.map(
      (_, i) =>
        `select * from (select ${STATE_COLUMNS} from ledger where ${where} and status = ? order by source_key limit ?) as b${i}`,
    );
    sql = `select * from (${branches.join(' union all ')}) as u order by source_key limit ?`;
    all = [...statuses.flatMap((status) => [...params, status, limit]), limit];
  }
  if (!withDocuments) return { sql, params: all };
  return {
    sql: `select ${QUALIFIED_STATE}, s.source, p.payload from (${sql}) as l ${DOCUMENT_JOINS} order by l.source_key`,
    params: all,
  };
}
