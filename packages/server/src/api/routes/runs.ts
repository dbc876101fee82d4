import { z } from '@hono/zod-openapi';
import type { FlowDefinition } from '../../definitions/index.ts';
import { bilingual, QiaoError } from '../../errors/index.ts';
import { formRunInput } from '../../forms/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { assertSameRequest, idempotentRunId, isWaiting } from '../../runs/index.ts';
import { loadForm } from '../../runtime/store-catalogue.ts';
import type { RunFilter, RunRecord, RunStatus } from '../../store/port.ts';
import { manualRunTrigger } from '../../triggers/manual-run.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  csvQuery,
  ERROR_RESPONSES,
  found,
  IDEMPOTENCY_KEY_HEADER,
  IdParam,
  input,
  invalidCursor,
  jsonBody,
  jsonResponse,
  KEY_REUSED_RESPONSE,
  nextCursor,
  pageResponse,
  queryInt,
} from '../route-kit.ts';
import { createRunRedactor } from '../run-redactor.ts';
import { requireHead } from './definitions.ts';

const STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'] as const;
const tags = ['runs'];
const RunBody = z.object({ input: z.unknown().optional() }).strict().openapi('ManualRun');
const RetryBody = z.object({ fromStep: z.string().min(1).optional() }).strict();
const RunsQuery = z.object({
  flowId: z.string().min(1).optional(),
  kind: z.enum(['flow', 'sync']).optional(),
  status: csvQuery(STATUSES),
  from: z.coerce.number().int().nonnegative().optional(),
  to: z.coerce.number().int().nonnegative().optional(),
  limit: queryInt(1, 500),
  before: z.string().min(1).optional().openapi({
    description:
      "The previous page's `next` (a run id); one naming no run (not a cursor this API issued, or a run since deleted): 400 INPUT_INVALID.",
  }),
});
const Accepted = jsonResponse(z.object({ runId: z.string() }).openapi('RunAccepted'), 'Run queued');

/**
 * The list view of a run (no checkpoint or lease internals). `waitingSince`: since when the run waits
 * for a slot of its flow or sync (taken by a worker, not started; status `running` or `retrying`), else null.
 */
export function runSummary(run: RunRecord): JsonObject {
  return {
    id: run.id,
    flowKind: run.flowKind,
    flowId: run.flowId,
    flowVersion: run.flowVersion,
    status: run.status,
    attempt: run.attempt,
    error: run.error as unknown as JsonValue,
    stats: run.stats,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    retryOf: run.retryOf,
    waitingSince: isWaiting(run) ? (run.waitingSince ?? null) : null,
  };
}

