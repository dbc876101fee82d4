import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { compileExpression } from './expression.ts';

async function failure(promise: Promise<unknown>): Promise<QiaoError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QiaoError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('compileExpression', () => {
  it('evaluates jsonata with the field helpers registered', async () => {
    const e = compileExpression('$sum(lines.($decimal(amount))) & "|" & $fnumber(code).FNumber');
    expect(e.direct).toBeUndefined();
    expect(await e.evaluate({ lines: [{ amount: '1,000.5' }, { amount: '2' }], code: 'X1' })).toBe(
      '1002.5|X1',
    );
  });
  it('evaluates plain paths and helper calls without jsonata, with the same result', async () => {
    const text = "$fnumber($lookup('emp', a.b))";
    const direct = compileExpression(text);
    const engine = compileExpression(text, { direct: false });
    expect(direct.direct).toBeTypeOf('function');
    const input = { a: { b: 'u1' } };
    const bindings = { tables: { emp: { u1: 'E1' } } };
    expect(await direct.evaluate(input, bindings)).toEqual({ FNumber: 'E1' });
    expect(await engine.evaluate(input, bindings)).toEqual({ FNumber: 'E1' });
  });
  it('reports a syntax error with its position', () => {
    let caught: unknown;
    try {
      compileExpression('a + ', { where: 'flow f step s' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QiaoError);
    const error = caught as QiaoError;
    expect(error.code).toBe('EXPRESSION_SYNTAX');
    expect(error.details).toMatchObject({ expression: 'a + ', where: 'flow f step s', position: 4 });
  });
  it('reports runtime errors as evaluation errors', async () => {
    const error = await failure(compileExpression('$number(a) + "x"').evaluate({ a: 1 }));
    expect(error.code).toBe('EXPRESSION_EVALUATION');
    const helper = await failure(compileExpression('$decimal(a)', { direct: false }).evaluate({ a: 'abc' }));
    expect(helper.code).toBe('EXPRESSION_EVALUATION');
    expect(helper.details).toMatchObject({ value: 'abc', expression: '$decimal(a)' });
  });
  it('stops a loop that runs past the time limit', async () => {
    const started = Date.now();
    const loop = compileExpression('($f := function($n){ $n < 1e12 ? $f($n + 1) : $n }; $f(0))', {
      limits: { timeoutMs: 50 },
    });
    const error = await failure(loop.evaluate({}));
    expect(error.code).toBe('EXPRESSION_LIMIT');
    expect(error.message).toMatch(/超时/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
  it('stops unbounded recursion at the depth limit', async () => {
    const error = await failure(
      compileExpression('($f := function($n){ 1 + $f($n + 1) }; $f(0))').evaluate({}),
    );
    expect(error.code).toBe('EXPRESSION_LIMIT');
    expect(error.message).toMatch(/递归/);
  });
  it('stops strings and arrays that grow past the size limit', async () => {
    const doubling = compileExpression('$reduce([1..40], function($acc, $v){ $acc & $acc }, "ab")');
    expect((await failure(doubling.evaluate({}))).code).toBe('EXPRESSION_LIMIT');
    const range = compileExpression('[1..5000]', { limits: { maxSize: 1000 } });
    expect((await failure(range.evaluate({}))).code).toBe('EXPRESSION_LIMIT');
    const small = compileExpression('[1..50]', { limits: { maxSize: 1000 } });
    expect(await small.evaluate({})).toHaveLength(50);
  });
  it('returns plain json for sequences and undefined for no match', async () => {
    const result = await compileExpression('items.x', { direct: false }).evaluate({
      items: [{ x: 1 }, { x: 2 }],
    });
    expect(result).toEqual([1, 2]);
    expect(Object.getOwnPropertyNames(result)).toEqual(['0', '1', 'length']);
    expect(await compileExpression('missing').evaluate({})).toBeUndefined();
  });
  it('has no access to the process or modules', async () => {
    const probe = compileExpression('$exists($process) or $exists($require) or $exists($globalThis)');
    expect(await probe.evaluate({})).toBe(false);
  });
});
