import { describe, expect, it } from 'vitest';
import { bilingual, messageIn, quoted } from './bilingual.ts';

describe('messageIn', () => {
  it('keeps the half of a 中文 / English message in the language asked for', () => {
    const text = '无效的时长 / invalid duration "7days"';
    expect(messageIn(text, 'zh')).toBe('无效的时长');
    expect(messageIn(text, 'en')).toBe('invalid duration "7days"');
  });

  it('leaves a message whole when a cut could be wrong', () => {
    for (const text of [
      '凭证字号重复',
      'a / b',
      '一 / one / 二',
      '环境变量 / the field 摘要 is required',
      '外：甲 / a / outer: 甲 / a',
      '值 "a / b / c',
    ])
      expect(messageIn(text, 'en')).toBe(text);
  });

  it('cuts a message that quotes a Chinese value in both halves', () => {
    const type = '类型不对：应为 object，实际是 string "表单" / Expected object, got string "表单".';
    expect(messageIn(type, 'en')).toBe('Expected object, got string "表单".');
    expect(messageIn(type, 'zh')).toBe('类型不对：应为 object，实际是 string "表单"');
    const path = '项目文件夹不存在：/home/张三/项目 / project folder not found: /home/张三/项目';
    expect(messageIn(path, 'en')).toBe('project folder not found: /home/张三/项目');
    expect(messageIn(path, 'zh')).toBe('项目文件夹不存在：/home/张三/项目');
  });

  it('does not cut inside a quoted value holding the separator', () => {
    const text =
      '类型不对：应为 list，实际是 string "表单 / 保存" / Expected list, got string "表单 / 保存".';
    expect(messageIn(text, 'en')).toBe('Expected list, got string "表单 / 保存".');
    expect(messageIn(text, 'zh')).toBe('类型不对：应为 list，实际是 string "表单 / 保存"');
    const escaped = '无效的值 "a \\" / b" / invalid value "a \\" / b"';
    expect(messageIn(escaped, 'en')).toBe('invalid value "a \\" / b"');
  });
});

describe('bilingual', () => {
  it('joins the two halves with the one separator', () => {
    const text = bilingual('找不到运行 r1', 'no run r1');
    expect(text).toBe('找不到运行 r1 / no run r1');
    expect(messageIn(text, 'zh')).toBe('找不到运行 r1');
    expect(messageIn(text, 'en')).toBe('no run r1');
  });
});

describe('quoted', () => {
  it('gives a quoted bilingual message by half, so the quoting message still cuts in two', () => {
    const inner = quoted('无效的时长 / invalid duration "7days"');
    expect(inner).toEqual({ zh: '无效的时长', en: 'invalid duration "7days"' });
    const text = bilingual(`字段 a 映射失败：${inner.zh}`, `field a failed to map: ${inner.en}`);
    expect(text.split(' / ')).toHaveLength(2);
    expect(messageIn(text, 'zh')).toBe('字段 a 映射失败：无效的时长');
    expect(messageIn(text, 'en')).toBe('field a failed to map: invalid duration "7days"');
  });

  it('quotes anything else as is in both halves', () => {
    for (const text of ['not a number', '凭证字号重复', '一 / one / 二'])
      expect(quoted(text)).toEqual({ zh: text, en: text });
  });

  it('cuts a message quoting a system text in Chinese in both halves, the text kept in each', () => {
    const said = quoted('凭证字号重复');
    const text = bilingual(`金蝶精斗云：${said.zh}`, `Kingdee JDY: ${said.en}`);
    expect(messageIn(text, 'en')).toBe('Kingdee JDY: 凭证字号重复');
    expect(messageIn(text, 'zh')).toBe('金蝶精斗云：凭证字号重复');
  });
});
