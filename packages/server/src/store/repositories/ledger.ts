import type { JsonValue } from '../../json.ts';
import { OPEN_STATUS_TERM } from '../migrations/0004-ledger-row-ids.ts';
import type { LedgerFilter, LedgerRepository, LedgerState, LedgerStatus } from '../port.ts';
import type { RawStatement } from '../sqlite-database.ts';
import type { RepositoryContext } from './context.ts';
import { chunk } from './context.ts';
import { byKeysSql, type LedgerRowWithDocuments, listSql, toEntry, toStateOf } from './ledger-rows.ts';
import {
  documentRowsStatement,
  encodePatch,
  runCounted,
  updateLedgerMany,
  updateStatements,
} from './ledger-updates.ts';

const ALL_STATUSES: readonly LedgerStatus[] = ['pending', 'writing', 'written', 'failed', 'skipped'];

const byKey = <T extends { sourceKey: string }>(x: T, y: T) =>
  x.sourceKey < y.sourceKey ? -1 : x.sourceKey > y.sourceKey ? 1 : 0;

/**
 * The sync ledger repository: the small row whose state changes in `ledger`, the documents in
 * `ledger_sources` / `ledger_payloads` (migration 0003). Insert-if-absent keeps a written key from
 * ever being re-added. Every statement is hand-written SQL on the fast path (SQLite: cached prepared
 * statements; writes join the group commit).
 */
