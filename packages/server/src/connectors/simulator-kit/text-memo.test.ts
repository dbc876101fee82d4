import { describe, expect, it } from 'vitest';
import { memoizeByText } from './text-memo.ts';

describe('memoizeByText', () => {
  it('computes each distinct text once, null answers included, and forgets all once full', () => {
    const seen: string[] = [];
    const read = memoizeByText((text) => {
      seen.push(text);
      return text === 'bad' ? null : text.toUpperCase();
    }, 3);
    expect([read('a'), read('bad'), read('a'), read('bad')]).toEqual(['A', null, 'A', null]);
    expect(seen).toEqual(['a', 'bad']);
    read('b');
    read('c'); // the fourth text: the three held are forgotten
    read('a');
    expect(seen).toEqual(['a', 'bad', 'b', 'c', 'a']);
  });
});
