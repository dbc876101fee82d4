import type { JsonCodec } from '../codec.ts';
import type { StoreDialect } from '../migrations/index.ts';
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
  run_id: 'text',
  updated_at: 'bigint',
};

/** Rows per `UPDATE … FROM (VALUES …)`: at most 11 parameters a row, far under PostgreSQL's 65,535. */
const PG_ROWS = 500;

/** A document of a ledger entry kept in a table of its own (migration 0003). */
type Document = 'source' | 'payload';
const DOCUMENT_TABLE: Readonly<Record<Document, string>> = {
  source: 'ledger_sources',
  payload: 'ledger_payloads',
};

/** A patch as stored: small-row columns, and the documents to set (JSON text) or, for `null`, remove. */
export interface EncodedPatch {
  columns: Record<string, unknown>;
  documents: Partial<Record<Document, string | null>>;
}

/** Splits a port patch into small-row columns and documents. */
export function encodePatch(codec: JsonCodec, patch: LedgerPatch): EncodedPatch {
  const columns: Record<string, unknown> = {};
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.targetId !== undefined) columns.target_id = patch.targetId;
  if (patch.targetNumber !== undefined) columns.target_number = patch.targetNumber;
  if (patch.attempts !== undefined) columns.attempts = patch.attempts;
  if (patch.lastError !== undefined) columns.last_error = codec.writeNullable(patch.lastError);
  if (patch.writeBack !== undefined) columns.write_back = patch.writeBack;
  if (patch.writeBackError !== undefined)
    columns.write_back_error = codec.writeNullable(patch.writeBackError);
  if (patch.sourceTime !== undefined) columns.source_time = patch.sourceTime;
  if (patch.runId !== undefined) columns.run_id = patch.runId;
  if (patch.updatedAt !== undefined) columns.updated_at = patch.updatedAt;
  const documents: EncodedPatch['documents'] = {};
  // The source is NOT NULL: a `null` source is the JSON value null, never a removal.
  if (patch.source !== undefined) documents.source = codec.write(patch.source);
  if (patch.payload !== undefined) documents.payload = codec.writeNullable(patch.payload);
  return { columns, documents };
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');

function statusClause(column: string, expectStatus: readonly LedgerStatus[] | undefined): string {
  return expectStatus === undefined ? '' : ` and ${column} in (${marks(expectStatus.length)})`;
}

/** A JSON parameter in a SELECT list: PostgreSQL cannot infer its type there. */
function jsonParam(dialect: StoreDialect): string {
  return dialect === 'postgres' ? 'cast(? as jsonb)' : '?';
}

/**
 * The statements that store one document (or remove it, for `null`) of these keys, guarded like the
 * row update: they run before it, so the guard sees the status the row had when the call was made.
 */
function documentStatements(
  dialect: StoreDialect,
  syncId: string,
  keys: readonly string[],
  documents: EncodedPatch['documents'],
  expectStatus: readonly LedgerStatus[] | undefined,
): RawStatement[] {
  const out: RawStatement[] = [];
  const guard = `sync_id = ? and source_key in (${marks(keys.length)})${statusClause('status', expectStatus)}`;
  const guardParams = [syncId, ...keys, ...(expectStatus ?? [])];
  for (const name of ['source', 'payload'] as const) {
    const value = documents[name];
    if (value === undefined) continue;
    const table = DOCUMENT_TABLE[name];
    if (value === null) {
      out.push({
        sql: `delete from ${table} where ledger_id in (select id from ledger where ${guard})`,
        params: guardParams,
      });
      continue;
    }
    out.push({
      sql: `insert into ${table} (ledger_id, ${name})
        select id, ${jsonParam(dialect)} from ledger where ${guard}
        on conflict (ledger_id) do update set ${name} = excluded.${name}`,
      params: [value, ...guardParams],
    });
  }
  return out;
}

/** `set …` of the small row; a documents-only patch still matches its rows, so the count stays "rows updated". */
function setClause(columns: readonly string[]): string {
  return columns.length === 0 ? 'status = status' : columns.map((c) => `${c} = ?`).join(', ');
}

