import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { seededRandom } from '../mapping/fixtures/seed-001-mapping.ts';
import { compileExpression } from './expression.ts';

/**
 * The engine-free evaluator (operators, conditions, blocks, helper calls, paths) against JSONata itself
 * on random expressions and random records: same value, or same failure (code, message, details).
 */

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const SCALARS: readonly unknown[] = [
  null,
  true,
  false,
  0,
  1,
  -2,
  2.5,
  0.1,
  1e21,
  '',
  '0',
  '1',
  '12',
  '1,234.50',
  'abc',
  'COMPLETED',
  'agree',
  '差旅费',
];

function randomValue(random: Random, depth: number): unknown {
  const roll = random();
  if (depth === 0 || roll < 0.55) return pick(random, SCALARS);
  if (roll < 0.8)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  const out: Record<string, unknown> = {};
  for (const key of ['a', 'x', 'y']) if (random() < 0.6) out[key] = randomValue(random, depth - 1);
  return out;
}

/** A record with fields sometimes missing, numbers as text, arrays of objects, nested objects. */
function randomRecord(random: Random): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ['a', 'b', 'n', 's', 'status', 'result', '报销金额(元)']) {
    if (random() < 0.8) out[key] = randomValue(random, 2);
  }
  if (random() < 0.7) {
    out.lines = Array.from({ length: Math.floor(random() * 4) }, () => ({
      x: pick(random, SCALARS),
      a: randomValue(random, 1),
    }));
  }
  return out;
}

const PATHS = [
  'a',
  'b',
  'n',
  's',
  'a.x',
  'a.a',
  'lines',
  'lines.x',
  'lines.a',
  'status',
  'result',
  '`报销金额(元)`',
  'missing',
  '$',
  '$$.b',
  '$v',
  '$v.x',
  '$i',
];
const LITERALS = ['0', '1', '2.5', '-3', '0.1', '""', '"1"', '"x"', '"COMPLETED"', 'true', 'false', 'null'];
const BINARY = ['=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&', '+', '-', '*', '/', '%', 'in'];

function randomExpression(random: Random, depth: number): string {
  const roll = random();
  if (depth === 0 || roll < 0.3) return random() < 0.6 ? pick(random, PATHS) : pick(random, LITERALS);
  const sub = () => randomExpression(random, depth - 1);
  if (roll < 0.65) {
    const text = `${sub()} ${pick(random, BINARY)} ${sub()}`;
    return random() < 0.8 ? `(${text})` : text;
  }
  if (roll < 0.75) return random() < 0.7 ? `(${sub()} ? ${sub()} : ${sub()})` : `(${sub()} ? ${sub()})`;
  if (roll < 0.8) return `-(${sub()})`;
  if (roll < 0.84) return `(${sub()}; ${sub()})`;
  if (roll < 0.88) return `$decimal(${sub()}, 2)`;
  if (roll < 0.92) return `$fnumber(${sub()})`;
  if (roll < 0.96)
    return `$valueMap(${sub()}, {"1": "one", "x": 2, "差旅费": "FYXM01"}${random() < 0.5 ? ', "d"' : ''})`;
  return `$lookup('t', ${sub()}${random() < 0.5 ? ', "z"' : ''})`;
}

type Outcome = { value: unknown } | { error: { code: string; message: string; details: unknown } };

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: await run() };
  } catch (error) {
    if (!(error instanceof QiaoError)) throw error;
    return { error: { code: error.code, message: error.message, details: error.details } };
  }
}

const BINDINGS_TABLES = { t: { '1': 'T1', x: 'TX', COMPLETED: 'TC' } };

describe('direct evaluation of operators, conditions and blocks', () => {
  it('gives what JSONata gives on random expressions and records (values and failures)', async () => {
    const random = seededRandom(2024);
    let failures = 0;
    for (let i = 0; i < 2_500; i++) {
      const text = randomExpression(random, 3);
      const direct = compileExpression(text);
      const engine = compileExpression(text, { direct: false });
      expect(direct.direct, text).toBeTypeOf('function');
      for (let k = 0; k < 4; k++) {
        const root = random() < 0.05 ? randomValue(random, 2) : randomRecord(random);
        const bindings = { v: randomValue(random, 2), i: Math.floor(random() * 3), tables: BINDINGS_TABLES };
        const expected = await outcome(() => engine.evaluate(root, bindings));
        const actual = await outcome(() => direct.evaluate(root, bindings));
        if ('error' in expected) failures++;
        expect(actual, `${text} on ${JSON.stringify(root)} with ${JSON.stringify(bindings)}`).toStrictEqual(
          expected,
        );
      }
    }
    // The inputs reach the failure paths too (type errors, unmapped values, bad amounts).
    expect(failures).toBeGreaterThan(500);
  });

  it('runs the expressions of scenario 001 without the engine', () => {
    for (const text of [
      'status = "COMPLETED" and result = "agree"',
      '$fnumber($valueMap($parent.form.`行政报销类型` ? $parent.form.`行政报销类型` : $parent.form.`项目报销类型`, {"差旅费": "FYXM01"}))',
      "id & ($chunkCount > 1 ? '-' & ($chunkIndex+1) : '')",
      '-(a) + 1',
      '(a; b)',
      'a in "x" ? 1',
    ]) {
      expect(compileExpression(text).direct, text).toBeTypeOf('function');
    }
  });

  it('leaves what it does not cover to JSONata', () => {
    for (const text of [
      'a[0]',
      '[a, b]',
      '$string(a)',
      '{"k": a}',
      '[1..3]',
      '($x := 1; $x)',
      'a ~> $f()',
      '**.a',
    ]) {
      expect(compileExpression(text).direct, text).toBeUndefined();
    }
    const nested = (n: number) => `${'('.repeat(n)}a${')'.repeat(n)} = 1`;
    expect(compileExpression(nested(30)).direct).toBeTypeOf('function');
    expect(compileExpression(nested(80)).direct, 'a tree past the plan depth').toBeUndefined();
    const chain = Array.from({ length: 80 }, () => 'a').join(' & ');
    expect(compileExpression(chain).direct, 'a left-deep chain past the plan depth').toBeUndefined();
  });

  it('keeps the size limit on concatenation', async () => {
    const big = 'x'.repeat(600);
    const limits = { maxSize: 1_000 };
    for (const direct of [true, false]) {
      const e = compileExpression('s & s', { limits, direct });
      const result = await outcome(() => e.evaluate({ s: big }));
      expect(result, `direct: ${direct}`).toMatchObject({ error: { code: 'EXPRESSION_LIMIT' } });
    }
  });

  it('turns a computed number that is not finite into null at the top only', async () => {
    const e = compileExpression('1 / n');
    expect(e.direct).toBeTypeOf('function');
    expect(await e.evaluate({ n: 0 })).toBeNull();
    expect(await compileExpression('1 / n', { direct: false }).evaluate({ n: 0 })).toBeNull();
    const inner = await outcome(() => compileExpression('(1 / n) + 1').evaluate({ n: 0 }));
    expect(inner).toMatchObject({
      error: { code: 'EXPRESSION_EVALUATION', details: { jsonataCode: 'D1001' } },
    });
  });
});
