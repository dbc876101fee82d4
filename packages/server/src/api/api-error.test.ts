import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { messageIn } from '../errors/index.ts';
import { invalidInputMessage } from './api-error.ts';

const CJK = /[\u3400-\u9fff]/;

function firstIssue(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a failure');
  return result.error.issues[0];
}

describe('invalidInputMessage', () => {
  it('names the parameter in both languages, with zod’s English and its Chinese', () => {
    const query = z.object({
      from: z.coerce.number().int(),
      limit: z.coerce.number().int().min(1).optional(),
    });
    const missing = invalidInputMessage('query', firstIssue(query, {}), {});
    expect(missing).toBe(
      '参数 from 无效：缺少值，应为数字 / Invalid parameter from: missing: expected a number',
    );
    const small = invalidInputMessage('query', firstIssue(query, { from: '1', limit: '0' }));
    expect(messageIn(small, 'zh')).toBe('参数 limit 无效：不能小于 1');
    expect(messageIn(small, 'en')).toBe('Invalid parameter limit: Too small: expected number to be >=1');
  });

  it('says that the text of a query parameter is not a number, not that it is NaN', () => {
    const query = z.object({ limit: z.coerce.number().int().optional() });
    const given = { limit: 'abc' };
    expect(invalidInputMessage('query', firstIssue(query, given), given)).toBe(
      '参数 limit 无效："abc" 不是数字 / Invalid parameter limit: "abc" is not a number',
    );
    const half = { limit: '1.5' };
    expect(invalidInputMessage('query', firstIssue(query, half), half)).toBe(
      '参数 limit 无效："1.5" 不是整数 / Invalid parameter limit: "1.5" is not an integer',
    );
    // Without what the request held, zod's NaN still reads as "not a number".
    expect(invalidInputMessage('query', firstIssue(query, given))).toBe(
      '参数 limit 无效：不是数字 / Invalid parameter limit: not a number',
    );
  });

  it('tells a value of the wrong type from a missing one', () => {
    const body = z.object({ keys: z.array(z.string()).optional(), n: z.number().optional() });
    const keys = { keys: 'abc' };
    expect(invalidInputMessage('json', firstIssue(body, keys), keys)).toBe(
      '请求体字段 keys 无效：应为数组，实际为字符串 "abc" / Invalid request body field keys: expected an array, got the string "abc"',
    );
    for (const [value, zh, en] of [
      [{ n: '5' }, '应为数字，实际为字符串 "5"', 'expected a number, got the string "5"'],
      [{ n: null }, '应为数字，实际为 null', 'expected a number, got null'],
      [{ n: [1] }, '应为数字，实际为数组', 'expected a number, got an array'],
      [{ keys: [1] }, '应为字符串，实际为数字 1', 'expected a string, got the number 1'],
    ] as const) {
      const message = invalidInputMessage('json', firstIssue(body, value), value);
      expect(messageIn(message, 'zh'), message).toMatch(new RegExp(`无效：${zh.replace(/[[\]]/g, '\\$&')}$`));
      expect(messageIn(message, 'en'), message).toMatch(new RegExp(`: ${en.replace(/[[\]]/g, '\\$&')}$`));
    }
    // Without what the request held, zod's "received undefined" still says missing.
    const required = z.object({ keys: z.array(z.string()) });
    expect(messageIn(invalidInputMessage('json', firstIssue(required, {})), 'en')).toBe(
      'Invalid request body field keys: missing: expected an array',
    );
  });

  it('says what a body field or the whole body lacks', () => {
    const body = z.object({ data: z.record(z.string(), z.unknown()), kind: z.enum(['a', 'b']).optional() });
    expect(messageIn(invalidInputMessage('json', firstIssue(body, {})), 'zh')).toBe(
      '请求体字段 data 无效：缺少值，应为对象',
    );
    const kind = invalidInputMessage('json', firstIssue(body, { data: {}, kind: 'c' }));
    expect(messageIn(kind, 'zh')).toBe('请求体字段 kind 无效：应为以下之一："a"、"b"');
    expect(messageIn(kind, 'en')).toBe(
      'Invalid request body field kind: Invalid option: expected one of "a"|"b"',
    );
    expect(invalidInputMessage('json', undefined)).toBe('请求体无效 / Invalid request body');
  });

  it('quotes a schema’s own bilingual message by half', () => {
    const body = z.object({ a: z.string().optional() }).refine((v) => v.a !== undefined, {
      message: '需要 a / a is required',
    });
    expect(invalidInputMessage('json', firstIssue(body, {}))).toBe(
      '请求体无效：需要 a / Invalid request body: a is required',
    );
  });

  it('cuts in two for every kind of issue', () => {
    const schema = z.object({
      s: z.string().min(2).max(3).regex(/^x/).optional(),
      n: z.number().multipleOf(5).optional(),
      k: z.strictObject({}).optional(),
      u: z.union([z.string(), z.number()]).optional(),
    });
    for (const value of [{ s: 'a' }, { s: 'abcd' }, { s: 'ab' }, { n: 3 }, { k: { q: 1 } }, { u: true }]) {
      const message = invalidInputMessage('json', firstIssue(schema, value));
      expect(messageIn(message, 'en'), message).not.toMatch(CJK);
      expect(messageIn(message, 'zh'), message).toMatch(CJK);
    }
  });
});
