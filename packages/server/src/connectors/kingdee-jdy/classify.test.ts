import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../json.ts';
import type { HttpResponse } from '../kit/index.ts';
import { classifyJdyError, isDuplicateMessage } from './classify.ts';
import { isRejectedToken } from './envelope.ts';

function classify(
  body: JsonValue,
  status = 200,
  operationId = 'saveVoucher',
  url = 'https://api.kingdee.com/jdyaccouting/voucher',
) {
  const response: HttpResponse = { status, headers: {}, setCookies: [], body };
  return classifyJdyError({
    operationId,
    request: { method: 'POST', url, headers: {} },
    response,
    write: true,
  });
}

describe('kingdee-jdy error classification', () => {
  it('lets successes and plain data through', () => {
    expect(classify({ code: 0, msg: '', list: [] })).toBeUndefined();
    expect(classify({ errcode: 0, description: '成功', data: {} })).toBeUndefined();
    expect(classify([{ any: 'array' }])).toBeUndefined();
  });

  it('treats 46002 as no data for queries only', () => {
    expect(classify({ code: 46002, msg: '没有查询到数据' }, 200, 'listVouchers')).toBeUndefined();
    expect(classify({ code: 46002, msg: '没有查询到数据' })?.code).toBe('CONNECTOR_REJECTED');
  });

  it('maps gateway statuses: signature → auth-failed, not found → config error, 429 → wait, 5xx → retry', () => {
    const sig = classify({ errcode: 519, description: '网关签名校验失败: X-Api-Signature 不匹配' }, 519);
    expect([sig?.code, sig?.retryable]).toEqual(['CONNECTOR_AUTH_FAILED', false]);
    expect(classify({ errcode: 519, description: 'API Not Found' }, 519)?.code).toBe('CONNECTOR_REJECTED');
    expect(classify({ errcode: 519, description: 'gateway busy' }, 519)?.code).toBe('CONNECTOR_UNAVAILABLE');
    expect(classify({ errcode: 404, description: 'No Route' }, 404)?.code).toBe('CONNECTOR_REJECTED');
    const limited = classify({ errcode: 429, description: '请求过于频繁' }, 429);
    expect([limited?.code, limited?.retryAfterMs]).toEqual(['CONNECTOR_RATE_LIMITED', 5000]);
    expect(classify('<html>502 Bad Gateway</html>', 502)?.code).toBe('CONNECTOR_UNAVAILABLE');
  });

  it('keeps the system code and message of business errors', () => {
    const error = classify({ code: 42022, msg: '账套不存在或无权访问：dbId=1' });
    expect(error?.code).toBe('CONNECTOR_REJECTED');
    expect(error?.system).toEqual({ code: 42022, msg: '账套不存在或无权访问：dbId=1' });
    expect(error?.message).toBe(
      '金蝶精斗云：账套不存在或无权访问：dbId=1 / Kingdee JDY: 账套不存在或无权访问：dbId=1',
    );
    expect(classify({ code: 46004, msg: '批量保存最多200条记录' })?.code).toBe('CONNECTOR_REJECTED');
    expect(classify({ code: 48001, msg: '未知错误' })?.code).toBe('CONNECTOR_UNAVAILABLE');
  });

  it('marks token errors as auth-expired and remembers the rejected token', () => {
    const url = 'https://api.kingdee.com/jdyaccouting/voucher?access_token=deadbeefdeadbeefdeadbeefdeadbeef';
    expect(classify({ code: 4010, msg: 'access_token已过期' }, 200, 'saveVoucher', url)?.code).toBe(
      'CONNECTOR_AUTH_EXPIRED',
    );
    expect(isRejectedToken('deadbeefdeadbeefdeadbeefdeadbeef')).toBe(true);
    expect(classify({ errcode: 1030002006, description: '授权密钥校验失败' })?.code).toBe(
      'CONNECTOR_AUTH_EXPIRED',
    );
    expect(classify({ errcode: 1030002001, description: 'app-token无效' })?.code).toBe(
      'CONNECTOR_AUTH_EXPIRED',
    );
  });

  it('classifies token-call answers: limit → wait, other refusals → auth-failed', () => {
    const limited = classify({ errcode: 1030002011, description: '获取token过于频繁' }, 200, 'auth');
    expect([limited?.code, limited?.retryAfterMs]).toEqual(['CONNECTOR_RATE_LIMITED', 30_000]);
    expect(classify({ errcode: 1030002002, description: 'app_key不存在' }, 200, 'auth')?.code).toBe(
      'CONNECTOR_AUTH_FAILED',
    );
  });

  it('recognises duplicate linkId messages', () => {
    expect(isDuplicateMessage('linkId[A-1]已存在（凭证 记-12，vchId 100061），不能重复保存')).toBe(true);
    expect(isDuplicateMessage('借贷不平衡：借方合计100.00，贷方合计90.00')).toBe(false);
    expect(classify({ code: 46001, msg: 'linkId[A-1]已存在' })?.code).toBe('CONNECTOR_DUPLICATE');
  });
});
