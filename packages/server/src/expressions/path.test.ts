import { describe, expect, it } from 'vitest';
import { seededRandom } from '../mapping/fixtures/seed-001-mapping.ts';
import { compileExpression } from './expression.ts';

type Json = null | number | string | Json[] | { [k: string]: Json };

function randomValue(random: () => number, depth: number): Json {
  const roll = random();
  if (depth === 0 || roll < 0.3)
    return roll < 0.1 ? null : roll < 0.2 ? Math.floor(random() * 100) : `s${Math.floor(random() * 9)}`;
  if (roll < 0.6)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  const obj: Record<string, Json> = {};
  for (const key of ['a', 'b', '报销金额(元)']) if (random() < 0.7) obj[key] = randomValue(random, depth - 1);
  return obj;
}

const PATHS = [
  'a',
  'a.b',
  'a.b.a',
  'b.a.b',
  '`报销金额(元)`',
  'a.`报销金额(元)`',
  '$.a',
  '$v.a',
  '$v',
  '$$.b',
];

describe('direct paths', () => {
  it('match jsonata path semantics on random nested data', async () => {
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const root = randomValue(random, 4);
      const bindings = { v: randomValue(random, 3) };
      for (const text of PATHS) {
        const direct = compileExpression(text);
        expect(direct.direct, text).toBeTypeOf('function');
        const expected = await compileExpression(text, { direct: false }).evaluate(root, bindings);
        expect(await direct.evaluate(root, bindings), `${text} on ${JSON.stringify(root)}`).toEqual(expected);
      }
    }
  });
  it('leave predicates, operators and unknown functions to jsonata', () => {
    for (const text of ['a[0]', 'a[]', '$string(a)', 'a.(b)', '$v.a.$w']) {
      expect(compileExpression(text).direct, text).toBeUndefined();
    }
  });
});
