import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../json.ts';
import { classifyDingtalkError } from './classify-error.ts';

const classify = (status: number, body: JsonValue) =>
  classifyDingtalkError({
    operationId: 'op',
    request: { method: 'POST', url: 'http://x/topapi/y', headers: {} },
    response: { status, headers: {}, setCookies: [], body },
    write: false,
  });

describe('dingtalk error classification', () => {
  it('maps each errcode family to its error class', () => {
    const cases: [number, JsonValue, string | undefined][] = [
      [200, { errcode: 0, errmsg: 'ok' }, undefined],
      [200, { errcode: 40014, errmsg: '不合法的access_token' }, 'CONNECTOR_AUTH_EXPIRED'],
      [200, { errcode: 42001, errmsg: 'access_token超时' }, 'CONNECTOR_AUTH_EXPIRED'],
      [200, { errcode: 88, sub_code: '40014', errmsg: 'x' }, 'CONNECTOR_AUTH_EXPIRED'],
      [400, { code: 'InvalidAuthentication', message: 'x' }, 'CONNECTOR_AUTH_EXPIRED'],
      [200, { errcode: 90018, errmsg: 'qps' }, 'CONNECTOR_RATE_LIMITED'],
      [200, { errcode: 90002, errmsg: 'qps' }, 'CONNECTOR_RATE_LIMITED'],
      [
        403,
        { code: 'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', message: 'x' },
        'CONNECTOR_RATE_LIMITED',
      ],
      [200, { errcode: 90020, errmsg: 'quota' }, 'CONNECTOR_QUOTA_EXCEEDED'],
      [403, { code: 'Forbidden.AccessDenied.ApiCountLimitForOrg', message: 'x' }, 'CONNECTOR_QUOTA_EXCEEDED'],
      [200, { errcode: 40096, errmsg: '不合法的appKey或appSecret' }, 'CONNECTOR_AUTH_FAILED'],
      [200, { errcode: 60011, errmsg: '无权限' }, 'CONNECTOR_AUTH_FAILED'],
      [
        403,
        { code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied', message: 'x' },
        'CONNECTOR_AUTH_FAILED',
      ],
      [200, { errcode: -1, errmsg: '系统繁忙' }, 'CONNECTOR_UNAVAILABLE'],
      [500, { code: 'ServiceUnavailable', message: 'x' }, 'CONNECTOR_UNAVAILABLE'],
      [
        200,
        { errcode: 88, sub_code: 'processInstanceNotExist', sub_msg: '审批实例不存在' },
        'CONNECTOR_REJECTED',
      ],
      [400, { code: 'invalidParameter', message: '评论内容不能超过1024个字符' }, 'CONNECTOR_REJECTED'],
      [200, { status: 1111, wait: 5, punish: 'deny' }, 'CONNECTOR_RATE_LIMITED'],
      [502, '<html>502</html>', undefined],
    ];
    expect(cases.map(([status, body]) => classify(status, body)?.code)).toEqual(cases.map((c) => c[2]));
  });

  it('keeps the system message and waits five minutes on an IP ban', () => {
    const error = classify(200, {
      errcode: 88,
      sub_code: 'processInstanceNotExist',
      sub_msg: '审批实例不存在',
    });
    expect(error?.message).toContain('审批实例不存在');
    expect(error?.system).toMatchObject({ status: 200, errcode: 88, sub_code: 'processInstanceNotExist' });
    expect(classify(200, { status: 1111, wait: 5, punish: 'deny' })?.retryAfterMs).toBe(300_000);
  });

  it('waits a second after a qps limit unless the connection configures its own back-off', () => {
    const qps = (config?: JsonObject) =>
      classifyDingtalkError({
        operationId: 'op',
        request: { method: 'POST', url: 'http://x/topapi/y', headers: {} },
        response: { status: 200, headers: {}, setCookies: [], body: { errcode: 90018, errmsg: 'qps' } },
        write: false,
        ...(config ? { config } : {}),
      })?.retryAfterMs;
    expect(qps()).toBe(1000);
    expect(qps({ baseUrl: 'http://x' })).toBe(1000);
    expect(qps({ rateLimitBackoffMs: 50 })).toBe(50);
    expect(qps({ rateLimitBackoffMs: '20' })).toBe(20);
    expect(qps({ rateLimitBackoffMs: 'soon' })).toBe(1000);
    expect(qps({ rateLimitBackoffMs: -5 })).toBe(1000);
  });
});
