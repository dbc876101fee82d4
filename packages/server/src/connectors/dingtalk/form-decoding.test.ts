import { describe, expect, it } from 'vitest';
import { decodeForm, decodeTable, legacyTimeToMs, v1TimeToMs } from './form-decoding.ts';

const table = JSON.stringify([
  {
    rowValue: [
      { label: '费用类型', key: 'DDSelectField_1ABC', value: '差旅费' },
      { label: '金额（元）', key: 'MoneyField_2DEF', value: '1200.00' },
    ],
    rowNumber: 'TableField_9RG5CUD9MPC0_1JE0B97Q7MPS0',
  },
  { rowValue: [{ label: '费用类型', key: 'DDSelectField_1ABC', value: '交通费' }] },
]);

describe('dingtalk form decoding', () => {
  it('keys values by label, parses tables into rows and JSON arrays into arrays', () => {
    const form = decodeForm([
      { name: '报销类别', value: '行政报销', component_type: 'DDSelectField' },
      { value: '说明文字', component_type: 'TextNote' },
      { name: '报销明细', value: table, component_type: 'TableField' },
      { name: '多选', value: '["选项2","选项3"]', componentType: 'DDMultiSelectField' },
      { name: '附件', value: '', component_type: 'DDAttachment' },
    ]);
    expect(form).toEqual({
      报销类别: '行政报销',
      报销明细: [{ 费用类型: '差旅费', '金额（元）': '1200.00' }, { 费用类型: '交通费' }],
      多选: ['选项2', '选项3'],
      附件: [],
    });
  });

  it('reads an empty or malformed table as no rows, and the input 2-D format by name', () => {
    expect(decodeTable('')).toEqual([]);
    expect(decodeTable('[]')).toEqual([]);
    expect(decodeTable('{not json')).toEqual([]);
    expect(decodeTable(undefined)).toEqual([]);
    expect(decodeTable('[[{"name":"列1","value":"x"},{"name":"列2","value":"y"}]]')).toEqual([
      { 列1: 'x', 列2: 'y' },
    ]);
  });

  it('reads legacy times as Beijing time and v1.0 times by the configured zone', () => {
    expect(legacyTimeToMs('2024-05-20 10:30:00')).toBe(Date.parse('2024-05-20T02:30:00Z'));
    expect(legacyTimeToMs(undefined)).toBeNull();
    expect(legacyTimeToMs('yesterday')).toBeNull();
    expect(v1TimeToMs('2023-05-09T19:23Z')).toBe(Date.parse('2023-05-09T11:23:00Z'));
    expect(v1TimeToMs('2023-05-09T19:23Z', 'utc')).toBe(Date.parse('2023-05-09T19:23:00Z'));
  });

  it('accepts exactly the legacy time shapes DingTalk sends (minutes, seconds, a T, blanks around)', () => {
    // The pattern the decoder has always accepted, read by character codes instead.
    const pattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
    const reference = (text: string) => {
      const m = pattern.exec(text.trim());
      if (!m) return null;
      const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
      return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0) - 8 * 3_600_000;
    };
    const texts = [
      '2024-05-20 10:30:00',
      '2024-05-20T10:30:00',
      '2024-05-20 10:30',
      ' 2024-05-20 10:30:59\n',
      '2024-02-30 25:61:61',
      '2024-05-20 10:30:0',
      '2024-05-20 10:30:000',
      '2024-05-20_10:30:00',
      '2024/05/20 10:30:00',
      '2024-05-20 10-30-00',
      '2024-05-20 10:3a:00',
      '２０２４-05-20 10:30:00',
      '2024-05-2010:30:00',
      '',
    ];
    for (const text of texts) expect(legacyTimeToMs(text), text).toBe(reference(text));
    expect(legacyTimeToMs(20240520 as never)).toBeNull();
  });
});
