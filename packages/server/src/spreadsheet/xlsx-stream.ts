import { strToU8, Zip, ZipDeflate } from 'fflate';

/**
 * A cell: text (always stored as text, so a 21-digit approval number stays exact and is never shown in
 * scientific notation), a number, or a wall-clock date-time (`{wallClock: ms}`: the epoch ms of the
 * local date and time as if it were UTC, written as an Excel date serial with a date-time format).
 */
export type SheetCell = string | number | { wallClock: number } | null;

/** One sheet: its name, the header row (bold, frozen, with a filter) and column widths in characters. */
export interface SheetLayout {
  name: string;
  header: string[];
  widths?: number[];
}

/** Excel refuses cells over 32,767 characters. */
const MAX_CELL_TEXT = 32_767;
/** Days between Excel's epoch (1899-12-30, with its 1900 leap-year quirk) and 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25_569;
const DAY_MS = 86_400_000;
/** Style ids in STYLES: 0 normal, 1 bold (header), 2 `yyyy-mm-dd hh:mm:ss`. */
const STYLE = { header: 1, dateTime: 2 } as const;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>`;

const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">\
<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>`;

const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">\
<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>\
</Relationships>`;

const STYLES = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>`;

function workbook(sheetName: string): string {
  return `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>\
<sheet name="${escapeXml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/** Text made safe for XML: markup escaped, characters XML 1.0 forbids dropped. */
function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids, removed here
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'))
  );
}

function textCell(text: string, style = 0): string {
  const value = escapeXml(text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text);
  return `<c t="inlineStr"${style ? ` s="${style}"` : ''}><is><t xml:space="preserve">${value}</t></is></c>`;
}

function cellXml(cell: SheetCell): string {
  if (cell === null || cell === '') return '<c/>';
  if (typeof cell === 'string') return textCell(cell);
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? `<c><v>${cell}</v></c>` : textCell(String(cell));
  return `<c s="${STYLE.dateTime}"><v>${cell.wallClock / DAY_MS + EXCEL_EPOCH_DAYS}</v></c>`;
}

/** `A`, `B`, … `Z`, `AA` … — a column's letters. */
function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function sheetHead(layout: SheetLayout): string {
  const cols = (layout.widths ?? [])
    .map((width, i) => `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`)
    .join('');
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">\
<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
${cols ? `<cols>${cols}</cols>` : ''}<sheetData>\
<row>${layout.header.map((title) => textCell(title, STYLE.header)).join('')}</row>`;
}

/**
 * A one-sheet .xlsx workbook (Office Open XML, as Excel, WPS and LibreOffice read it), streamed: each
 * page of rows is deflated into the zip as it arrives and its bytes yielded, so memory stays flat
 * however long the sheet is (fflate's streaming Zip). The header row is bold, frozen and filtered.
 */
export async function* xlsxStream(
  layout: SheetLayout,
  pages: AsyncIterable<SheetCell[][]>,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    yield* out.splice(0);
  };
  const whole = (path: string, text: string) => {
    const file = new ZipDeflate(path, { level: 6 });
    zip.add(file);
    file.push(strToU8(text), true);
  };
  whole('[Content_Types].xml', CONTENT_TYPES);
  whole('_rels/.rels', ROOT_RELS);
  whole('xl/workbook.xml', workbook(layout.name));
  whole('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  whole('xl/styles.xml', STYLES);
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 6 });
  zip.add(sheet);
  sheet.push(strToU8(sheetHead(layout)));
  yield* drain();
  let rows = 1;
  for await (const page of pages) {
    if (page.length === 0) continue;
    sheet.push(strToU8(page.map((row) => `<row>${row.map(cellXml).join('')}</row>`).join('')));
    rows += page.length;
    yield* drain();
  }
  const lastColumn = columnName(Math.max(0, layout.header.length - 1));
  sheet.push(strToU8(`</sheetData><autoFilter ref="A1:${lastColumn}${rows}"/></worksheet>`), true);
  zip.end();
  yield* drain();
}