export function createLedgerRepository(ctx: RepositoryContext): LedgerRepository {
  const { codec } = ctx;
  /** Rows of these keys, one statement per 500 keys. */
  const rowsOf = async <R>(syncId: string, sourceKeys: readonly string[], withDocuments: boolean) => {
    const out: R[] = [];
    for (const part of chunk([...new Set(sourceKeys)])) {
      const { rows } = await ctx.raw<R>(byKeysSql(part.length, withDocuments), [syncId, ...part]);
      out.push(...rows);
    }
    return out;
  };
  /** One stored document of these keys. */
  const documentsOf = async (syncId: string, sourceKeys: readonly string[], name: 'source' | 'payload') => {
    const table = name === 'source' ? 'ledger_sources' : 'ledger_payloads';
    const out = new Map<string, JsonValue>();
    for (const part of chunk([...new Set(sourceKeys)])) {
      const { rows } = await ctx.raw<{ source_key: string; document: unknown }>(
        `select l.source_key, d.${name} as document from ledger l join ${table} d on d.ledger_id = l.id
          where l.sync_id = ? and l.source_key in (${part.map(() => '?').join(', ')})`,
        [syncId, ...part],
      );
      for (const row of rows) out.set(row.source_key, codec.read(row.document));
    }
    return out;
  };
  /** The rows of a `list` (with documents and row id). */
  const listRows = async (syncId: string, filter: LedgerFilter) => {
    if (filter.status?.length === 0 || filter.writeBack?.length === 0) return [];
    const query = listSql(syncId, filter, true, ctx.dialect);
    return (await ctx.raw<Required<LedgerRowWithDocuments>>(query.sql, query.params)).rows;
  };
  return {
    async addPending(syncId, entries, now) {
      const seen = new Set<string>();
      const unique = entries.filter((e) => !seen.has(e.sourceKey) && seen.add(e.sourceKey));
      const statements: RawStatement[] = [];
      for (const part of chunk(unique)) {
        // Per chunk: the rows (existing keys skipped by the primary key, new ones returned) and their
        // sources (an existing key keeps its own), all-or-nothing.
        statements.push({
          sql: `insert into ledger (sync_id, source_key, status, source_time, run_id, updated_at)
            values ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
            on conflict (sync_id, source_key) do nothing returning source_key`,
          params: part.flatMap((e) => [
            syncId,
            e.sourceKey,
            e.status ?? 'pending',
            e.sourceTime,
            e.runId,
            now,
          ]),
        });
        // The rows were inserted by the statement before (same atomic group); their sources are keyed by row id.
        const sources = part.map((e) => [e.sourceKey, codec.write(e.source)] as const);
        statements.push(documentRowsStatement(ctx.dialect, 'source', syncId, sources, 'nothing'));
      }
      if (statements.length === 0) return [];
      const results = await ctx.rawAll<{ source_key: string }>(statements);
      return results.filter((_, i) => i % 2 === 0).flatMap((r) => r.rows.map((row) => row.source_key));
    },
    async get(syncId, sourceKey) {
      const [row] = await rowsOf<LedgerRowWithDocuments>(syncId, [sourceKey], true);
      return row === undefined ? undefined : toEntry(codec, row);
    },
    async getMany(syncId, sourceKeys) {
      const rows = await rowsOf<LedgerRowWithDocuments>(syncId, sourceKeys, true);
      return rows.map((row) => toEntry(codec, row)).sort(byKey);
    },
    async getStates(syncId, sourceKeys) {
      const states: LedgerState[] = [];
      for (const part of chunk([...new Set(sourceKeys)])) {
        const rows = await ctx.rawArrays(byKeysSql(part.length, false), [syncId, ...part]);
        for (const row of rows) states.push(toStateOf(codec, syncId, row));
      }
      return states.sort(byKey);
    },
    async list(syncId, filter) {
      return (await listRows(syncId, filter)).map((row) => toEntry(codec, row));
    },
    async page(syncId, filter) {
      const rows = await listRows(syncId, filter);
      const last = rows.at(-1);
      // A full page may have more after it; a short one is the end (the API's `nextCursor` rule).
      const full = last !== undefined && rows.length === (filter.limit ?? 1000);
      const next = !full ? null : filter.order === 'newest' ? String(last.id) : last.source_key;
      return { entries: rows.map((row) => toEntry(codec, row)), next };
    },
    async listStates(syncId, filter) {
      if (filter.status?.length === 0 || filter.writeBack?.length === 0) return [];
      const query = listSql(syncId, filter, false, ctx.dialect);
      const rows = await ctx.rawArrays(query.sql, query.params);
      return rows.map((row) => toStateOf(codec, syncId, row));
    },
    sources: (syncId, sourceKeys) => documentsOf(syncId, sourceKeys, 'source'),
    payloads: (syncId, sourceKeys) => documentsOf(syncId, sourceKeys, 'payload'),
    async update(syncId, sourceKeys, patch, expectStatus) {
      const encoded = encodePatch(codec, patch);
      const empty = Object.keys(encoded.columns).length === 0 && Object.keys(encoded.documents).length === 0;
      if (sourceKeys.length === 0 || expectStatus?.length === 0 || empty) return 0;
      return runCounted(ctx, updateStatements(ctx.dialect, syncId, sourceKeys, encoded, expectStatus));
    },
    updateMany(syncId, patches, expectStatus) {
      return updateLedgerMany(ctx, syncId, patches, expectStatus);
    },
    async incrementAttempts(syncId, sourceKeys, now) {
      const statements = chunk(sourceKeys).map((part) => ({
        sql: `update ledger set attempts = attempts + 1, updated_at = ? where sync_id = ? and source_key in (${part.map(() => '?').join(', ')})`,
        params: [now, syncId, ...part],
      }));
      if (statements.length > 0) await ctx.rawAll(statements);
    },
    async counts(syncId) {
      // The open-status index holds every row but the written ones: those are the total minus the rest
      // (both counts walk an index, never the rows).
      const { rows } = await ctx.raw<{ status: string; n: number | string }>(
        `select status, count(*) as n from ledger where sync_id = ? and ${OPEN_STATUS_TERM} group by status
          union all select 'written', count(*) from ledger where sync_id = ?`,
        [syncId, syncId],
      );
      const out = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
      let open = 0;
      for (const row of rows) {
        if (row.status === 'written') continue;
        out[row.status as LedgerStatus] = Number(row.n);
        open += Number(row.n);
      }
      const total = Number(rows.find((row) => row.status === 'written')?.n ?? 0);
      out.written = total - open;
      return out;
    },
  };
}
