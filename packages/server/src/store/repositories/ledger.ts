import type { JsonValue } from '../../json.ts';
import type { LedgerRepository, LedgerStatus } from '../port.ts';
import type { RawStatement } from '../sqlite-database.ts';
import type { RepositoryContext } from './context.ts';
import { chunk } from './context.ts';
import {
  byKeysSql,
  type LedgerRow,
  type LedgerRowWithDocuments,
  listSql,
  toEntry,
  toState,
} from './ledger-rows.ts';
import { encodePatch, runCounted, updateLedgerMany, updateStatements } from './ledger-updates.ts';

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
        `select source_key, ${name} as document from ${table} where sync_id = ? and source_key in (${part.map(() => '?').join(', ')})`,
        [syncId, ...part],
      );
      for (const row of rows) out.set(row.source_key, codec.read(row.document));
    }
    return out;
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
        statements.push({
          sql: `insert into ledger_sources (sync_id, source_key, source)
            values ${part.map(() => '(?, ?, ?)').join(', ')}
            on conflict (sync_id, source_key) do nothing`,
          params: part.flatMap((e) => [syncId, e.sourceKey, codec.write(e.source)]),
        });
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
      const rows = await rowsOf<LedgerRow>(syncId, sourceKeys, false);
      return rows.map((row) => toState(codec, row)).sort(byKey);
    },
    async list(syncId, filter) {
      if (filter.status?.length === 0 || filter.writeBack?.length === 0) return [];
      const query = listSql(syncId, filter, true);
      const { rows } = await ctx.raw<LedgerRowWithDocuments>(query.sql, query.params);
      return rows.map((row) => toEntry(codec, row));
    },
    async listStates(syncId, filter) {
      if (filter.status?.length === 0 || filter.writeBack?.length === 0) return [];
      const query = listSql(syncId, filter, false);
      const { rows } = await ctx.raw<LedgerRow>(query.sql, query.params);
      return rows.map((row) => toState(codec, row));
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
      const { rows } = await ctx.raw<{ status: string; n: number | string }>(
        'select status, count(*) as n from ledger where sync_id = ? group by status',
        [syncId],
      );
      const out = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
      for (const row of rows) out[row.status as LedgerStatus] = Number(row.n);
      return out;
    },
  };
}
