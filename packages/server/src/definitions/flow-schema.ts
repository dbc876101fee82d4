import { z } from 'zod';
import type { JsonValue } from '../json.ts';
import { durationToMs, isDuration } from './duration.ts';
import {
  durationSchema,
  expressionSchema,
  idSchema,
  type RetryPolicy,
  retryPolicySchema,
  SCHEMA_VERSION,
  valueSchema,
} from './schema.ts';

const id = idSchema;
const expression = expressionSchema;
const valueRecord = z.record(z.string(), valueSchema);

/** What fires a flow. */
export const triggerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('manual') }).strict(),
  z
    .object({ type: z.literal('schedule'), cron: z.string(), timezone: z.string().default('Asia/Shanghai') })
    .strict(),
  z.object({ type: z.literal('webhook'), secret: z.string().optional() }).strict(),
  z
    .object({
      type: z.literal('form'),
      form: id,
      event: z.enum(['created', 'updated', 'saved']).default('created'),
    })
    .strict(),
  z.object({ type: z.literal('callback'), connection: id, event: z.string() }).strict(),
  /**
   * Alerts: a run of another flow or sync failed (retries exhausted or a permanent error); `flows`
   * narrows to those ids, `failedRecords` also fires when a sync run ended with failed records.
   */
  z
    .object({
      type: z.literal('runFailed'),
      flows: z.array(id).min(1).optional(),
      failedRecords: z.boolean().default(false),
    })
    .strict(),
]);
export type TriggerDefinition = z.infer<typeof triggerSchema>;

interface StepBase {
  id: string;
  name?: string | undefined;
  /** Expression; the step is skipped when it is false. */
  when?: string | undefined;
  retry?: RetryPolicy | undefined;
}
/** Calls one operation of a connection; `input` is a templated value. */
export interface CallStep extends StepBase {
  type: 'call';
  connection: string;
  operation: string;
  input?: Record<string, JsonValue> | undefined;
}
/** Builds a value with a mapping; its output is the mapped value. */
export interface MapStep extends StepBase {
  type: 'map';
  mapping: JsonValue;
}
/** Branches on an expression. */
export interface ConditionStep extends StepBase {
  type: 'condition';
  if: string;
  then: StepDefinition[];
  else?: StepDefinition[] | undefined;
}
/** Runs its steps once per item of an array expression; output is the array of the last step's outputs. */
export interface ForEachStep extends StepBase {
  type: 'forEach';
  items: string;
  as?: string | undefined;
  steps: StepDefinition[];
}
/** Looks a value up: in an inline table, another sync's ledger, or by calling an operation. */
export interface LookupStep extends StepBase {
  type: 'lookup';
  key: string;
  table?: Record<string, JsonValue> | undefined;
  ledger?: string | undefined;
  default?: JsonValue | undefined;
}
/** Sets run variables (`vars.*`). */
export interface SetStep extends StepBase {
  type: 'set';
  values: Record<string, JsonValue>;
}
/** Sets the response of a webhook-triggered run. */
export interface RespondStep extends StepBase {
  type: 'respond';
  status?: number | undefined;
  body: JsonValue;
}
/** One step of an action flow. */
export type StepDefinition =
  | CallStep
  | MapStep
  | ConditionStep
  | ForEachStep
  | LookupStep
  | SetStep
  | RespondStep;

const stepBase = {
  id,
  name: z.string().optional(),
  when: expression.optional(),
  retry: retryPolicySchema.optional(),
};
/** Schema of one step (recursive through condition and forEach). */
export const stepSchema: z.ZodType<StepDefinition> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z
      .object({
        ...stepBase,
        type: z.literal('call'),
        connection: id,
        operation: id,
        input: valueRecord.optional(),
      })
      .strict(),
    z.object({ ...stepBase, type: z.literal('map'), mapping: valueSchema }).strict(),
    z
      .object({
        ...stepBase,
        type: z.literal('condition'),
        if: expression,
        // biome-ignore lint/suspicious/noThenProperty: `then` is the format's branch key, never awaited
        then: z.array(stepSchema),
        else: z.array(stepSchema).optional(),
      })
      .strict(),
    z
      .object({
        ...stepBase,
        type: z.literal('forEach'),
        items: expression,
        as: id.optional(),
        steps: z.array(stepSchema).min(1),
      })
      .strict(),
    z
      .object({
        ...stepBase,
        type: z.literal('lookup'),
        key: expression,
        table: valueRecord.optional(),
        ledger: id.optional(),
        default: valueSchema.optional(),
      })
      .strict(),
    z.object({ ...stepBase, type: z.literal('set'), values: valueRecord }).strict(),
    z
      .object({
        ...stepBase,
        type: z.literal('respond'),
        status: z.number().int().min(100).max(599).optional(),
        body: valueSchema,
      })
      .strict(),
  ]),
);

