import { describe, expect, it } from 'vitest';
import { jsonDiff } from './json-diff.ts';

describe('json diff', () => {
  it('lists changed, added and removed leaves with their paths', () => {
    const changes = jsonDiff(
      { a: 1, b: { c: [1, 2] }, gone: true },
      { a: 2, b: { c: [1, 3, 4] }, added: 'x' },
    );
    expect(changes).toEqual([
      { path: 'a', before: 1, after: 2 },
      { path: 'b.c[1]', before: 2, after: 3 },
      { path: 'b.c[2]', before: null, after: 4 },
      { path: 'gone', before: true, after: null },
      { path: 'added', before: null, after: 'x' },
    ]);
  });
  it('returns nothing for equal values', () => {
    expect(jsonDiff({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });
});
