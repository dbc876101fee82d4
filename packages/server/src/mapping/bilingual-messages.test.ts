import { describe, expect, it } from 'vitest';
import { messageIn, QiaoError } from '../errors/index.ts';
import type { JsonValue } from '../json.ts';
import { compileMapping } from './compile-mapping.ts';
import { FieldFailure, toMappingError } from './field-failure.ts';

const CJK = /[\u3400-\u9fff]/;

/** A `中文 / English` message that cuts in two: Chinese in the Chinese half, none in the English one. */
function expectBilingual(message: string): void {
  expect(messageIn(message, 'en'), message).not.toMatch(CJK);
  expect(messageIn(message, 'zh'), message).toMatch(CJK);
}

function compileError(mapping: JsonValue): QiaoError {
  try {
    compileMapping(mapping);
  } catch (error) {
    if (error instanceof QiaoError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(mapping)} to fail`);
}

describe('mapping messages in both languages', () => {
  it.each<[string, JsonValue]>([
    ['an unknown directive', { a: { $bogus: 1 } }],
    ['an unknown $each key', { a: { $each: 'rows', $what: 1 } }],
    ['$each not a string', { a: { $each: 1 } }],
    ['$as not a variable name', { a: { $each: 'rows', $as: '1x' } }],
    ['$filter not a string', { a: { $each: 'rows', $filter: 2 } }],
    ['$expr with company', { a: { $expr: 'x', b: 1 } }],
    ['$chunk not an object', { a: { $chunk: 3, b: 'x' } }],
    ['$chunk naming no field', { a: { $chunk: { field: 'lines', size: 2 }, b: 'x' } }],
    ['$chunk size not positive', { a: { $chunk: { field: 'b', size: 0 }, b: 'x' } }],
    ['$each $chunk not positive', { a: { $each: 'rows', $chunk: -1 } }],
  ])('says %s in both languages, naming the field', (_name, mapping) => {
    const error = compileError(mapping);
    expect(error.code).toBe('DEFINITION_INVALID');
    expectBilingual(error.message);
    expect(messageIn(error.message, 'zh')).toMatch(/^字段 a：/);
    expect(messageIn(error.message, 'en')).toMatch(/^field a: /);
  });

  it('quotes a bilingual cause by half in MAPPING_FAILED', () => {
    const cause = new QiaoError('EXPRESSION_EVALUATION', '值映射中没有 "x" / no mapping for the value "x"');
    const failure = new FieldFailure(cause, '$valueMap(kind, {})');
    failure.segments.push('lines', '[2]', 'kind');
    const error = toMappingError(failure, { flowId: 'f' });
    expect(error.code).toBe('MAPPING_FAILED');
    expect(error.message).toBe(
      '字段 lines[2].kind 映射失败：值映射中没有 "x" / field lines[2].kind failed to map: no mapping for the value "x"',
    );
    expectBilingual(error.message);
  });

  it('quotes a system or library text as is in both halves', () => {
    const failure = new FieldFailure(new QiaoError('EXPRESSION_EVALUATION', 'not a number'), '$number(x)');
    const error = toMappingError(failure, {});
    expect(error.message).toBe('字段 (根) 映射失败：not a number / field (root) failed to map: not a number');
    expectBilingual(error.message);
  });
});
