import { describe, expect, it } from 'vitest';
import { textOf } from '../api/types.ts';
import { inLanguage } from './bilingual.ts';

describe('server messages in one language', () => {
  it('takes the half of a 中文 / English message in the console language', () => {
    const text = '用户名或密码错误 / wrong username or password';
    expect(inLanguage(text, 'zh')).toBe('用户名或密码错误');
    expect(inLanguage(text, 'en')).toBe('wrong username or password');
  });

  it('leaves a message whole when a cut could be wrong', () => {
    for (const text of [
      '凭证字号重复',
      'plain english',
      '获取令牌失败 / credential fetch failed: 钉钉没有返回 access_token / no access token',
      '环境变量未设置 / the field 摘要 is required',
      'a / b',
    ])
      expect(inLanguage(text, 'en')).toBe(text);
  });

  it("shows a built-in operation's name in the console language", () => {
    expect(textOf('获取审批实例详情 / Get an approval instance', 'en')).toBe('Get an approval instance');
    expect(textOf('获取审批实例详情 / Get an approval instance', 'zh')).toBe('获取审批实例详情');
    expect(textOf({ zh: '钉钉', en: 'DingTalk' }, 'en')).toBe('DingTalk');
  });
});