/** An action flow: a trigger and ordered steps; each step reads `trigger`, `steps.<id>.output`, `vars`. */
export const flowSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.literal('flow'),
    id,
    name: z.string(),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    trigger: triggerSchema,
    steps: z.array(stepSchema).min(1),
    retry: retryPolicySchema.optional(),
    /** Most runs of this flow at once. */
    concurrency: z.number().int().positive().default(4),
  })
  .strict();
export type FlowDefinition = z.infer<typeof flowSchema>;

/**
 * A lookup table loaded when a sync run starts, instead of written out in the file (`tables.<name>:
 * {$from: …}`): another sync's ledger (its written keys → target number or id — e.g. the employees a
 * user sync created), or the rows of a list operation (`key` and `value` expressions over each row —
 * e.g. K3Cloud departments by ExecuteBillQuery).
 */
const ledgerTableSchema = z
  .object({
    /** The sync whose ledger is read: its written keys → `value`. */
    sync: id,
    value: z.enum(['targetNumber', 'targetId']).default('targetNumber'),
    /** Reuse the loaded table this long across runs (e.g. "10m" for many callback runs); default: every run. */
    refresh: durationSchema.optional(),
  })
  .strict();
const operationTableSchema = z
  .object({
    connection: id,
    operation: id,
    input: valueRecord.default({}),
    /** Expression over a row: the table key. */
    key: expression,
    /** Expression over a row: the value (default: the whole row). */
    value: expression.optional(),
    /** More rows fail the run rather than load a partial table. */
    maxRows: z.number().int().positive().max(200_000).default(50_000),
    /** Reuse the loaded table this long across runs (e.g. "10m" for many callback runs); default: every run. */
    refresh: durationSchema.optional(),
  })
  .strict();
export const tableSourceSchema = z
  .object({ $from: z.union([ledgerTableSchema, operationTableSchema]) })
  .strict();
export type TableSource = z.infer<typeof tableSourceSchema>['$from'];

/** The `$from` schema a table source is checked against: a ledger one names `sync`, else an operation one. */
function tableSourceOf(from: unknown) {
  const ledger = typeof from === 'object' && from !== null && 'sync' in from;
  return z.object({ $from: ledger ? ledgerTableSchema : operationTableSchema }).strict();
}

/** `tables`: each a written-out table, or a `{$from: …}` source (tableSourceSchema) loaded at run start. */
const tablesSchema = z
  .record(z.string(), valueSchema)
  .meta({
    description:
      "Lookup tables for $lookup: each written out ({key: value}), or loaded when a run starts: {$from: {sync, value?}} (another sync's written keys → targetNumber/targetId) or {$from: {connection, operation, input?, key, value?, maxRows?}} (a list operation's rows; key/value are expressions over a row).",
  })
  .superRefine((tables, ctx) => {
    for (const [name, table] of Object.entries(tables)) {
      if (typeof table !== 'object' || table === null || Array.isArray(table) || !('$from' in table))
        continue;
      const parsed = tableSourceOf(table.$from).safeParse(table);
      if (parsed.success) continue;
      for (const issue of parsed.error.issues)
        ctx.addIssue({ ...issue, path: [name, ...issue.path] } as Parameters<typeof ctx.addIssue>[0]);
    }
  });

