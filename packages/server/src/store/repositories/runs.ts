import type { Selectable, Updateable } from 'kysely';
import type { StructuredError } from '../../errors/index.ts';
import type { JsonObject } from '../../json.ts';
import type { RunCheckpoint, RunFilter, RunRecord, RunRepository, RunStatus } from '../port.ts';
import type { RawStatement } from '../sqlite-database.ts';
import type { RunsTable } from '../tables.ts';
import type { RepositoryContext } from './context.ts';
import { takeSlot } from './run-slots.ts';
import { GUARDED_UPSERT_STEP, stepParams } from './steps.ts';

const ALL_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
];

/** Maps a runs row to a RunRecord. */
export function toRunRecord(ctx: RepositoryContext, row: Selectable<RunsTable>): RunRecord {
  const { codec } = ctx;
  return {
    id: row.id,
    flowKind: row.flow_kind as RunRecord['flowKind'],
    flowId: row.flow_id,
    flowVersion: row.flow_version,
    status: row.status as RunStatus,
    trigger: codec.read(row.trigger),
    checkpoint: codec.read(row.checkpoint),
    output: codec.read(row.output),
    error: codec.readNullable<StructuredError>(row.error),
    attempt: row.attempt,
    notBefore: row.not_before,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    stats: codec.read(row.stats) as JsonObject,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    retryOf: row.retry_of,
    waitingSince: row.waiting_since,
  };
}

/** Maps a partial RunRecord to the columns it changes. */
function toRunPatch(ctx: RepositoryContext, patch: Partial<Omit<RunRecord, 'id'>>): Updateable<RunsTable> {
  const { codec } = ctx;
  const out: Updateable<RunsTable> = {};
  if (patch.flowKind !== undefined) out.flow_kind = patch.flowKind;
  if (patch.flowId !== undefined) out.flow_id = patch.flowId;
  if (patch.flowVersion !== undefined) out.flow_version = patch.flowVersion;
  if (patch.status !== undefined) out.status = patch.status;
  if (patch.trigger !== undefined) out.trigger = codec.write(patch.trigger);
  if (patch.checkpoint !== undefined) out.checkpoint = codec.write(patch.checkpoint);
  if (patch.output !== undefined) out.output = codec.write(patch.output);
  if (patch.error !== undefined) out.error = codec.writeNullable(patch.error);
  if (patch.attempt !== undefined) out.attempt = patch.attempt;
  if (patch.notBefore !== undefined) out.not_before = patch.notBefore;
  if (patch.leaseOwner !== undefined) out.lease_owner = patch.leaseOwner;
  if (patch.leaseUntil !== undefined) out.lease_until = patch.leaseUntil;
  if (patch.stats !== undefined) out.stats = codec.write(patch.stats);
  if (patch.createdAt !== undefined) out.created_at = patch.createdAt;
  if (patch.startedAt !== undefined) out.started_at = patch.startedAt;
  if (patch.finishedAt !== undefined) out.finished_at = patch.finishedAt;
  if (patch.retryOf !== undefined) out.retry_of = patch.retryOf;
  if (patch.waitingSince !== undefined) out.waiting_since = patch.waitingSince;
  return out;
}

type ClaimInput = Parameters<RunRepository['claim']>[0];

const RUN_COLUMNS = [
  'id',
  'flow_kind',
  'flow_id',
  'flow_version',
  'status',
  'trigger',
  'checkpoint',
  'output',
  'error',
  'attempt',
  'not_before',
  'lease_owner',
  'lease_until',
  'stats',
  'created_at',
  'started_at',
  'finished_at',
  'retry_of',
  'waiting_since',
] as const;
const INSERT_RUN = `insert into runs (${RUN_COLUMNS.join(', ')}) values (${RUN_COLUMNS.map(() => '?').join(', ')})`;
/** `INSERT_RUN` that leaves an existing run of the same id as it is (SQLite and PostgreSQL alike). */
const INSERT_RUN_IF_ABSENT = `${INSERT_RUN} on conflict (id) do nothing`;

