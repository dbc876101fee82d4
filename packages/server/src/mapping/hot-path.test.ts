import { describe, expect, it } from 'vitest';
import { compileMapping } from './compile-mapping.ts';

describe.each([{ codegen: true }, { codegen: false }])('compiled mapping hot path (%o)', (options) => {
  it('evaluates a repeated expression once per object but never shares an object result', () => {
    const mapping = {
      a: '{{ $decimal(x, 2) }}',
      b: '{{ $decimal(x, 2) }}',
      c: '{{ $fnumber(code) }}',
      d: '{{ $fnumber(code) }}',
      e: 'n={{ $decimal(x, 2) }}',
    };
    const out = compileMapping(mapping, options)({ x: '1,234.5', code: 'C1' }) as Record<string, unknown>;
    expect(out).toEqual({ a: 1234.5, b: 1234.5, c: { FNumber: 'C1' }, d: { FNumber: 'C1' }, e: 'n=1234.5' });
    expect(out.c).not.toBe(out.d);
    const next = compileMapping(mapping, options)({ x: '7', code: 'C2' }) as Record<string, unknown>;
    expect(next).toMatchObject({ a: 7, b: 7, d: { FNumber: 'C2' } });
  });

  it('gives every item its own scope values and $parents array', () => {
    const mapping = {
      lines: {
        $each: 'items',
        $as: 'item',
        $map: { i: '{{ $index }}', v: '{{ $item.v }}', p: '{{ $parents }}', top: '{{ $root.name }}' },
      },
    };
    const root = { name: 'R', items: [{ v: 1 }, { v: 2 }, { v: 3 }] };
    const out = compileMapping(mapping, options)(root) as { lines: { i: number; v: number; p: unknown[] }[] };
    expect(out.lines.map((l) => [l.i, l.v])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    expect(out.lines[0]?.p).toEqual([root]);
    expect(out.lines[0]?.p).not.toBe(out.lines[1]?.p);
    expect(out.lines.every((l) => (l as unknown as { top: string }).top === 'R')).toBe(true);
  });

  it('keeps caller bindings and does not add root to them', () => {
    const bindings = { k: 'K' };
    const out = compileMapping({ a: '{{ $k }}', b: '{{ $root.x }}' }, options)({ x: 1 }, bindings);
    expect(out).toEqual({ a: 'K', b: 1 });
    expect(bindings).toEqual({ k: 'K' });
  });
});
