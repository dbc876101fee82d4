import { describe, expect, it } from 'vitest';
import { messageIn } from './bilingual.ts';

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
