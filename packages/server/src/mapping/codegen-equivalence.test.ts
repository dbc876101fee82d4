import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { generateMapping } from './codegen.ts';
import { type CompiledMapping, compileMapping } from './compile-mapping.ts';
import { compileValue } from './compile-value.ts';
import { RANDOM_BINDINGS, randomMapping, randomRecord } from './fixtures/random-mapping.ts';
import {
  generateApprovalRecord,
  SEED_001_BINDINGS,
  SEED_001_MAPPING,
  seededRandom,
} from './fixtures/seed-001-mapping.ts';

/** The value (with its JSON text, so key order counts) or the error's code, message and details. */
async function outcome(mapping: CompiledMapping, root: unknown, bindings: object): Promise<unknown> {
  try {
    const value = await mapping(root, bindings as Record<string, unknown>);
    return {
      value,
      json: JSON.stringify(value),
      proto: value === null ? null : Object.getPrototypeOf(value),
    };
  } catch (error) {
    if (!(error instanceof QiaoError)) throw error;
    return { code: error.code, message: error.message, details: error.details };
  }
}

function both(spec: JsonValue): [CompiledMapping, CompiledMapping] {
  const generated = compileMapping(spec, { codegen: true, flowId: 'f', stepId: 's' });
  const interpreted = compileMapping(spec, { codegen: false, flowId: 'f', stepId: 's' });
  expect(generated.codegen).toBe(true);
  expect(interpreted.codegen).toBe(false);
  expect(generated.isAsync).toBe(interpreted.isAsync);
  return [generated, interpreted];
}

/**
 * The raw generated function (no fallback to the interpreted run) against the node tree: both must
 * return the same value, or both throw. Returns whether they threw.
 */
async function rawAgree(spec: JsonValue, root: unknown, bindings: object): Promise<boolean> {
  const node = compileValue(spec, { fastPaths: true, limits: undefined });
  const generated = generateMapping(node).run;
  const settle = async (run: () => unknown) => {
    try {
      return { value: await run() };
    } catch {
      return { threw: true };
    }
  };
  const a = await settle(() => generated(root, { ...bindings, root }));
  const b = await settle(() => node.run(root, { ...bindings, root }));
  expect(a, JSON.stringify({ spec, root })).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  return 'threw' in a;
}

describe('generated mapping code against the interpreted reference', () => {
  it('maps seed-001 records identically, synchronously', () => {
    const [generated, interpreted] = both(SEED_001_MAPPING);
    expect(generated.isAsync).toBe(false);
    const random = seededRandom(101);
    for (let i = 0; i < 200; i++) {
      const record = generateApprovalRecord(random, i, i % 8);
      const out = generated(record, SEED_001_BINDINGS);
      expect(out).not.toBeInstanceOf(Promise);
      const reference = interpreted(record, SEED_001_BINDINGS);
      expect(out).toStrictEqual(reference);
      expect(JSON.stringify(out)).toBe(JSON.stringify(reference));
    }
  });

  it('maps seed-001 records with broken fields identically (values and errors)', async () => {
    const [generated, interpreted] = both(SEED_001_MAPPING);
    const random = seededRandom(102);
    const breakers: ((r: Record<string, JsonValue>) => void)[] = [
      (r) => ((r.报销明细 as Record<string, JsonValue>[])[0]!['报销金额(元)'] = '十二元'),
      (r) => ((r.extend as Record<string, JsonValue>).finish_time = 'soon'),
      (r) => ((r.extend as Record<string, JsonValue>).originator_userid = { id: 1 }),
      (r) => (r.报销明细 = { 费用发生日期: '2024-02-30', '报销金额(元)': 5 }),
      (r) => (r.extend = [{ business_id: 'x' }, { business_id: 'y' }]),
      (r) => delete r.报销明细,
    ];
    for (let i = 0; i < 60; i++) {
      const record = generateApprovalRecord(random, i, 1 + (i % 4)) as Record<string, JsonValue>;
      breakers[i % breakers.length]!(record);
      const a = await outcome(generated, record, SEED_001_BINDINGS);
      expect(a).toStrictEqual(await outcome(interpreted, record, SEED_001_BINDINGS));
      expect(await rawAgree(SEED_001_MAPPING, record, SEED_001_BINDINGS)).toBe('code' in (a as object));
    }
  });

  it('maps random records through random mappings identically', async () => {
    const random = seededRandom(103);
    let sync = 0;
    let failed = 0;
    for (let m = 0; m < 150; m++) {
      const spec = randomMapping(random, 4, false, m % 2 === 0);
      const [generated, interpreted] = both(spec);
      if (!generated.isAsync) sync++;
      for (let r = 0; r < 6; r++) {
        const record = randomRecord(random);
        const a = await outcome(generated, record, RANDOM_BINDINGS);
        const b = await outcome(interpreted, record, RANDOM_BINDINGS);
        expect(a, JSON.stringify({ spec, record })).toStrictEqual(b);
        const threw = await rawAgree(spec, record, RANDOM_BINDINGS);
        expect(threw).toBe('code' in (a as object));
        if (threw) failed++;
      }
    }
    // The generator must cover both kinds of mapping and both outcomes.
    console.info(`random mappings: ${sync} synchronous of 150, ${failed} failures of 900 runs`);
    expect(sync).toBeGreaterThan(50);
    expect(sync).toBeLessThan(150);
    expect(failed).toBeGreaterThan(10);
  });

  it('maps random records through random mappings as JSONata alone does (operators included)', async () => {
    const random = seededRandom(104);
    let failed = 0;
    for (let m = 0; m < 100; m++) {
      const spec = randomMapping(random, 3, false, m % 2 === 0);
      const generated = compileMapping(spec, { codegen: true, flowId: 'f', stepId: 's' });
      const engine = compileMapping(spec, { fastPaths: false, codegen: false, flowId: 'f', stepId: 's' });
      for (let r = 0; r < 4; r++) {
        const record = randomRecord(random);
        const a = await outcome(generated, record, RANDOM_BINDINGS);
        const b = await outcome(engine, record, RANDOM_BINDINGS);
        expect(a, JSON.stringify({ spec, record })).toStrictEqual(b);
        if ('code' in (a as object)) failed++;
      }
    }
    expect(failed).toBeGreaterThan(10);
  });
});
