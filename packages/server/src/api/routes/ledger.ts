import { z } from '@hono/zod-openapi';
import { newRunId } from '../../runs/ids.ts';
import type { LedgerFilter, LedgerStatus, Store, WriteBackStatus } from '../../store/port.ts';
import { retryFailed } from '../../sync/retry-failed.ts';
import type { ApiDeps } from '../api-deps.ts';
import {
  AnyObject,
  type ApiApp,
  addRoute,
  csvQuery,
  ERROR_RESPONSES,
  IdParam,
  input,
  invalidCursor,
  jsonBody,
  jsonResponse,
  pageResponse,
  queryInt,
} from '../route-kit.ts';
import { requireHead } from './definitions.ts';

const LEDGER_STATUSES = ['pending', 'writing', 'written', 'failed', 'skipped'] as const;
const WRITE_BACKS: WriteBackStatus[] = ['none', 'pending', 'done', 'failed'];
const tags = ['ledger'];
const LedgerQuery = z.object({
  status: csvQuery(LEDGER_STATUSES),
  q: z.string().max(200).optional(),
  limit: queryInt(1, 1000),
  order: z.enum(['key', 'newest']).optional().openapi({
    description:
      '`key` (default): by source key. `newest`: the records first seen last come first (new records at the top; a status change does not move a record).',
  }),
  after: z.string().min(1).optional().openapi({
    description:
      "The previous page's `next` (in the same order and filters). In key order it is the last source key, one of this ledger's (a key the ledger does not hold: 400 INPUT_INVALID); in newest order an opaque cursor (anything else: 400 INPUT_INVALID).",
  }),
});
const RetryBody = z
  .object({ keys: z.array(z.string().min(1)).min(1).max(10_000).optional() })
  .strict()
  .openapi('LedgerRetry');

/** Counts ledger entries by write-back status by paging the ledger (the store has no count for it). */
async function writeBackCounts(store: Store, syncId: string): Promise<Record<WriteBackStatus, number>> {
  const out: Record<WriteBackStatus, number> = { none: 0, pending: 0, done: 0, failed: 0 };
  for (const status of WRITE_BACKS.filter((s) => s !== 'none')) {
    let after: string | undefined;
    for (;;) {
      const page = await store.ledger.list(syncId, {
        writeBack: [status],
        limit: 1000,
        ...(after ? { after } : {}),
      });
      out[status] += page.length;
      if (page.length < 1000) break;
      after = page.at(-1)?.sourceKey;
    }
  }
  return out;
}

/** Registers the ledger of a sync: entries (keyset, by source key or newest first), summary counts and retry of failed entries. */
export function registerLedgerRoutes(app: ApiApp, deps: ApiDeps): void {
  const { store } = deps.runtime;
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/syncs/{id}/ledger',
      tags,
      operationId: 'listLedgerEntries',
      summary: "List a sync's ledger entries",
      request: { params: IdParam, query: LedgerQuery },
      description:
        "Pages a sync's ledger (keyset): `status` (comma-separated), `q` (part of a source key or target number, any case), `order` (`key` or `newest`), `after` (the previous page's `next`).",
      responses: {
        200: pageResponse(
          'Ledger entries by source key, or newest first; `next` is the cursor of the following page',
        ),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof LedgerQuery>>(c, 'query');
      await requireHead(deps, 'sync', id);
      const filter: LedgerFilter = { limit: query.limit ?? 100, order: query.order ?? 'key' };
      if (query.status) filter.status = query.status.split(',') as LedgerStatus[];
      if (query.after) {
        // In key order the cursor is a source key of this ledger (a newest-order one the store checks).
        if (filter.order === 'key' && (await store.ledger.getStates(id, [query.after])).length === 0)
          throw invalidCursor('after', query.after, { zh: '台账记录', en: 'ledger entry' });
        filter.after = query.after;
      }
      if (query.q?.trim()) filter.search = query.q.trim();
      // The store hands the cursor: in newest order it is the row's position, which entries do not carry.
      const page = await store.ledger.page(id, filter);
      return c.json({ items: page.entries, next: page.next });
    },
  );
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/syncs/{id}/ledger/summary',
      tags,
      operationId: 'getLedgerSummary',
      summary: "Count a sync's ledger entries by status",
      description:
        '`{syncId, total, counts, writeBack, watermark}`: counts by ledger status and by write-back status.',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(AnyObject, 'Counts by status and write-back status'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      await requireHead(deps, 'sync', id);
      const counts = await store.ledger.counts(id);
      const writeBack = await writeBackCounts(store, id);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      writeBack.none = Math.max(0, total - writeBack.pending - writeBack.done - writeBack.failed);
      const state = await store.syncState.get(id);
      return c.json({ syncId: id, total, counts, writeBack, watermark: state?.watermark ?? null });
    },
  );
  addRoute(
    app,
    {
      method: 'post',
      path: '/api/v1/syncs/{id}/ledger/retry',
      tags,
      operationId: 'retryLedgerFailures',
      summary: 'Retry failed ledger records in a new run',
      request: { params: IdParam, body: jsonBody(RetryBody, false) },
      description:
        'Sets failed records (all, or `keys`) and failed write-backs back to pending and starts a sync run. With `keys`: those not in the ledger come back as `unknownKeys`, those that had not failed as `notFailedKeys`; when none can be retried no run starts — 404 `NOT_FOUND` when none is in the ledger, else 409 `CONFLICT` (both name the keys; `details` lists them).',
      responses: {
        202: jsonResponse(AnyObject, '{reset, writeBacksReset, runId, unknownKeys?, notFailedKeys?}'),
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const body = input<z.infer<typeof RetryBody>>(c, 'json');
      // retryFailed commits the run, then wakes the engine through `enqueue` (not left to the poll).
      const result = await retryFailed(
        {
          store,
          clock: deps.now,
          newRunId: () => newRunId(deps.now()),
          enqueue: (run) => deps.runtime.engine.wake(run.id),
        },
        id,
        body.keys,
      );
      return c.json(result, 202);
    },
  );
}
