import type { LedgerPatch, LedgerPatchItem, LedgerStatus } from '../port.ts';
import type { RawStatement } from '../sqlite-database.ts';
import type { RepositoryContext } from './context.ts';
import { chunk } from './context.ts';

/** PostgreSQL types of the ledger columns a patch can set (VALUES rows need explicit casts). */
const PG_TYPES: Readonly<Record<string, string>> = {
  status: 'text',
  target_id: 'text',
  target_number: 'text',
  attempts: 'integer',
  last_error: 'jsonb',
  write_back: 'text',
  write_back_error: 'jsonb',
  source_time: 'bigint',
  source: 'jsonb',
  payload: 'jsonb',
  run_id: 'text',
  updated_at: 'bigint',
};

/** Rows per `UPDATE … FROM (VALUES …)`: at most 13 parameters a row, far under PostgreSQL's 65,535. */
const PG_ROWS = 500;

type ColumnSet = Record<string, unknown>;
type EncodePatch = (patch: LedgerPatch) => ColumnSet;

/** Patches grouped by the columns they set (one statement shape per group); a repeated key keeps its last patch. */
function groupByShape(patches: readonly LedgerPatchItem[], encode: EncodePatch) {
  const last = new Map<string, ColumnSet>();
  for (const { sourceKey, patch } of patches) last.set(sourceKey, encode(patch));
  const groups = new Map<string, { columns: string[]; rows: Array<[string, ColumnSet]> }>();
  for (const [key, set] of last) {
    const columns = Object.keys(set);
    if (columns.length === 0) continue;
    const shape = columns.join(',');
    let group = groups.get(shape);
    if (group === undefined) {
      group = { columns, rows: [] };
      groups.set(shape, group);
    }
    group.rows.push([key, set]);
  }
  return [...groups.values()];
}

function statusClause(column: string, expectStatus: readonly LedgerStatus[] | undefined): string {
  return expectStatus === undefined ? '' : ` and ${column} in (${expectStatus.map(() => '?').join(', ')})`;
}

/** SQLite: one statement text per shape, run once per row (a cached prepared statement). */
function sqliteStatements(
  groups: ReturnType<typeof groupByShape>,
  syncId: string,
  expectStatus: readonly LedgerStatus[] | undefined,
): RawStatement[] {
  const out: RawStatement[] = [];
  for (const { columns, rows } of groups) {
    const sql = `update ledger set ${columns.map((c) => `${c} = ?`).join(', ')} where sync_id = ? and source_key = ?${statusClause('status', expectStatus)}`;
    for (const [key, set] of rows)
      out.push({ sql, params: [...columns.map((c) => set[c]), syncId, key, ...(expectStatus ?? [])] });
  }
  return out;
}

/** PostgreSQL: one `UPDATE … FROM (VALUES …)` per shape and 500 rows. */
function postgresStatements(
  groups: ReturnType<typeof groupByShape>,
  syncId: string,
  expectStatus: readonly LedgerStatus[] | undefined,
): RawStatement[] {
  const out: RawStatement[] = [];
  for (const { columns, rows } of groups) {
    const row = `(?::text, ${columns.map((c) => `?::${PG_TYPES[c] ?? 'text'}`).join(', ')})`;
    for (const part of chunk(rows, PG_ROWS)) {
      const sql = `update ledger as l set ${columns.map((c) => `${c} = v.${c}`).join(', ')}
        from (values ${part.map(() => row).join(', ')}) as v(source_key, ${columns.join(', ')})
        where l.sync_id = ? and l.source_key = v.source_key${statusClause('l.status', expectStatus)}`;
      const params: unknown[] = [];
      for (const [key, set] of part) params.push(key, ...columns.map((c) => set[c]));
      out.push({ sql, params: [...params, syncId, ...(expectStatus ?? [])] });
    }
  }
  return out;
}

/** The bulk ledger update: a different patch per key, applied all-or-nothing; returns the rows changed. */
export async function updateLedgerMany(
  ctx: RepositoryContext,
  encode: EncodePatch,
  syncId: string,
  patches: readonly LedgerPatchItem[],
  expectStatus: readonly LedgerStatus[] | undefined,
): Promise<number> {
  if (patches.length === 0 || expectStatus?.length === 0) return 0;
  const groups = groupByShape(patches, encode);
  const statements =
    ctx.dialect === 'postgres'
      ? postgresStatements(groups, syncId, expectStatus)
      : sqliteStatements(groups, syncId, expectStatus);
  if (statements.length === 0) return 0;
  const results = await ctx.rawAll(statements);
  return results.reduce((total, result) => total + result.changes, 0);
}
