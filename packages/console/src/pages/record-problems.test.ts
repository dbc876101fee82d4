import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import type { Translate } from '../i18n/i18n.tsx';
import { format } from '../i18n/i18n.tsx';
import type { FormDef } from './flow-context.ts';
import { locate, problemLine, recordProblemsOf } from './record-problems.ts';

const voucher: FormDef = {
  id: 'voucher',
  name: '凭证录入',
  fields: [
    { id: 'date', label: '凭证日期', type: 'date', required: true },
    { id: 'word', label: '凭证字', type: 'select', options: [{ value: '记', label: '记' }] },
  ],
  details: [
    {
      id: 'lines',
      label: '分录',
      minRows: 1,
      fields: [
        { id: 'exp', label: '摘要', type: 'text', required: true },
        { id: 'debit', label: '借方金额', type: 'decimal' },
      ],
    },
  ],
};

// The answer of POST /forms/voucher/records for a record with six problems (the server's shape and messages).
const rejected = new ApiError(400, {
  code: 'INPUT_INVALID',
  message: '表单数据有 6 处问题 / the record has 6 problem(s)',
  details: {
    problems: [
      { path: 'date', code: 'required', message: '凭证日期 为必填项 / "date" is required' },
      {
        path: 'word',
        code: 'option',
        message: '凭证字：不是允许的选项（记） / "word": is not one of the options',
      },
      { path: 'colour', code: 'unknown_field', message: '未知字段 colour / unknown field "colour"' },
      { path: 'lines[0].exp', code: 'required', message: '摘要 为必填项 / "exp" is required' },
      { path: 'lines[1].debit', code: 'type', message: '借方金额：应为数字 / "debit": must be a number' },
      {
        path: 'lines',
        code: 'min_rows',
        message: '明细表至少需要 1 行 / detail "lines" needs at least 1 row(s)',
      },
    ],
  },
});

const zh: Translate = (k, v) => format('zh', k, v);
const en: Translate = (k, v) => format('en', k, v);

describe('form record problems', () => {
  it('locates a path in the header, a detail table, a row and a cell', () => {
    expect(locate('date', voucher)).toEqual({ field: 'date' });
    expect(locate('lines', voucher)).toEqual({ detail: 'lines' });
    expect(locate('lines[2]', voucher)).toEqual({ detail: 'lines', row: 2 });
    expect(locate('lines[2].debit', voucher)).toEqual({ detail: 'lines', row: 2, field: 'debit' });
    expect(locate('', voucher)).toEqual({});
  });

  it('reads every problem of a rejected record', () => {
    const problems = recordProblemsOf(rejected, voucher);
    expect(problems.map((p) => p.path)).toEqual([
      'date',
      'word',
      'colour',
      'lines[0].exp',
      'lines[1].debit',
      'lines',
    ]);
    expect(recordProblemsOf(new Error('offline'), voucher)).toEqual([]);
    expect(recordProblemsOf(new ApiError(404, { code: 'NOT_FOUND', message: 'x' }), voucher)).toEqual([]);
  });

  it('names each problem by field label, detail table and row, in chinese', () => {
    expect(recordProblemsOf(rejected, voucher).map((p) => problemLine(p, voucher, zh))).toEqual([
      '凭证日期：必填',
      '凭证字：不是允许的选项',
      'colour：不是此表单的字段',
      '分录 第 1 行 · 摘要：必填',
      '分录 第 2 行 · 借方金额：应为数字',
      '分录：至少需要 1 行',
    ]);
  });

  it('and in english', () => {
    expect(recordProblemsOf(rejected, voucher).map((p) => problemLine(p, voucher, en))).toEqual([
      '凭证日期: is required',
      '凭证字: is not one of the options',
      'colour: is not a field of this form',
      '分录 row 1 · 摘要: is required',
      '分录 row 2 · 借方金额: must be a number',
      '分录: needs at least 1 row',
    ]);
  });

  it("keeps the server's message for a code the console does not word", () => {
    const odd = new ApiError(400, {
      code: 'INPUT_INVALID',
      message: 'x',
      details: { problems: [{ path: 'date', code: 'too_early', message: '太早 / too early' }] },
    });
    expect(recordProblemsOf(odd, voucher).map((p) => problemLine(p, voucher, zh))).toEqual([
      '凭证日期：太早 / too early',
    ]);
  });
});
