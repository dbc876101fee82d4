import type { StructuredError } from '../../errors/index.ts';
import type { JsonCodec } from '../codec.ts';
import type { StepRecord, StepRepository, StepStatus } from '../port.ts';
import type { RepositoryContext } from './context.ts';

const STEP_COLUMNS = [
  'path',
  'status',
  'attempt',
  'input',
  'output',
  'error',
  'exchanges',
  'started_at',
  'finished_at',
] as const;

const UPSERT_STEP = `insert into steps (run_id, seq, ${STEP_COLUMNS.join(', ')})
  values (?, ?, ${STEP_COLUMNS.map(() => '?').join(', ')})
  on conflict (run_id, seq) do update set ${STEP_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/**
 * The upsert of a step record that lands only while its run is `running` under the given lease owner
 * (placeholders: the step's, then run id and owner). INSERT … SELECT … WHERE, so no read round trip;
 * the WHERE also keeps SQLite's parser from taking ON CONFLICT for a join's ON.
 */
export const GUARDED_UPSERT_STEP = `insert into steps (run_id, seq, ${STEP_COLUMNS.join(', ')})
  select ?, ?, ${STEP_COLUMNS.map(() => '?').join(', ')}
  where exists (select 1 from runs where id = ? and status = 'running' and lease_owner = ?)
  on conflict (run_id, seq) do update set ${STEP_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

/** A step record's values in the order of the upsert's placeholders. */
export function stepParams(codec: JsonCodec, step: StepRecord): unknown[] {
  return [
    step.runId,
    step.seq,
    step.path,
    step.status,
    step.attempt,
    codec.write(step.input),
    codec.write(step.output),
    codec.writeNullable(step.error),
    codec.write(step.exchanges),
    step.startedAt,
    step.finishedAt,
  ];
}

/** The step repository: one row per (run, seq), replaced on each put. */
export function createStepRepository(ctx: RepositoryContext): StepRepository {
  const { codec } = ctx;
  return {
    async put(step) {
      await ctx.raw(UPSERT_STEP, stepParams(codec, step));
    },
    async list(runId) {
      const rows = await ctx.db
        .selectFrom('steps')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({
        runId: row.run_id,
        seq: row.seq,
        path: row.path,
        status: row.status as StepStatus,
        attempt: row.attempt,
        input: codec.read(row.input),
        output: codec.read(row.output),
        error: codec.readNullable<StructuredError>(row.error),
        exchanges: codec.read(row.exchanges),
        startedAt: row.started_at,
        finishedAt: row.finished_at,
      }));
    },
  };
}