/**
 * The claim statement: one UPDATE over the due runs. SQLite: one ordered, limited branch per
 * claimable status, each an index walk over (status, created_at) that stops after `limit` rows.
 * PostgreSQL: FOR UPDATE SKIP LOCKED (not allowed under UNION) so concurrent claimers skip each other's rows.
 */
function claimSql(dialect: RepositoryContext['dialect'], byKind: boolean): string {
  const kind = byKind ? 'and flow_kind = ?' : '';
  const due = '(not_before is null or not_before <= ?)';
  // Not started_at: a claimed run may wait for its flow's slot; the engine sets it when the run starts.
  const set = `update runs set status = 'running', lease_owner = ?, lease_until = ?`;
  if (dialect === 'postgres') {
    return `${set} where id in (select id from runs
      where ((status in ('queued', 'retrying') and ${due}) or (status = 'running' and lease_until < ?)) ${kind}
      order by created_at, id limit ? for update skip locked) returning *`;
  }
  const branch = (where: string) =>
    `select * from (select id, created_at from runs where ${where} ${kind} order by created_at, id limit ?)`;
  return `${set} where id in (select id from (
      ${branch(`status = 'queued' and ${due}`)} union all
      ${branch(`status = 'retrying' and ${due}`)} union all
      ${branch("status = 'running' and lease_until < ?")}
    ) order by created_at, id limit ?) returning *`;
}

/** Claim parameters in the order of `claimSql`'s placeholders. */
function claimParams(dialect: RepositoryContext['dialect'], input: ClaimInput): unknown[] {
  const { owner, now, leaseMs, limit, flowKind } = input;
  const kind = flowKind === undefined ? [] : [flowKind];
  const head = [owner, now + leaseMs];
  if (dialect === 'postgres') return [...head, now, now, ...kind, limit];
  return [...head, now, ...kind, limit, now, ...kind, limit, now, ...kind, limit, limit];
}

async function claimRuns(ctx: RepositoryContext, input: ClaimInput): Promise<RunRecord[]> {
  // SQLite: one UPDATE … RETURNING inside BEGIN IMMEDIATE, so the write lock is held from the first read.
  const { rows } = await ctx.rawImmediate<Selectable<RunsTable>>(
    claimSql(ctx.dialect, input.flowKind !== undefined),
    claimParams(ctx.dialect, input),
  );
  return rows
    .map((row) => toRunRecord(ctx, row))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Lists runs newest first; `before` continues after that run's (created_at, id). */
async function listRuns(ctx: RepositoryContext, filter: RunFilter): Promise<RunRecord[]> {
  let query = ctx.db.selectFrom('runs').selectAll();
  if (filter.flowId !== undefined) query = query.where('flow_id', '=', filter.flowId);
  if (filter.flowKind !== undefined) query = query.where('flow_kind', '=', filter.flowKind);
  if (filter.status !== undefined) {
    if (filter.status.length === 0) return [];
    query = query.where('status', 'in', filter.status);
  }
  if (filter.createdFrom !== undefined) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo !== undefined) query = query.where('created_at', '<', filter.createdTo);
  if (filter.before !== undefined) {
    const anchor = await ctx.db
      .selectFrom('runs')
      .select('created_at')
      .where('id', '=', filter.before)
      .executeTakeFirst();
    if (anchor === undefined) return [];
    const at = anchor.created_at;
    const before = filter.before;
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', before)])]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
    .execute();
  return rows.map((row) => toRunRecord(ctx, row));
}

/** The conditional UPDATE of a run patch (`set` must not be empty). */
function updateStatement(
  id: string,
  set: Updateable<RunsTable>,
  expectStatus?: readonly RunStatus[],
  expectOwner?: string,
): RawStatement {
  const statusClause =
    expectStatus === undefined ? '' : ` and status in (${expectStatus.map(() => '?').join(', ')})`;
  const ownerClause = expectOwner === undefined ? '' : ' and lease_owner = ?';
  const columns = Object.keys(set);
  const sql = `update runs set ${columns.map((c) => `${c} = ?`).join(', ')} where id = ?${statusClause}${ownerClause}`;
  const params = [...Object.values(set), id, ...(expectStatus ?? [])];
  if (expectOwner !== undefined) params.push(expectOwner);
  return { sql, params };
}

const HELD_BY = "select 1 as held from runs where id = ? and status = 'running' and lease_owner = ?";

/**
 * Checkpoints as one all-or-nothing group of hand-written statements: per run, its step upserts
 * guarded by the lease (they land only while the run is `running` under `owner`), then the patch
 * under the same condition — whose changed-row count says whether the run was still held. Steps go
 * first: the patch may end the run (status), after which the guard would no longer hold.
 */
async function checkpointRuns(ctx: RepositoryContext, writes: readonly RunCheckpoint[]): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const statements: RawStatement[] = [];
  const heldAt: number[] = [];
  for (const write of writes) {
    for (const step of write.steps) {
      statements.push({
        sql: GUARDED_UPSERT_STEP,
        params: [...stepParams(ctx.codec, step), write.runId, write.owner],
      });
    }
    const set = toRunPatch(ctx, write.patch);
    heldAt.push(statements.length);
    statements.push(
      Object.keys(set).length === 0
        ? { sql: HELD_BY, params: [write.runId, write.owner] }
        : updateStatement(write.runId, set, ['running'], write.owner),
    );
  }
  const results = await ctx.rawAll(statements);
  return heldAt.map((i) => {
    const result = results[i];
    return result !== undefined && (result.changes > 0 || result.rows.length > 0);
  });
}

