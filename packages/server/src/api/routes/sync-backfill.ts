import { z } from '@hono/zod-openapi';
import type { JsonValue } from '../../json.ts';
import { backfillRange } from '../../sync/backfill-range.ts';
import { requireReachable, requireWatermark } from '../../sync/read-backfill.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  type ApiApp,
  addRoute,
  ERROR_RESPONSES,
  found,
  IdParam,
  input,
  jsonBody,
  jsonResponse,
} from '../route-kit.ts';

const Instant = z.union([z.number(), z.string()]);
const BackfillBody = z
  .object({
    from: Instant.openapi({
      description:
        'epoch ms, ISO date (a whole day in the sync schedule’s time zone) or date-time, or "60d" (back from now)',
    }),
    to: Instant.optional().openapi({
      description: 'like `from`; default now (a date: to the end of that day)',
    }),
  })
  .strict()
  .openapi('SyncBackfill');
const Accepted = jsonResponse(
  z.object({ runId: z.string(), from: z.number(), to: z.number() }).openapi('BackfillAccepted'),
  'Backfill run queued',
);

/**
 * Registers `POST /api/v1/syncs/{id}/backfill {from, to?}`: queues a run of the sync that re-reads that
 * time range (src/sync `readBackfill`; trigger `{type: 'backfill', from, to, by}`) — the ledger dedupes,
 * the watermark does not move. 400 for a bad or empty range or a sync without a watermark.
 */
export function registerSyncBackfillRoutes(app: ApiApp, deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/syncs/{id}/backfill',
      tags: ['syncs'],
      operationId: 'backfillSync',
      summary: 'Re-read a time range of a sync',
      description:
        'Queues a run that reads `from`–`to` again (the ledger skips records already written; the watermark stays). 400 `INPUT_INVALID` for a bad or empty range or a sync without `source.watermark`.',
      request: { params: IdParam, body: jsonBody(BackfillBody) },
      responses: { 202: Accepted, ...ERROR_RESPONSES },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const body = input<z.infer<typeof BackfillBody>>(c, 'json');
      const stored = found(
        await deps.runtime.store.documents.get('sync', id),
        `同步方案 ${id} 不存在 / sync "${id}" not found`,
      );
      const definition = parseSyncDefinition(stored.definition as JsonValue, id);
      requireWatermark({ definition });
      const now = Date.now();
      const range = backfillRange(body, { now, timeZone: definition.schedule?.timezone });
      await requireReachable(deps.runtime.gateway, { definition }, range.from, now);
      const trigger = { type: 'backfill', ...range, by: c.get('user').username };
      const runId = await deps.runtime.engine.enqueue({ kind: 'sync', id }, trigger);
      return c.json({ runId, ...range }, 202);
    },
  );
}