/** The statements of `update`: one patch for many keys, per chunk of 500 keys, documents first. */
export function updateStatements(
  dialect: StoreDialect,
  syncId: string,
  keys: readonly string[],
  patch: EncodedPatch,
  expectStatus: readonly LedgerStatus[] | undefined,
): { statements: RawStatement[]; counted: Set<number> } {
  const statements: RawStatement[] = [];
  const counted = new Set<number>();
  const columns = Object.keys(patch.columns);
  for (const part of chunk(keys)) {
    statements.push(...documentStatements(dialect, syncId, part, patch.documents, expectStatus));
    counted.add(statements.length);
    statements.push({
      sql: `update ledger set ${setClause(columns)} where sync_id = ? and source_key in (${marks(part.length)})${statusClause('status', expectStatus)}`,
      params: [...columns.map((c) => patch.columns[c]), syncId, ...part, ...(expectStatus ?? [])],
    });
  }
  return { statements, counted };
}

/** Patches grouped by what they set (one statement shape per group); a repeated key keeps its last patch. */
function groupByShape(patches: readonly LedgerPatchItem[], encode: (patch: LedgerPatch) => EncodedPatch) {
  const last = new Map<string, EncodedPatch>();
  for (const { sourceKey, patch } of patches) last.set(sourceKey, encode(patch));
  const groups = new Map<string, { columns: string[]; rows: Array<[string, EncodedPatch]> }>();
  for (const [key, encoded] of last) {
    const columns = Object.keys(encoded.columns);
    const documents = Object.entries(encoded.documents).map(([d, v]) => `${d}${v === null ? '-' : '+'}`);
    if (columns.length === 0 && documents.length === 0) continue;
    const shape = `${columns.join(',')}|${documents.join(',')}`;
    let group = groups.get(shape);
    if (group === undefined) {
      group = { columns, rows: [] };
      groups.set(shape, group);
    }
    group.rows.push([key, encoded]);
  }
  return [...groups.values()];
}

/**
 * One document for each of these keys' rows (guarded by status like the row update), keyed by row id:
 * `nothing` keeps a document already there (a new row's source), `update` replaces it. One statement
 * for many rows, the same on both dialects (a CTE: SQLite has no column list on a VALUES alias).
 */
export function documentRowsStatement(
  dialect: StoreDialect,
  name: Document,
  syncId: string,
  rows: ReadonlyArray<readonly [string, string]>,
  conflict: 'nothing' | 'update',
  expectStatus?: readonly LedgerStatus[],
): RawStatement {
  const row = dialect === 'postgres' ? '(cast(? as text), cast(? as jsonb))' : '(?, ?)';
  const onConflict = conflict === 'nothing' ? 'do nothing' : `do update set ${name} = excluded.${name}`;
  return {
    sql: `with v (source_key, ${name}) as (values ${rows.map(() => row).join(', ')})
      insert into ${DOCUMENT_TABLE[name]} (ledger_id, ${name})
      select l.id, v.${name} from v join ledger l on l.sync_id = ? and l.source_key = v.source_key
      where true${statusClause('l.status', expectStatus)}
      on conflict (ledger_id) ${onConflict}`,
    params: [...rows.flat(), syncId, ...(expectStatus ?? [])],
  };
}

/** The document statements of rows sharing one patch shape: one per document (stored or removed). */
function groupDocumentStatements(
  dialect: StoreDialect,
  syncId: string,
  part: ReadonlyArray<[string, EncodedPatch]>,
  expectStatus: readonly LedgerStatus[] | undefined,
): RawStatement[] {
  const statements: RawStatement[] = [];
  const first = part[0]?.[1].documents ?? {};
  for (const name of ['source', 'payload'] as const) {
    if (first[name] === undefined) continue;
    if (first[name] === null) {
      const keys = part.map(([key]) => key);
      statements.push(...documentStatements(dialect, syncId, keys, { [name]: null }, expectStatus));
      continue;
    }
    const rows = part.map(([key, encoded]) => [key, encoded.documents[name] as string] as const);
    statements.push(documentRowsStatement(dialect, name, syncId, rows, 'update', expectStatus));
  }
  return statements;
}

