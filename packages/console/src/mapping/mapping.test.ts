import { describe, expect, it } from 'vitest';
import { runsPerFlow } from '../pages/dashboard-stats.ts';
import { sampleOfForm, schemaFields } from '../pages/flow-context.ts';
import { allPaths, completions, fieldsOfForm, fieldsOfSample, segment } from './field-tree.ts';
import { parseConstant } from './parse-constant.ts';

const voucherForm = {
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
      fields: [
        { id: 'exp', label: '摘要', type: 'text' },
        { id: 'debit', label: '借方金额', type: 'decimal' },
      ],
    },
  ],
};

describe('source fields', () => {
  it('lists form fields and detail tables as a tree with expression paths', () => {
    const tree = fieldsOfForm(voucherForm);
    expect(allPaths(tree)).toEqual([
      'trigger.date',
      'trigger.word',
      'trigger.lines',
      '$line.exp',
      '$line.debit',
    ]);
    expect(tree[2]?.kind).toBe('array');
  });
  it('builds a tree from a fetched sample, quoting chinese labels with brackets', () => {
    const tree = fieldsOfSample(
      { access_token: 'x', '报销金额(元)': 1, 明细: [{ a: 1 }] },
      'steps.get.output',
    );
    expect(tree.map((n) => n.path)).toEqual([
      'steps.get.output.access_token',
      'steps.get.output.`报销金额(元)`',
      'steps.get.output.明细',
    ]);
    expect(tree[2]?.children[0]?.key).toBe('a');
    expect(segment('费用明细')).toBe('费用明细');
  });
  it('completes paths and helpers from the last token', () => {
    const paths = ['trigger.date', 'trigger.lines', 'steps.getToken.output.access_token'];
    expect(completions('{{ trig', paths)).toEqual(['trigger.date', 'trigger.lines']);
    expect(completions('$dec', paths)).toEqual(['$decimal(']);
  });
});

describe('mapping editor helpers', () => {
  it('builds a sample record from a form, with two rows per detail table', () => {
    expect(sampleOfForm(voucherForm)).toEqual({
      date: '2024-01-15',
      word: '记',
      lines: [
        { exp: '摘要1', debit: 100 },
        { exp: '摘要2', debit: 200 },
      ],
    });
  });
  it('keeps typed constants typed', () => {
    expect(parseConstant('120.5')).toBe(120.5);
    expect(parseConstant('true')).toBe(true);
    expect(parseConstant('0012')).toBe('0012');
    expect(parseConstant('{{ a }}')).toBe('{{ a }}');
  });
  it('reads target fields from an input schema', () => {
    expect(schemaFields({ type: 'object', properties: { access_token: {}, voucher: {} } })).toEqual([
      'access_token',
      'voucher',
    ]);
    expect(schemaFields(undefined)).toEqual([]);
  });
});

describe('dashboard', () => {
  it('counts runs per flow, busiest first', () => {
    const stats = runsPerFlow([
      { id: '1', flowId: 'a', status: 'failed' },
      { id: '2', flowId: 'b', status: 'succeeded' },
      { id: '3', flowId: 'b', status: 'succeeded' },
    ]);
    expect(stats).toEqual([
      { flowId: 'b', runs: 2, failed: 0, partial: 0, succeeded: 2 },
      { flowId: 'a', runs: 1, failed: 1, partial: 0, succeeded: 0 },
    ]);
  });
});
