import { describe, expect, it } from 'vitest';
import { type FormDefinition, formSchema } from '../definitions/index.ts';
import { applyFormDefaults, validateFormRecord } from './validate-form-record.ts';

const form: FormDefinition = formSchema.parse({
  schemaVersion: 1,
  kind: 'form',
  id: 'expense',
  name: '报销单',
  fields: [
    { id: 'title', label: '标题', type: 'text', required: true },
    { id: 'amount', label: '金额', type: 'decimal', required: true },
    { id: 'count', label: '张数', type: 'number' },
    { id: 'day', label: '日期', type: 'date' },
    { id: 'at', label: '时间', type: 'datetime' },
    { id: 'urgent', label: '加急', type: 'boolean', default: false },
    {
      id: 'kind',
      label: '类型',
      type: 'select',
      options: [
        { value: 'travel', label: '差旅' },
        { value: 'meal', label: '餐费' },
      ],
    },
  ],
  details: [
    {
      id: 'lines',
      label: '明细',
      minRows: 1,
      fields: [
        { id: 'item', label: '项目', type: 'text', required: true },
        { id: 'price', label: '单价', type: 'decimal' },
      ],
    },
  ],
});

const valid = {
  title: '出差',
  amount: '123.45',
  count: 2,
  day: '2024-05-01',
  at: '2024-05-01T08:00:00+08:00',
  urgent: true,
  kind: 'travel',
  lines: [{ item: '机票', price: 800 }],
};

describe('form record validation', () => {
  it('accepts a complete record', () => {
    expect(validateFormRecord(form, valid)).toEqual([]);
  });
  it('reports missing required fields, empty strings included', () => {
    const problems = validateFormRecord(form, { ...valid, title: '', amount: null });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['title', 'required'],
      ['amount', 'required'],
    ]);
  });
  it('reports wrong types per field type', () => {
    const problems = validateFormRecord(form, {
      ...valid,
      title: 1,
      amount: '12,5',
      count: '2',
      day: '2024/05/01',
      at: 'soon',
      urgent: 'yes',
      kind: 'car',
    });
    expect(problems.map((p) => `${p.path}:${p.code}`)).toEqual([
      'title:type',
      'amount:type',
      'count:type',
      'day:type',
      'at:type',
      'urgent:type',
      'kind:option',
    ]);
  });
  it('checks detail rows and their minimum count', () => {
    expect(validateFormRecord(form, { ...valid, lines: [] }).map((p) => p.code)).toEqual(['min_rows']);
    expect(validateFormRecord(form, { ...valid, lines: 'x' }).map((p) => p.code)).toEqual(['type']);
    const rows = validateFormRecord(form, { ...valid, lines: [{ item: 'a' }, { price: 'x' }, 3] });
    expect(rows.map((p) => `${p.path}:${p.code}`)).toEqual([
      'lines[1].item:required',
      'lines[1].price:type',
      'lines[2]:type',
    ]);
  });
  it('reports unknown fields in the header and in rows', () => {
    const problems = validateFormRecord(form, { ...valid, colour: 'red', lines: [{ item: 'a', foo: 1 }] });
    expect(problems.map((p) => p.path)).toEqual(['colour', 'lines[0].foo']);
  });
  it('rejects data that is not an object', () => {
    expect(validateFormRecord(form, [1])[0]?.code).toBe('type');
  });
  it('fills absent fields with their defaults', () => {
    const filled = applyFormDefaults(form, { title: 'x', lines: [{ item: 'a' }] });
    expect(filled.urgent).toBe(false);
    expect(applyFormDefaults(form, { urgent: true }).urgent).toBe(true);
  });
});