/** A run's column values in `RUN_COLUMNS` order. */
function runValues(ctx: RepositoryContext, run: RunRecord): unknown[] {
  const { codec } = ctx;
  return [
    run.id,
    run.flowKind,
    run.flowId,
    run.flowVersion,
    run.status,
    codec.write(run.trigger),
    codec.write(run.checkpoint),
    codec.write(run.output),
    codec.writeNullable(run.error),
    run.attempt,
    run.notBefore,
    run.leaseOwner,
    run.leaseUntil,
    codec.write(run.stats),
    run.createdAt,
    run.startedAt,
    run.finishedAt,
    run.retryOf,
    run.waitingSince ?? null,
  ];
}

/** The run repository. */
export function createRunRepository(ctx: RepositoryContext): RunRepository {
  return {
    async create(run) {
      await ctx.raw(INSERT_RUN, runValues(ctx, run));
    },
    async createIfAbsent(run) {
      return (await ctx.raw(INSERT_RUN_IF_ABSENT, runValues(ctx, run))).changes > 0;
    },
    async get(id) {
      const { rows } = await ctx.raw<Selectable<RunsTable>>('select * from runs where id = ?', [id]);
      return rows[0] === undefined ? undefined : toRunRecord(ctx, rows[0]);
    },
    async update(id, patch, expectStatus, expectOwner) {
      const set = toRunPatch(ctx, patch);
      if (expectStatus?.length === 0) return false;
      if (Object.keys(set).length === 0) {
        const current = await this.get(id);
        return (
          current !== undefined &&
          (expectStatus === undefined || expectStatus.includes(current.status)) &&
          (expectOwner === undefined || current.leaseOwner === expectOwner)
        );
      }
      const { sql, params } = updateStatement(id, set, expectStatus, expectOwner);
      const { changes } = await ctx.raw(sql, params);
      return changes > 0;
    },
    checkpoint: (writes) => checkpointRuns(ctx, writes),
    list: (filter) => listRuns(ctx, filter),
    claim(input) {
      return input.limit <= 0 ? Promise.resolve([]) : claimRuns(ctx, input);
    },
    takeSlot: (input) => takeSlot(ctx, input),
    async renewLease(owner, ids, until) {
      if (ids.length === 0) return;
      await ctx.db
        .updateTable('runs')
        .set({ lease_until: until })
        .where('lease_owner', '=', owner)
        .where('status', '=', 'running')
        .where('id', 'in', ids)
        .execute();
    },
    async countByStatus(flowId) {
      let query = ctx.db
        .selectFrom('runs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('status');
      if (flowId !== undefined) query = query.where('flow_id', '=', flowId);
      const out = Object.fromEntries(ALL_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
      for (const row of await query.execute()) out[row.status as RunStatus] = Number(row.n);
      return out;
    },
  };
}
