import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { compileMapping } from './compile-mapping.ts';
import {
  generateApprovalRecord,
  SEED_001_BINDINGS,
  SEED_001_MAPPING,
  seededRandom,
} from './fixtures/seed-001-mapping.ts';

async function mappingFailure(run: () => unknown): Promise<QiaoError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof QiaoError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('compileMapping', () => {
  it('maps the seed-001 approval to a payment bill synchronously', () => {
    const mapping = compileMapping(SEED_001_MAPPING);
    expect(mapping.isAsync).toBe(false);
    const record = generateApprovalRecord(seededRandom(3), 9, 5);
    const bill = mapping(record, SEED_001_BINDINGS) as Record<string, JsonValue>;
    const extend = record.extend as Record<string, string>;
    expect(bill.FBillNo).toBe(extend.business_id);
    expect(bill.FCURRENCYID).toEqual({ FNumber: 'PRE001' });
    expect(bill.FCONTACTUNITTYPE).toBe('BD_Empinfo');
    expect(bill.FDATE).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const lines = bill.FPAYBILLENTRY as Record<string, JsonValue>[];
    expect(lines).toHaveLength(5);
    expect(lines[0]?.FSETTLETYPEID).toEqual({ FNumber: 'JSFS04_SYS' });
    const amounts = (record.报销明细 as Record<string, string>[]).map((l) =>
      Number(l['报销金额(元)']!.replaceAll(',', '')),
    );
    expect(lines.map((l) => l.FPAYTOTALAMOUNTFOR)).toEqual(amounts);
  });

  it('gives the same output through accessors and through jsonata on random records', async () => {
    const fast = compileMapping(SEED_001_MAPPING);
    const slow = compileMapping(SEED_001_MAPPING, { fastPaths: false });
    expect(slow.isAsync).toBe(true);
    const random = seededRandom(11);
    for (let i = 0; i < 40; i++) {
      const record = generateApprovalRecord(random, i, 1 + (i % 6));
      expect(fast(record, SEED_001_BINDINGS)).toEqual(await slow(record, SEED_001_BINDINGS));
    }
  });

  it('maps master-detail two deep with parent, parents, root and item variables', async () => {
    const mapping = {
      lines: {
        $each: 'orders',
        $as: 'order',
        $map: {
          no: '{{ $parent.id }}-{{ $index }}',
          items: {
            $each: 'items',
            $as: 'item',
            $filter: 'qty > 0',
            $map: {
              sku: '{{ sku }}',
              order: '{{ $order.code }}',
              top: '{{ $root.id }}',
              up: '{{ $parents[1].id }}',
              at: '{{ $index }}',
            },
          },
        },
      },
    };
    const root = {
      id: 'R',
      orders: [
        {
          code: 'O1',
          items: [
            { sku: 'a', qty: 1 },
            { sku: 'b', qty: 0 },
            { sku: 'c', qty: 2 },
          ],
        },
      ],
    };
    const expected = {
      lines: [
        {
          no: 'R-0',
          items: [
            { sku: 'a', order: 'O1', top: 'R', up: 'R', at: 0 },
            { sku: 'c', order: 'O1', top: 'R', up: 'R', at: 2 },
          ],
        },
      ],
    };
    expect(await compileMapping(mapping)(root)).toEqual(expected);
    expect(await compileMapping(mapping, { fastPaths: false })(root)).toEqual(expected);
  });

  it('splits a bill past n lines into several bills with the chunk index bound', async () => {
    const mapping = {
      $chunk: { field: 'lines', size: 2 },
      no: "{{ id & ($chunkCount > 1 ? '-' & ($chunkIndex + 1) : '') }}",
      lines: { $each: 'rows', $map: { v: '{{ v }}' } },
    };
    const rows = [1, 2, 3, 4, 5].map((v) => ({ v }));
    const bills = await compileMapping(mapping)({ id: 'B', rows });
    expect(bills).toEqual([
      { no: 'B-1', lines: [{ v: 1 }, { v: 2 }] },
      { no: 'B-2', lines: [{ v: 3 }, { v: 4 }] },
      { no: 'B-3', lines: [{ v: 5 }] },
    ]);
    expect(await compileMapping(mapping)({ id: 'C', rows: [] })).toEqual([{ no: 'C', lines: [] }]);
    expect(compileMapping({ g: { $each: 'rows', $chunk: 2 } })({ rows: [1, 2, 3] })).toEqual({
      g: [[1, 2], [3]],
    });
  });

  it('names the failing field, source value and expression', async () => {
    const record = generateApprovalRecord(seededRandom(5), 1, 4);
    (record.报销明细 as Record<string, JsonValue>[])[2]!['报销金额(元)'] = '十二元';
    const { F_QIAO_Total: _total, ...withoutTotal } = SEED_001_MAPPING;
    for (const fastPaths of [true, false]) {
      const mapping = compileMapping(withoutTotal, { flowId: 'dingtalk-to-k3', stepId: 'map', fastPaths });
      const error = await mappingFailure(() => mapping(record, SEED_001_BINDINGS));
      expect(error.code).toBe('MAPPING_FAILED');
      expect(error.details).toMatchObject({
        flow: 'dingtalk-to-k3',
        step: 'map',
        field: 'FPAYBILLENTRY[2].FPAYTOTALAMOUNTFOR',
        sourceValue: '十二元',
        expression: '$decimal(`报销金额(元)`, 2)',
      });
    }
  });

  it('throws compile errors with the field path', () => {
    const bad = { head: { lines: { $each: 'rows', $map: { amount: '{{ $decimal(x, }}' } } } };
    expect(() => compileMapping(bad, { flowId: 'f' })).toThrow(
      expect.objectContaining({
        code: 'EXPRESSION_SYNTAX',
        details: expect.objectContaining({ field: 'head.lines[].amount', flow: 'f' }),
      }),
    );
    expect(() => compileMapping({ a: { $bogus: 1 } })).toThrow(
      expect.objectContaining({ code: 'DEFINITION_INVALID' }),
    );
  });

  it('keeps literals, escapes $$ keys, omits absent fields and caches by identity', () => {
    const spec = {
      $$type: 'x',
      n: 1,
      on: true,
      nil: null,
      gone: '{{ missing }}',
      arr: ['{{ a }}', 'b'],
      raw: { $expr: 'a' },
    };
    const mapping = compileMapping(spec);
    expect(mapping({ a: 7 })).toEqual({ $type: 'x', n: 1, on: true, nil: null, arr: [7, 'b'], raw: 7 });
    expect(compileMapping(spec)).toBe(mapping);
    expect(compileMapping(spec, { fastPaths: false })).not.toBe(mapping);
    expect(compileMapping({ ...spec }, { cacheKey: 'flow@1' })).toBe(
      compileMapping({}, { cacheKey: 'flow@1' }),
    );
  });
});
