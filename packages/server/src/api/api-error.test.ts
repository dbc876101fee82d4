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
    const missing = invalidInputMessage('query', firstIssue(query, {}));
    expect(missing).toBe(
      '参数 from 无效：应为数字，实际为 NaN / Invalid parameter from: Invalid input: expected number, received NaN',
    );
    const small = invalidInputMessage('query', firstIssue(query, { from: '1', limit: '0' }));
    expect(messageIn(small, 'zh')).toBe('参数 limit 无效：不能小于 1');
    expect(messageIn(small, 'en')).toBe('Invalid parameter limit: Too small: expected number to be >=1');
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