/**
 * SQLite: per shape and 500 rows, one statement per document, then one cached prepared row update per
 * row (measured: SQLite's `UPDATE … FROM (VALUES …)` costs ~2.5x the single-row updates it replaces).
 * Documents first: their guard sees the status each row had when the call was made (one patch per key).
 */
function sqliteStatements(
  groups: ReturnType<typeof groupByShape>,
  syncId: string,
  expectStatus: readonly LedgerStatus[] | undefined,
) {
  const statements: RawStatement[] = [];
  const counted = new Set<number>();
  for (const { columns, rows } of groups) {
    const sql = `update ledger set ${setClause(columns)} where sync_id = ? and source_key = ?${statusClause('status', expectStatus)}`;
    for (const part of chunk(rows)) {
      statements.push(...groupDocumentStatements('sqlite', syncId, part, expectStatus));
      for (const [key, encoded] of part) {
        counted.add(statements.length);
        statements.push({
          sql,
          params: [...columns.map((c) => encoded.columns[c]), syncId, key, ...(expectStatus ?? [])],
        });
      }
    }
  }
  return { statements, counted };
}

/** PostgreSQL: per shape and 500 rows, one statement per document and one `UPDATE … FROM (VALUES …)`. */
function postgresStatements(
  groups: ReturnType<typeof groupByShape>,
  syncId: string,
  expectStatus: readonly LedgerStatus[] | undefined,
) {
  const statements: RawStatement[] = [];
  const counted = new Set<number>();
  for (const { columns, rows } of groups) {
    for (const part of chunk(rows, PG_ROWS)) {
      statements.push(...groupDocumentStatements('postgres', syncId, part, expectStatus));
      const set = columns.length === 0 ? 'status = l.status' : columns.map((c) => `${c} = v.${c}`).join(', ');
      const row = `(?::text${columns.map((c) => `, ?::${PG_TYPES[c] ?? 'text'}`).join('')})`;
      const params: unknown[] = [];
      for (const [key, encoded] of part) params.push(key, ...columns.map((c) => encoded.columns[c]));
      counted.add(statements.length);
      statements.push({
        sql: `update ledger as l set ${set}
          from (values ${part.map(() => row).join(', ')}) as v(source_key${columns.map((c) => `, ${c}`).join('')})
          where l.sync_id = ? and l.source_key = v.source_key${statusClause('l.status', expectStatus)}`,
        params: [...params, syncId, ...(expectStatus ?? [])],
      });
    }
  }
  return { statements, counted };
}

/** Runs statements all-or-nothing; returns the rows changed by the counted ones (the row updates). */
export async function runCounted(
  ctx: RepositoryContext,
  { statements, counted }: { statements: RawStatement[]; counted: Set<number> },
): Promise<number> {
  if (statements.length === 0) return 0;
  const results = await ctx.rawAll(statements);
  let total = 0;
  for (const [i, result] of results.entries()) if (counted.has(i)) total += result.changes;
  return total;
}

/** The bulk ledger update: a different patch per key, applied all-or-nothing; returns the rows changed. */
export function updateLedgerMany(
  ctx: RepositoryContext,
  syncId: string,
  patches: readonly LedgerPatchItem[],
  expectStatus: readonly LedgerStatus[] | undefined,
): Promise<number> {
  if (patches.length === 0 || expectStatus?.length === 0) return Promise.resolve(0);
  const groups = groupByShape(patches, (patch) => encodePatch(ctx.codec, patch));
  const planned =
    ctx.dialect === 'postgres'
      ? postgresStatements(groups, syncId, expectStatus)
      : sqliteStatements(groups, syncId, expectStatus);
  return runCounted(ctx, planned);
}
