import { stringify } from 'csv-stringify/sync';
import { type SheetCell, xlsxStream } from '../spreadsheet/xlsx-stream.ts';
import type { LedgerState, LedgerStatus, Store } from '../store/port.ts';

/** The language of the header row: the console's (Chinese by default) or English. */
export type ExportLanguage = 'zh' | 'en';

/** What to export: entries of these statuses (default all), times in this zone, headers in this language. */
export interface LedgerExportOptions {
  status?: LedgerStatus[];
  /** Only entries whose source key or target number contains this text. */
  search?: string;
  /** IANA zone the times are written in (default Asia/Shanghai, the schedules' default), named in their headers. */
  timeZone?: string;
  lang?: ExportLanguage;
}

/** Rows read per ledger page: the export streams, it never holds the whole ledger. */
const PAGE = 1000;

/** A time in the export's zone: `YYYY-MM-DD HH:mm:ss`, and the same wall clock as epoch ms (for a sheet's date cell). */
type ZonedTime = (ms: number) => { wallClock: number };

/**
 * The columns: header (zh, en), width in a sheet (characters) and the cell of an entry. `exact`
 * columns hold identifiers that must round-trip unchanged (a DingTalk id may start with `-`), so the
 * CSV's formula guard leaves them alone; free text (messages) gets it. A `zoned` column's header names
 * the zone of its times (a cell of a sheet cannot carry an offset).
 */
const COLUMNS: Array<{
  zh: string;
  en: string;
  width: number;
  exact?: true;
  zoned?: true;
  cell: (entry: LedgerState, time: ZonedTime) => SheetCell;
}> = [
  { zh: '来源键', en: 'source key', width: 34, exact: true, cell: (e) => e.sourceKey },
  { zh: '状态', en: 'status', width: 10, cell: (e) => e.status },
  { zh: '目标单号', en: 'target number', width: 24, exact: true, cell: (e) => e.targetNumber },
  { zh: '目标 ID', en: 'target id', width: 12, exact: true, cell: (e) => e.targetId },
  { zh: '尝试次数', en: 'attempts', width: 9, cell: (e) => e.attempts },
  { zh: '错误代码', en: 'error code', width: 24, cell: (e) => e.lastError?.code ?? null },
  { zh: '错误信息', en: 'error message', width: 50, cell: (e) => e.lastError?.message ?? null },
  { zh: '回写', en: 'write-back', width: 10, cell: (e) => e.writeBack },
  { zh: '回写错误', en: 'write-back error', width: 40, cell: (e) => e.writeBackError?.message ?? null },
  {
    zh: '来源时间',
    en: 'source time',
    width: 20,
    zoned: true,
    cell: (e, time) => (e.sourceTime === null ? null : time(e.sourceTime)),
  },
  { zh: '更新时间', en: 'updated at', width: 20, zoned: true, cell: (e, time) => time(e.updatedAt) },
  { zh: '运行', en: 'run', width: 38, exact: true, cell: (e) => e.runId },
];

/** The wall clock of `ms` in `timeZone`, as epoch ms of that date and time read as UTC. */
function zonedTime(timeZone: string): ZonedTime {
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
  return (ms) => ({ wallClock: Date.parse(`${format.format(new Date(ms)).replace(' ', 'T')}Z`) });
}

/** `YYYY-MM-DD HH:mm:ss` (what a spreadsheet reads as a date-time). */
function wallClockText(wallClock: number): string {
  return new Date(wallClock).toISOString().slice(0, 19).replace('T', ' ');
}

/** What a spreadsheet would start a formula with (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(cell: SheetCell, exact: boolean): string {
  if (cell === null) return '';
  if (typeof cell === 'object') return wallClockText(cell.wallClock);
  const text = String(cell);
  return !exact && FORMULA_START.test(text) ? `'${text}` : text;
}

/** The zone the export's times are in: the sync schedule's (as given), else Asia/Shanghai. */
function zoneOf(options: LedgerExportOptions): string {
  return options.timeZone ?? 'Asia/Shanghai';
}

/** The export's header row; time headers name their zone: `更新时间（Asia/Shanghai）`, `updated at (Asia/Shanghai)`. */
function headerOf(options: LedgerExportOptions): string[] {
  const lang = options.lang ?? 'zh';
  const zone = lang === 'zh' ? `（${zoneOf(options)}）` : ` (${zoneOf(options)})`;
  return COLUMNS.map((column) => (column.zoned ? `${column[lang]}${zone}` : column[lang]));
}

/** The ledger's entries as pages of cells (1,000 entries each, in source-key order). */
async function* ledgerRows(
  store: Store,
  syncId: string,
  options: LedgerExportOptions,
): AsyncGenerator<SheetCell[][]> {
  const time = zonedTime(zoneOf(options));
  let after: string | undefined;
  for (;;) {
    const page = await store.ledger.listStates(syncId, {
      limit: PAGE,
      ...(options.status ? { status: options.status } : {}),
      ...(options.search ? { search: options.search } : {}),
      ...(after === undefined ? {} : { after }),
    });
    if (page.length > 0) yield page.map((entry) => COLUMNS.map((column) => column.cell(entry, time)));
    if (page.length < PAGE) return;
    after = page.at(-1)?.sourceKey;
  }
}

/**
 * A sync's ledger as CSV text, in chunks of up to 1,000 entries in source-key order: first the header
 * row behind a UTF-8 byte order mark (so Excel reads the Chinese right), then the entries. Cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` …, e.g. in an error message) are written as
 * text (a leading `'`), except identifiers (keys, numbers, ids), which are written exactly — a
 * spreadsheet user reads the .xlsx export, where they are text cells. Documents (source, payload) are
 * not exported.
 */
export async function* ledgerCsv(
  store: Store,
  syncId: string,
  options: LedgerExportOptions = {},
): AsyncGenerator<string> {
  const csv = (rows: string[][]) => stringify(rows, { record_delimiter: 'windows' });
  yield `\uFEFF${csv([headerOf(options)])}`;
  for await (const page of ledgerRows(store, syncId, options))
    yield csv(page.map((row) => row.map((cell, i) => csvCell(cell, COLUMNS[i]?.exact === true))));
}

/**
 * A sync's ledger as an .xlsx workbook, streamed (src/spreadsheet): the same columns as the CSV, but
 * keys and numbers are text cells (a 21-digit approval number stays exact — Excel would show it in
 * scientific notation from a CSV), attempts are numbers and times are date-time cells.
 */
export function ledgerXlsx(
  store: Store,
  syncId: string,
  options: LedgerExportOptions = {},
): AsyncGenerator<Uint8Array> {
  const lang = options.lang ?? 'zh';
  const layout = {
    name: lang === 'zh' ? '台账' : 'ledger',
    header: headerOf(options),
    widths: COLUMNS.map((column) => column.width),
  };
  return xlsxStream(layout, ledgerRows(store, syncId, options));
}
