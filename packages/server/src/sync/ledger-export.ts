import { stringify } from 'csv-stringify/sync';
import type { LedgerState, LedgerStatus, Store } from '../store/port.ts';

/** The language of the header row: the console's (Chinese by default) or English. */
export type ExportLanguage = 'zh' | 'en';

/** What to export: entries of these statuses (default all), times in this zone, headers in this language. */
export interface LedgerExportOptions {
  status?: LedgerStatus[];
  /** Only entries whose source key or target number contains this text. */
  search?: string;
  /** IANA zone the times are written in (default Asia/Shanghai, the schedules' default). */
  timeZone?: string;
  lang?: ExportLanguage;
}

/** Rows read per ledger page: the export streams, it never holds the whole ledger. */
const PAGE = 1000;

/** The columns: header (zh, en) and the cell of an entry. */
const COLUMNS: Array<{
  zh: string;
  en: string;
  cell: (entry: LedgerState, time: (ms: number) => string) => string;
}> = [
  { zh: '来源键', en: 'source key', cell: (e) => e.sourceKey },
  { zh: '状态', en: 'status', cell: (e) => e.status },
  { zh: '目标单号', en: 'target number', cell: (e) => e.targetNumber ?? '' },
  { zh: '目标 ID', en: 'target id', cell: (e) => e.targetId ?? '' },
  { zh: '尝试次数', en: 'attempts', cell: (e) => String(e.attempts) },
  { zh: '错误代码', en: 'error code', cell: (e) => e.lastError?.code ?? '' },
  { zh: '错误信息', en: 'error message', cell: (e) => e.lastError?.message ?? '' },
  { zh: '回写', en: 'write-back', cell: (e) => e.writeBack },
  { zh: '回写错误', en: 'write-back error', cell: (e) => e.writeBackError?.message ?? '' },
  { zh: '来源时间', en: 'source time', cell: (e, time) => (e.sourceTime === null ? '' : time(e.sourceTime)) },
  { zh: '更新时间', en: 'updated at', cell: (e, time) => time(e.updatedAt) },
  { zh: '运行', en: 'run', cell: (e) => e.runId ?? '' },
];

/** `YYYY-MM-DD HH:mm:ss` in `timeZone` (what a spreadsheet reads as a date-time). */
function timeFormatter(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (ms) => format.format(new Date(ms));
}

/**
 * A sync's ledger as CSV text, in chunks of up to 1,000 entries in source-key order: first the header
 * row behind a UTF-8 byte order mark (so Excel reads the Chinese right), then the entries. Cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` …, e.g. in an error message) are written as
 * text (csv-stringify's `escape_formulas`). Documents (source, payload) are not exported.
 */
export async function* ledgerCsv(
  store: Store,
  syncId: string,
  options: LedgerExportOptions = {},
): AsyncGenerator<string> {
  const lang = options.lang ?? 'zh';
  const time = timeFormatter(options.timeZone ?? 'Asia/Shanghai');
  const csv = (rows: string[][]) => stringify(rows, { escape_formulas: true, record_delimiter: 'windows' });
  yield `\uFEFF${csv([COLUMNS.map((column) => column[lang])])}`;
  let after: string | undefined;
  for (;;) {
    const page = await store.ledger.listStates(syncId, {
      limit: PAGE,
      ...(options.status ? { status: options.status } : {}),
      ...(options.search ? { search: options.search } : {}),
      ...(after === undefined ? {} : { after }),
    });
    if (page.length > 0) yield csv(page.map((entry) => COLUMNS.map((column) => column.cell(entry, time))));
    if (page.length < PAGE) return;
    after = page.at(-1)?.sourceKey;
  }
}