/** A sync: source pages → keyed records → filter → mapping → batched target write → write-back. */
export const syncSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    kind: z.literal('sync'),
    id,
    name: z.string(),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    schedule: z
      .object({ cron: z.string(), timezone: z.string().default('Asia/Shanghai') })
      .strict()
      .optional(),
    /**
     * A scheduled backfill: on its own cron, a run re-reads the last `lookback` (e.g. "60d") — what the
     * watermark's overlap misses (an approval finished weeks after it was created). The ledger dedupes;
     * the watermark does not move. Needs `source.watermark`.
     */
    backfill: z
      .object({
        cron: z.string(),
        timezone: z.string().default('Asia/Shanghai'),
        lookback: durationSchema.refine((v) => (typeof v === 'number' ? v > 0 : !/^0+[a-z]+$/.test(v)), {
          message: '回看时长必须大于 0 / the lookback must be longer than 0',
        }),
      })
      .strict()
      .optional(),
    source: z
      .object({
        connection: id,
        operation: id,
        input: valueRecord.default({}),
        /** Expression over a source record giving its stable key (the ledger key). */
        key: expression,
        /** Expression over a source record; false drops it (ledger status `skipped`). */
        filter: expression.optional(),
        /** Optional per-record detail call (e.g. DingTalk listids → get). */
        detail: z.object({ operation: id, input: valueRecord }).strict().optional(),
        watermark: z
          .object({
            /** Expression over a source record giving its time (epoch ms). */
            field: expression,
            /** Input parameter names that receive the window bounds (epoch ms). */
            fromParam: z.string(),
            toParam: z.string().optional(),
            overlap: durationSchema.default('10m'),
            /** Where the very first window starts: epoch ms, an ISO date or date-time, or a duration back from now. */
            initial: z
              .union([
                z.number().int(),
                z.string().refine((v) => isDuration(v) || !Number.isNaN(Date.parse(v)), {
                  message:
                    '须为日期（2026-01-01）、日期时间或 30d 这样的时长 / must be a date (2026-01-01), a date-time or a duration like 30d',
                }),
              ])
              .optional(),
            /** Longest window one run reads (DingTalk allows 120 days). */
            maxWindow: durationSchema.optional(),
          })
          .strict()
          .superRefine((watermark, ctx) => {
            if (watermark.maxWindow === undefined) return;
            if ((durationToMs(watermark.maxWindow) ?? 0) <= (durationToMs(watermark.overlap) ?? 0)) {
              ctx.addIssue({
                code: 'custom',
                path: ['maxWindow'],
                message: 'maxWindow 必须大于 overlap / maxWindow must be longer than the overlap',
              });
            }
          })
          .optional(),
      })
      .strict(),
    mapping: valueSchema,
    /**
     * Lookup tables for `$lookup('name', key)` in the mapping (e.g. DingTalk userid → K3Cloud employee
     * number): written out, or `{$from: …}` loaded when a run starts (tableSourceSchema).
     */
    tables: tablesSchema.optional(),
    target: z
      .object({
        connection: id,
        operation: id,
        input: valueRecord.optional(),
        batchSize: z.number().int().positive().max(1000).default(50),
        /** Expression over a written record's result giving the target's number (bill no.). */
        number: expression.optional(),
        /**
         * What a "duplicate" answer to a record never sent before means (absent: `fail`): `fail` — a real
         * duplicate, the record fails; `adopt` — the record is already in the target (a second
         * installation, a lost data directory): it is looked up (the operation's findWritten) and, when
         * found, marked written with the found number/id; its write-back is checked before it is sent.
         */
        onDuplicate: z.enum(['fail', 'adopt']).optional().meta({
          description:
            'A duplicate answer for a record never sent before: fail (default) fails the record; adopt looks the existing record up in the target (built-in connectors that can: K3Cloud by FBillNo) and marks it written with its number/id (ledger: lastError.details.adopted), its write-back checked before sending.',
        }),
      })
      .strict(),
    writeBack: z
      .object({
        connection: id,
        operation: id,
        /** Templated input; scope: `record` (source), `result` ({targetId, targetNumber}), `mapped`. */
        input: valueRecord,
        on: z.enum(['written', 'failed', 'both']).default('written'),
      })
      .strict()
      .optional(),
    /**
     * Amount reconciliation of the ledger (optional): `sourceAmount` is an expression over the source
     * record, `targetAmount` over the mapped payload; both give an amount (number or numeric text).
     */
    reconcile: z.object({ sourceAmount: expression, targetAmount: expression }).strict().optional(),
    retry: retryPolicySchema.optional(),
    /**
     * Runs of this sync at once: always 1. The ledger's exactly-once rules assume one writer per sync
     * (two runs could both send a record whose first send is unanswered); the engine holds it across
     * processes. Accepted so a file may spell it out.
     */
    concurrency: z
      .number()
      .int()
      .meta({ const: 1, description: 'Runs of this sync at once: always 1 (one writer per ledger).' })
      .refine((n) => n === 1, {
        message:
          '一个集成方案同一时间只运行一次（台账的恰好一次写入以此为前提），请删除该项或设为 1 / a sync runs one at a time (the ledger’s exactly-once rules need a single writer): leave it out or set 1.',
      })
      .default(1),
  })
  .strict();
export type SyncDefinition = z.infer<typeof syncSchema>;
