import { z } from '@hono/zod-openapi';
import type { JsonValue } from '../../json.ts';
import type { LedgerStatus } from '../../store/port.ts';
import { ledgerCsv, ledgerXlsx } from '../../sync/ledger-export.ts';
import { parseSyncDefinition } from '../../sync/run-sync.ts';
import type { ApiDeps } from '../api-deps.ts';
import { type ApiApp, addRoute, csvQuery, ERROR_RESPONSES, found, IdParam, input } from '../route-kit.ts';

const ExportQuery = z.object({
  status: csvQuery(['pending', 'writing', 'written', 'failed', 'skipped']),
  lang: z.enum(['zh', 'en']).optional(),
  q: z.string().max(200).optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Registers `GET /api/v1/syncs/{id}/ledger/export?status=&q=&lang=&format=csv|xlsx`: the sync's ledger as
 * a download for reconciliation in a spreadsheet — CSV (src/sync `ledgerCsv`: UTF-8 with BOM) or an Excel
 * workbook (`ledgerXlsx`: long numbers kept as text, times as date cells), times in the sync schedule's
 * zone, streamed page by page so a ledger of any size is exported in constant memory.
 */
export function registerLedgerExportRoutes(app: ApiApp, deps: ApiDeps): void {
  addRoute(
    app,
    {
      method: 'get',
      path: '/api/v1/syncs/{id}/ledger/export',
      tags: ['ledger'],
      operationId: 'exportLedger',
      summary: "Download a sync's ledger as CSV or Excel",
      description:
        'Filters like the ledger list (`status`, `q`); `format=csv` (default, UTF-8 with BOM) or `xlsx`, headings in `lang` (default `zh`), times in the sync schedule’s time zone. Streamed page by page, so any size.',
      request: { params: IdParam, query: ExportQuery },
      responses: {
        200: {
          description: 'The ledger as CSV or an .xlsx workbook',
          content: {
            'text/csv': { schema: z.string() },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
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
      const options = {
        ...(query.status ? { status: query.status.split(',') as LedgerStatus[] } : {}),
        ...(timeZone ? { timeZone } : {}),
        ...(query.q?.trim() ? { search: query.q.trim() } : {}),
        lang: query.lang ?? 'zh',
      };
      const xlsx = query.format === 'xlsx';
      const encoder = new TextEncoder();
      const body = xlsx
        ? streamOf(ledgerXlsx(deps.runtime.store, id, options))
        : streamOf(ledgerCsv(deps.runtime.store, id, options), (text) => encoder.encode(text));
      return new Response(body, {
        headers: {
          'content-type': xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${id}-ledger.${xlsx ? 'xlsx' : 'csv'}"`,
          'cache-control': 'no-store',
        },
      });
    },
  );
}

/** A byte stream of chunks, pulled one at a time (the next ledger page is read when the client takes more). */
function streamOf<T>(
  chunks: AsyncGenerator<T>,
  bytes: (chunk: T) => Uint8Array = (chunk) => chunk as Uint8Array,
): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(bytes(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
