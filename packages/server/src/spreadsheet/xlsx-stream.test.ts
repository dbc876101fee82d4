import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { type SheetCell, xlsxStream } from './xlsx-stream.ts';

async function* pagesOf(...pages: SheetCell[][][]): AsyncGenerator<SheetCell[][]> {
  yield* pages;
}

async function workbookOf(
  stream: AsyncIterable<Uint8Array>,
): Promise<{ files: Record<string, string>; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  const files = Object.fromEntries(
    Object.entries(unzipSync(bytes)).map(([path, data]) => [path, strFromU8(data)]),
  );
  return { files, chunks: parts.length };
}

/** The sheet's rows as arrays of [text or value, style]. */
function rowsOf(sheetXml: string): Array<Array<{ value: string | undefined; style: string | undefined }>> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'row' || name === 'c',
    parseTagValue: false,
  });
  const sheet = parser.parse(sheetXml).worksheet;
  return sheet.sheetData.row.map((row: { c: Array<Record<string, unknown>> }) =>
    row.c.map((c) => {
      const inline = c.is as { t: string | { '#text': string } } | undefined;
      const text =
        inline === undefined ? undefined : typeof inline.t === 'string' ? inline.t : inline.t['#text'];
      return { value: text ?? (c.v as string | undefined), style: c['@_s'] as string | undefined };
    }),
  );
}

describe('xlsxStream', () => {
  it('writes a well-formed workbook whose cells keep long digit strings as text, numbers and date-times typed', async () => {
    const { files } = await workbookOf(
      xlsxStream(
        { name: '台账', header: ['单号', '次数', '时间', '说明'], widths: [24, 8, 20, 40] },
        pagesOf(
          [
            [
              '202012211530000123456',
              3,
              { wallClock: Date.UTC(2026, 10, 23, 8, 30, 0) },
              '=1+1 & <b>"x"</b>',
            ],
          ],
          [],
          [['k2', null, null, 'bell\u0007 gone']],
        ),
      ),
    );
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    for (const [path, xml] of Object.entries(files))
      expect([path, XMLValidator.validate(xml)]).toEqual([path, true]);
    expect(files['xl/workbook.xml']).toContain('name="台账"');
    const sheet = files['xl/worksheets/sheet1.xml']!;
    expect(sheet).toContain('<autoFilter ref="A1:D3"/>');
    expect(sheet).toContain('state="frozen"');
    const rows = rowsOf(sheet);
    expect(rows[0]).toEqual(['单号', '次数', '时间', '说明'].map((value) => ({ value, style: '1' })));
    expect(rows[1]![0]).toEqual({ value: '202012211530000123456', style: undefined });
    expect(rows[1]![1]).toEqual({ value: '3', style: undefined });
    // 2026-11-23 08:30 is day 46349 after Excel's epoch, plus 8.5 hours.
    expect(Number(rows[1]![2]!.value)).toBeCloseTo(46349 + 8.5 / 24, 9);
    expect(rows[1]![2]!.style).toBe('2');
    // Read back as written, and as text: a formula-looking value is not a formula in an inline string.
    expect(rows[1]![3]!.value).toBe('=1+1 & <b>"x"</b>');
    expect(sheet).not.toContain('<f>');
    expect(sheet).toContain('t="inlineStr"');
    expect(rows[2]!.map((c) => c.value)).toEqual(['k2', undefined, undefined, 'bell gone']);
  });

  it('streams page by page instead of building the file at the end', async () => {
    async function* many(): AsyncGenerator<SheetCell[][]> {
      for (let page = 0; page < 20; page++) {
        yield Array.from({ length: 1000 }, (_, i) => [`key-${page}-${i}-${'x'.repeat(40)}`, i]);
      }
    }
    const { files, chunks } = await workbookOf(xlsxStream({ name: 'big', header: ['k', 'n'] }, many()));
    expect(chunks).toBeGreaterThan(10);
    expect(rowsOf(files['xl/worksheets/sheet1.xml']!)).toHaveLength(20_001);
  });
});
