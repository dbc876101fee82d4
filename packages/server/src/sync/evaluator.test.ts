import { describe, expect, it } from 'vitest';
import { type SyncDefinition, syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { createSyncEvaluator } from './evaluator.ts';

function syncWith(mapping: JsonValue, id = 'ev'): SyncDefinition {
  return syncSchema.parse({
    schemaVersion: 1,
    kind: 'sync',
    id,
    name: 'ev',
    source: { connection: 'src', operation: 'list', key: 'id' },
    mapping,
    target: { connection: 'erp', operation: 'save' },
  });
}

describe('sync evaluator', () => {
  const evaluator = createSyncEvaluator();

  it('evaluates plain paths and jsonata expressions', async () => {
    expect(await evaluator.expression('a.b')({ a: { b: 3 } })).toBe(3);
    expect(await evaluator.expression('a.missing')({ a: {} })).toBeUndefined();
    expect(await evaluator.expression('amount > 10')({ amount: 12 })).toBe(true);
  });

  it('keeps the type of a value that is exactly one template and interpolates the rest', async () => {
    const render = evaluator.value({ n: '{{ $number(record.a) }}', s: 'no. {{ record.id }}', k: 7 });
    expect(await render({ record: { a: '12.5', id: 'X1' } })).toEqual({ n: 12.5, s: 'no. X1', k: 7 });
  });

  it('maps a record with the record as root and $key bound', async () => {
    const map = evaluator.mapping(
      syncWith({ FBillNo: '{{ id }}', key: '{{ $key }}', same: '{{ $record.id }}' }),
    );
    expect(await map({ id: 'A1' }, 'k-1')).toEqual({ FBillNo: 'A1', key: 'k-1', same: 'A1' });
  });

  it('names the field whose mapping failed', async () => {
    const map = evaluator.mapping(syncWith({ head: { FAMOUNT: '{{ $number(a) }}' } }));
    const error = await map({ a: 'abc' }, 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QiaoError);
    expect(error).toMatchObject({ code: 'MAPPING_FAILED', details: { field: 'head.FAMOUNT', flow: 'ev' } });
  });

  it('takes a one-bill split as the record and fails a record that maps to several bills', async () => {
    const map = evaluator.mapping(
      syncWith({
        $chunk: { field: 'lines', size: 2 },
        FBillNo: '{{ id }}',
        lines: { $each: 'items', $map: { amount: '{{ $number(a) }}' } },
      }),
    );
    expect(await map({ id: 'B1', items: [{ a: '1' }, { a: '2' }] }, 'B1')).toEqual({
      FBillNo: 'B1',
      lines: [{ amount: 1 }, { amount: 2 }],
    });
    const error = await map({ id: 'B2', items: [{ a: '1' }, { a: '2' }, { a: '3' }] }, 'B2').catch((e) => e);
    expect(error).toMatchObject({ code: 'MAPPING_FAILED', details: { records: 2 } });
  });

  it('reports a syntax error when compiling', () => {
    expect(() => evaluator.expression('a +')).toThrow(QiaoError);
  });
});
