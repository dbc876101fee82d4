import { describe, expect, it } from 'vitest';
import { QiaoError } from '../errors/index.ts';
import { extractTemplates, hasTemplate, scanTemplates, singleTemplate } from './templates.ts';

describe('extractTemplates', () => {
  it('finds each template with its offsets', () => {
    const text = 'Bill {{ business_id }} of {{ $msToDate(finish_time) }}';
    const parts = extractTemplates(text);
    expect(parts.map((p) => p.expr)).toEqual(['business_id', '$msToDate(finish_time)']);
    for (const p of parts) expect(text.slice(p.start, p.end)).toBe(`{{ ${p.expr} }}`);
  });

  it('keeps object constructors and strings holding braces inside one template', () => {
    const text = '{{ {"a": {"b": "}}"}} }}';
    expect(extractTemplates(text)).toEqual([{ expr: '{"a": {"b": "}}"}}', start: 0, end: text.length }]);
  });

  it('reads backtick names with braces', () => {
    expect(extractTemplates('{{ `金额}}(元)` }}').map((p) => p.expr)).toEqual(['`金额}}(元)`']);
  });

  it('throws expression_syntax on an unclosed template', () => {
    expect(() => extractTemplates('a {{ b')).toThrowError(QiaoError);
    expect(() => extractTemplates('a {{ b')).toThrowError(
      '模板未闭合：第 2 个字符处的 "{{" 没有对应的 "}}" / unclosed template: the "{{" at offset 2 has no matching "}}"',
    );
    expect(scanTemplates('ok {{ a }} then {{ b')).toMatchObject({
      templates: [{ expr: 'a' }],
      unterminatedAt: 16,
    });
  });

  it('returns no templates for plain text', () => {
    expect(extractTemplates('plain { text }')).toEqual([]);
    expect(hasTemplate('plain')).toBe(false);
  });
});

describe('singleTemplate', () => {
  it('returns the expression of a string that is exactly one template', () => {
    expect(singleTemplate('{{ steps.a.output }}')).toBe('steps.a.output');
    expect(singleTemplate('x{{ a }}')).toBeUndefined();
    expect(singleTemplate('{{ a }}{{ b }}')).toBeUndefined();
    expect(singleTemplate('{{ a ')).toBeUndefined();
  });
});