/** Registers manual runs of flows and syncs, the run list (keyset), run detail with steps, retry and cancel. */
export function registerRunRoutes(app: ApiApp, deps: ApiDeps): void {
  const { engine, store } = deps.runtime;
  const runOf = async (id: string) =>
    found(await store.runs.get(id), bilingual(`运行 ${id} 不存在`, `run "${id}" not found`));
  for (const kind of ['flow', 'sync'] as const) {
    addRoute(
      app,
      {
        method: 'post',
        path: `/api/v1/${kind}s/{id}/run`,
        tags,
        operationId: kind === 'flow' ? 'startFlowRun' : 'startSyncRun',
        summary: `Start a ${kind} run`,
        request: { params: IdParam, body: jsonBody(RunBody, false) },
        parameters: [IDEMPOTENCY_KEY_HEADER],
        description:
          (kind === 'flow'
            ? 'Queues a run with `input` where the flow’s trigger puts it: a form flow gets it as a record of its form (checked like a save: 400 `INPUT_INVALID` with `details.problems`, no run), a webhook flow as the body. '
            : 'Queues a run of the sync now. ') +
          'With an `Idempotency-Key` header (≤ 255 characters) one run per key: a repeat answers 200 `{runId, status, duplicate: true}` and starts nothing; the same key with a different request is 422.',
        responses: {
          200: jsonResponse(AnyObject, 'A repeated Idempotency-Key: the first run'),
          202: Accepted,
          ...ERROR_RESPONSES,
          422: KEY_REUSED_RESPONSE,
        },
      },
      async (c) => {
        const { id } = input<{ id: string }>(c, 'param');
        const body = input<z.infer<typeof RunBody>>(c, 'json');
        await requireHead(deps, kind, id);
        // A flow run by hand gets its input where its own trigger would put it (a form's record, a webhook's body).
        const flow =
          kind === 'flow'
            ? ((await store.documents.get('flow', id))?.definition as FlowDefinition | undefined)
            : undefined;
        const given = await checkedRunInput(deps, flow, (body.input ?? {}) as JsonValue);
        const trigger = manualRunTrigger(flow?.trigger, given, c.get('user').username, deps.now());
        // A caller that may send twice (a retry after a timeout) names the run: one run per key.
        const runId = idempotentRunId('api', c.req.header('idempotency-key'), kind, id);
        const first = runId === undefined ? undefined : await store.runs.get(runId);
        if (first) {
          assertSameRequest(first.trigger, trigger);
          return c.json({ runId: first.id, status: first.status, duplicate: true }, 200);
        }
        return c.json(
          { runId: await engine.enqueue({ kind, id }, trigger, runId ? { id: runId } : {}) },
          202,
        );
      },
    );
  }
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/runs',
      tags,
      operationId: 'listRuns',
      summary: 'List runs, newest first',
      description:
        'Filters: `flowId`, `kind`, `status` (comma-separated), `from`/`to` (created, epoch ms). Keyset pages of `limit` (1–500, default 50): pass `next` as `before` for the following page; `next` is null on the last. A run with `waitingSince` (epoch ms) is waiting for a slot of its flow or sync (another run holds it): taken by a worker (`running`, or `retrying` between polls) but not started (`startedAt` null until it starts).',
      request: { query: RunsQuery },
      responses: {
        200: pageResponse('Runs, newest first'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const query = input<z.infer<typeof RunsQuery>>(c, 'query');
      const limit = query.limit ?? 50;
      const filter: RunFilter = { limit };
      if (query.flowId) filter.flowId = query.flowId;
      if (query.kind) filter.flowKind = query.kind;
      if (query.status) filter.status = query.status.split(',') as RunStatus[];
      if (query.from !== undefined) filter.createdFrom = query.from;
      if (query.to !== undefined) filter.createdTo = query.to;
      if (query.before) filter.before = query.before;
      const runs = await store.runs.list(filter);
      // The store answers an unknown anchor with an empty page: only then is the cursor looked up.
      if (query.before && runs.length === 0 && !(await store.runs.get(query.before)))
        throw invalidCursor('before', query.before, { zh: '运行', en: 'run' });
      const redact = await createRunRedactor(deps.runtime);
      return c.json({
        items: runs.map((run) => redact(runSummary(run))),
        next: nextCursor(runs, limit, (run) => run.id),
      });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/runs/{id}',
      tags,
      operationId: 'getRun',
      summary: 'Get a run with its step timeline',
      description: 'With the trigger, output and steps; every connection’s secret values are masked.',
      request: { params: IdParam },
      responses: { 200: jsonResponse(AnyObject, 'A run with its step timeline'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const run = await runOf(id);
      const steps = await store.steps.list(id);
      const redact = await createRunRedactor(deps.runtime);
      const view: JsonObject = {
        ...runSummary(run),
        trigger: run.trigger,
        output: run.output,
        notBefore: run.notBefore,
        steps: steps as unknown as JsonValue,
      };
      return c.json(redact(view));
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/runs/{id}/retry',
      tags,
      operationId: 'retryRun',
      summary: 'Retry a finished run as a new run',
      description:
        'Queues a new run (`retryOf` this one): a flow resumes at the step where it stopped, or at the top-level `fromStep`; a sync starts over (the ledger dedupes). 409 `CONFLICT` while the run has not finished, or for a succeeded flow run without `fromStep`.',
      request: { params: IdParam, body: jsonBody(RetryBody, false) },
      responses: { 202: Accepted, ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const body = input<z.infer<typeof RetryBody>>(c, 'json');
      const options = body.fromStep === undefined ? {} : { fromStep: body.fromStep };
      return c.json({ runId: await engine.retry(id, options) }, 202);
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/runs/{id}/cancel',
      tags,
      operationId: 'cancelRun',
      summary: 'Cancel a queued or running run',
      description: '409 `CONFLICT` when the run has already finished.',
      request: { params: IdParam },
      responses: { 200: jsonResponse(z.object({ cancelled: z.boolean() }), 'Cancelled'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const run = await runOf(id);
      if (!(await engine.cancel(id)))
        throw new QiaoError(
          'CONFLICT',
          bilingual(
            `运行 ${id} 已结束（${run.status}），无法取消`,
            `run "${id}" has already finished (${run.status})`,
          ),
        );
      return c.json({ cancelled: true });
    },
  );
}

/**
 * A manual run's input; for a form flow checked as a record of its form like a save (defaults filled,
 * 400 `INPUT_INVALID` with `details.problems`) — unchecked when the form no longer exists.
 */
async function checkedRunInput(
  deps: ApiDeps,
  flow: FlowDefinition | undefined,
  given: JsonValue,
): Promise<JsonValue> {
  if (flow?.trigger.type !== 'form') return given;
  const form = await loadForm(deps.runtime.store, flow.trigger.form);
  return form === undefined ? given : formRunInput(form, given);
}
