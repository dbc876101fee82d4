import { z } from '@hono/zod-openapi';
import { bilingual } from '../../errors/index.ts';
import { findRecordRuns, loadForm, saveFormRecord } from '../../forms/index.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  invalidCursor,
  jsonBody,
  jsonResponse,
  nextCursor,
  pageResponse,
  queryInt,
} from '../route-kit.ts';
import { createRunRedactor } from '../run-redactor.ts';
import { runSummary } from './runs.ts';

const tags = ['forms'];
const RecordBody = z.object({ data: AnyObject }).strict().openapi('FormRecordInput');
const RecordParams = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
  recordId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'recordId', in: 'path' } }),
});
const ListQuery = z.object({
  limit: queryInt(1, 500),
  before: z.string().min(1).optional().openapi({
    description:
      "The previous page's `next` (a record id); one naming no record of this form: 400 INPUT_INVALID.",
  }),
});
const Saved = jsonResponse(
  z.object({ record: AnyObject, runIds: z.array(z.string()) }).openapi('FormRecordSaved'),
  'Saved; the runs its form triggers enqueued',
);

/** Registers form records: create/update (validated, fire form triggers), list, and detail with the runs fired. */
export function registerFormRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  const saveDeps = { store, triggers: deps.formTriggers, now: deps.now };
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/forms/{id}/records',
      tags,
      operationId: 'createFormRecord',
      summary: 'Create a form record',
      description:
        'Checked against the form, defaults filled (400 `INPUT_INVALID` with `details.problems`); the flows the form triggers are queued and listed in `runIds`.',
      request: { params: IdParam, body: jsonBody(RecordBody) },
      responses: { 201: Saved, ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const { data } = input<z.infer<typeof RecordBody>>(c, 'json');
      return c.json(
        await saveFormRecord(saveDeps, { formId: id, data, createdBy: c.get('user').username }),
        201,
      );
    },
  );
  addRoute(
    app,
    {
      method: 'put',
      path: '/api/v1/forms/{id}/records/{recordId}',
      tags,
      operationId: 'updateFormRecord',
      summary: 'Replace a form record’s data',
      description:
        'Checked like a create; the flows the form triggers on updates are queued and listed in `runIds`.',
      request: { params: RecordParams, body: jsonBody(RecordBody) },
      responses: { 200: Saved, ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id, recordId } = input<z.infer<typeof RecordParams>>(c, 'param');
      const { data } = input<z.infer<typeof RecordBody>>(c, 'json');
      return c.json(await saveFormRecord(saveDeps, { formId: id, recordId, data }));
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/forms/{id}/records',
      tags,
      operationId: 'listFormRecords',
      summary: "List a form's records, newest first",
      description:
        'Keyset pages of `limit` (1–500, default 50): pass `next` as `before` for the following page; `next` is null on the last.',
      request: { params: IdParam, query: ListQuery },
      responses: {
        200: pageResponse('Records, newest first'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof ListQuery>>(c, 'query');
      await loadForm(store, id);
      const limit = query.limit ?? 50;
      const items = await store.formRecords.list(id, {
        limit,
        ...(query.before ? { before: query.before } : {}),
      });
      if (query.before && items.length === 0 && (await store.formRecords.get(query.before))?.formId !== id)
        throw invalidCursor('before', query.before, { zh: '表单记录', en: 'record of this form' });
      return c.json({ items, next: nextCursor(items, limit, (record) => record.id) });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/forms/{id}/records/{recordId}',
      tags,
      operationId: 'getFormRecord',
      summary: 'Get a form record with its runs',
      description: 'The record and the runs it fired (their summaries, secrets masked).',
      request: { params: RecordParams },
      responses: { 200: jsonResponse(AnyObject, 'The record and the runs it fired'), ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id, recordId } = input<z.infer<typeof RecordParams>>(c, 'param');
      const stored = await store.formRecords.get(recordId);
      const record = found(
        stored?.formId === id ? stored : undefined,
        bilingual(`表单 ${id} 没有记录 ${recordId}`, `record "${recordId}" of form "${id}" not found`),
      );
      const runs = await findRecordRuns(store, id, recordId);
      const redact = await createRunRedactor(deps.runtime);
      return c.json({ record, runs: runs.map((run) => redact(runSummary(run))) });
    },
  );
}
