import { describe, expect, it } from 'vitest';
import { bilingual, messageIn, quoted } from './bilingual.ts';

describe('messageIn', () => {
  it('keeps the half of a 中文 / English message in the language asked for', () => {
    const text = '无效的时长 / invalid duration "7days"';
    expect(messageIn(text, 'zh')).toBe('无效的时长');
    expect(messageIn(text, 'en')).toBe('invalid duration "7days"');
  });

  it('leaves a message whole when a cut could be wrong', () => {
    for (const text of ['凭证字号重复', 'a / b', '一 / one / 二', '环境变量 / the field 摘要 is required'])
      expect(messageIn(text, 'en')).toBe(text);
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

  it('keeps a message quoting a system text in Chinese whole rather than cut wrongly', () => {
    const said = quoted('凭证字号重复');
    const text = bilingual(`金蝶精斗云：${said.zh}`, `Kingdee JDY: ${said.en}`);
    expect(messageIn(text, 'en')).toBe(text);
  });
});
