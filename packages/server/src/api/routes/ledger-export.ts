import { z } from '@hono/zod-openapi';
import type { JsonValue } from '../../json.ts';
import type { LedgerStatus } from '../../store/port.ts';
import { ledgerCsv } from '../../sync/ledger-export.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, csvQuery, ERROR_RESPONSES, found, IdParam, input } from '../route-kit.ts';

const ExportQuery = z.object({
  status: csvQuery(['pending', 'writing', 'written', 'failed', 'skipped']),
  lang: z.enum(['zh', 'en']).optional(),
  q: z.string().max(200).optional(),
});

/**
 * Registers `GET /api/v1/syncs/{id}/ledger/export?status=&lang=`: the sync's ledger as a CSV download
 * (src/sync `ledgerCsv`: UTF-8 with BOM, times in the sync schedule's zone), streamed page by page so a
 * ledger of any size is exported in constant memory. For reconciliation in a spreadsheet.
 */
export function registerLedgerExportRoutes(app: ApiApp, deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/syncs/{id}/ledger/export',
      tags: ['ledger'],
      request: { params: IdParam, query: ExportQuery },
      responses: {
        200: { description: 'The ledger as CSV', content: { 'text/csv': { schema: z.string() } } },
        ...ERROR_RESPONSES,
      },
    },
    async (c) => {
      const { id } = input<{ id: string }>(c, 'param');
      const query = input<z.infer<typeof ExportQuery>>(c, 'query');
      const stored = found(
        await deps.runtime.store.documents.get('sync', id),
        `同步方案 ${id} 不存在 / sync "${id}" not found`,
      );
      const timeZone = parseSyncDefinition(stored.definition as JsonValue, id).schedule?.timezone;
      const chunks = ledgerCsv(deps.runtime.store, id, {
        ...(query.status ? { status: query.status.split(',') as LedgerStatus[] } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(query.q?.trim() ? { search: query.q.trim() } : {}),
        lang: query.lang ?? 'zh',
      });
      return new Response(streamOf(chunks), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${id}-ledger.csv"`,
          'cache-control': 'no-store',
        },
      });
    },
  );
}

/** A byte stream of text chunks, pulled one at a time (the next ledger page is read when the client takes more). */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
