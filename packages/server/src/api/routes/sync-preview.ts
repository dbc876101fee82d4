import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { SyncDefinition } from '../../definitions/flow-schema.ts';
import type { Locate } from '../../definitions/index.ts';
import { QiaoError } from '../../errors/index.ts';
import type { JsonValue } from '../../json.ts';
import { createSyncEvaluator } from '../../sync/evaluator.ts';
import { PREVIEW_LIMIT, previewSync } from '../../sync/preview.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import type { ApiDeps } from '../api-deps.ts';
import type { ApiEnv } from '../api-env.ts';
import { fitToPath, invalidDefinition, isTextBody, readTextBody } from '../definition-body.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonResponse,
  queryInt,
  TOO_LARGE_RESPONSE,
} from '../route-kit.ts';
import { definitionContent } from './definitions.ts';

const PreviewQuery = z.object({
  limit: queryInt(1, PREVIEW_LIMIT.max),
  failed: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .openapi({ description: "map the stored sources of the ledger's first failed records (no source call)" }),
  key: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({ description: 'ledger keys (repeatable) whose stored sources are mapped (no source call)' }),
});

/** The definition to preview: the request's (validated like a save, never stored), else the stored one. */
async function definitionOf(c: Context<ApiEnv>, deps: ApiDeps, id: string): Promise<SyncDefinition> {
  const text = await c.req.text();
  if (text.trim() === '') {
    const stored = found(
      await deps.runtime.store.documents.get('sync', id),
      `同步方案 ${id} 不存在 / sync "${id}" not found`,
    );
    return parseSyncDefinition(stored.definition as JsonValue, id);
  }
  let value: unknown;
  let locate: Locate | undefined;
  if (isTextBody(c)) {
    const body = await readTextBody(c, deps.runtime.documents, { kind: 'sync', id });
    if (body.value === undefined) throw invalidDefinition(body.diagnostics);
    ({ value, locate } = body);
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new QiaoError('INPUT_INVALID', '请求体不是合法的 JSON / the body is not valid JSON');
    }
  }
  const checked = await deps.runtime.documents.check(fitToPath(value, 'sync', id), [], { locate });
  if (!checked.document) throw invalidDefinition(checked.diagnostics);
  return parseSyncDefinition(checked.document as unknown as JsonValue, id);
}

/**
 * Registers `POST /api/v1/syncs/{id}/preview?limit=N`: a dry run of the sync's read side — the
 * records the next run would read, whether each passes the filter, what the mapping makes of it,
 * and every exchange — with the definition in the body (YAML or JSON, validated like a save and not
 * stored) or the stored one. `?failed=1` / `?key=…` map the ledger's stored sources instead (no source
 * call). Nothing is stored, written to the target or written back.
 */
export function registerSyncPreviewRoutes(app: ApiApp, deps: ApiDeps): void {
  const evaluator = createSyncEvaluator();
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/syncs/{id}/preview',
      tags: ['syncs'],
      operationId: 'previewSync',
      summary: 'Preview a sync run without writing anything',
      description:
        'A dry run of the read side: the records the next run would read (`limit` 1–20, default 5), each with its key, ledger status, filter verdict and mapped payload or error, and every exchange. ' +
        'The body is the definition being edited (JSON, or YAML/JSON text like a PUT; checked, never stored); an empty body previews the stored one. ' +
        '`?failed=1` or `?key=…` map the ledger’s stored sources instead, calling no system.',
      request: {
        params: IdParam,
        query: PreviewQuery,
        // The content types of a definition PUT: the same text types are read as YAML/JSON.
        body: { required: false, content: definitionContent('YAML or JSON text of the sync definition') },
      },
      responses: {
        200: jsonResponse(
          AnyObject,
          '{syncId, window, pages, listed, keyless, more, records: [{key, status, sourceTime, passes, source, mapped?, error?}], exchanges, error, unknownKeys?}',
        ),
        ...ERROR_RESPONSES,
        413: TOO_LARGE_RESPONSE,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof PreviewQuery>>(c, 'query');
      const keys = query.key === undefined ? undefined : [query.key].flat();
      const definition = await definitionOf(c, deps, id);
      const { runtime } = deps;
      const preview = await previewSync(
        {
          definition,
          gateway: runtime.gateway,
          evaluator,
          store: runtime.store,
          clock: Date.now,
          signal: c.req.raw.signal,
        },
        {
          ...(query.limit === undefined ? {} : { limit: query.limit }),
          ...(keys ? { keys } : {}),
          ...(query.failed === '1' || query.failed === 'true' ? { failed: true } : {}),
        },
      );
      return c.json(preview);
    },
  );
}
