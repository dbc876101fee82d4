import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { compileTemplate } from './template.ts';

describe('templates', () => {
  it('keep the type of a value that is exactly one template', async () => {
    const input = { n: 12.5, list: [1, 2], flag: false };
    expect(await compileTemplate('{{ n }}').evaluate(input)).toBe(12.5);
    expect(await compileTemplate('{{list}}').evaluate(input)).toEqual([1, 2]);
    expect(await compileTemplate('{{ flag }}').evaluate(input)).toBe(false);
    expect(compileTemplate('{{ n }}').kind).toBe('single');
  });
  it('concatenate mixed text, absent parts as empty text', async () => {
    const t = compileTemplate('单号 {{ no }}-{{ missing }}/{{ $string(n + 1) }}');
    expect(t.kind).toBe('mixed');
    expect(t.direct).toBeUndefined();
    expect(await t.evaluate({ no: 'A1', n: 1 })).toBe('单号 A1-/2');
    const direct = compileTemplate('{{ a }}:{{ b }}');
    expect(direct.direct?.({ a: 1, b: { c: true } }, {})).toBe('1:{"c":true}');
  });
  it('keep literals and handle braces inside expressions', async () => {
    expect(compileTemplate('plain').kind).toBe('literal');
    expect(await compileTemplate('{{ {"k": {"v": a}} }}').evaluate({ a: 3 })).toEqual({ k: { v: 3 } });
  });
  it('throw a syntax error for an unclosed template or bad expression', () => {
    expect(() => compileTemplate('x {{ a')).toThrow(QiaoError);
    expect(() => compileTemplate('{{ a + }}')).toThrow(
      expect.objectContaining({ code: 'EXPRESSION_SYNTAX' }),
    );
  });
});
