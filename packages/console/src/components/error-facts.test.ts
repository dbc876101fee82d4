import { describe, expect, it } from 'vitest';
import { errorFacts, failureOf, waitOf } from './error-facts.ts';

// Shapes as the server stores them (src/errors/qiao-error.ts, the connectors' classifiers, run-state.ts).
const JDY_VOUCHER = {
  code: 'CONNECTOR_REJECTED',
  kind: 'user',
  message: '金蝶精斗云：借贷不平衡：借方合计100.00，贷方合计90.00',
  retryable: false,
  attempt: 1,
  system: {
    code: 46001,
    msg: '借贷不平衡：借方合计100.00，贷方合计90.00',
    index: 0,
    linkId: 'qiao-03fc9e88-8d55-4abd-83fd-86c6ac47b8f8',
  },
};

const DINGTALK_QPS = {
  code: 'CONNECTOR_RATE_LIMITED',
  kind: 'operational',
  message: '钉钉返回错误 90018: 当前应用调用该接口过于频繁',
  retryable: true,
  attempt: 2,
  retryAfterMs: 1000,
  system: { status: 200, errcode: 90018, errmsg: '当前应用调用该接口过于频繁', request_id: 'r-42' },
};

const K3_PACKAGE = {
  code: 'CONNECTOR_REJECTED',
  kind: 'user',
  message: '金蝶云星空：币别 PRE999 不存在；结算币别不能为空',
  retryable: false,
  system: {
    MsgCode: 11,
    Errors: [
      { FieldName: 'FCURRENCYID', Message: '币别 PRE999 不存在', DIndex: 0 },
      { FieldName: null, Message: '结算币别不能为空', DIndex: 0 },
    ],
  },
};

describe('error facts', () => {
  it('reads a refused JDY voucher: code, permanent, the system code and the voucher linkId', () => {
    const facts = errorFacts(JDY_VOUCHER, 'zh');
    expect(facts).toEqual({
      message: '金蝶精斗云：借贷不平衡：借方合计100.00，贷方合计90.00',
      code: 'CONNECTOR_REJECTED',
      failure: 'permanent',
      hint: 'permanent',
      attempt: 1,
      system: {
        codes: [{ name: 'code', value: '46001' }],
        items: [],
        refs: [{ name: 'linkId', value: 'qiao-03fc9e88-8d55-4abd-83fd-86c6ac47b8f8' }],
      },
    });
  });

  it('reads a DingTalk QPS limit: rate-limited, the wait, errcode 90018, HTTP 200 and the request id', () => {
    const facts = errorFacts(DINGTALK_QPS, 'en');
    expect(facts?.failure).toBe('rateLimited');
    expect(facts?.retryAfterMs).toBe(1000);
    expect(facts?.httpStatus).toBe(200);
    expect(facts?.system?.codes).toEqual([{ name: 'errcode', value: '90018' }]);
    expect(facts?.system?.refs).toEqual([{ name: 'request_id', value: 'r-42' }]);
    // The system's message is already in the error's message: not said twice.
    expect(facts?.system?.message).toBeUndefined();
  });

  it('lists K3Cloud per-field messages with MsgCode', () => {
    const facts = errorFacts(K3_PACKAGE, 'zh');
    expect(facts?.system?.codes).toEqual([{ name: 'MsgCode', value: '11' }]);
    expect(facts?.system?.items).toEqual([
      { field: 'FCURRENCYID', message: '币别 PRE999 不存在' },
      { message: '结算币别不能为空' },
    ]);
  });

  it('shows the half of a bilingual message in the console language', () => {
    const error = {
      code: 'CONNECTOR_UNAVAILABLE',
      kind: 'operational',
      message: '目标系统暂不可用 / HTTP 503',
      retryable: true,
      system: { status: 503, body: '<html>Service Unavailable</html>' },
    };
    expect(errorFacts(error, 'zh')?.message).toBe('目标系统暂不可用');
    const en = errorFacts(error, 'en');
    expect(en?.message).toBe('HTTP 503');
    expect(en?.failure).toBe('temporary');
    expect(en?.httpStatus).toBe(503);
    expect(en?.system?.message).toBe('<html>Service Unavailable</html>');
  });

  it('words retries exhausted by the last error and keeps its code', () => {
    const last = {
      code: 'CONNECTOR_UNAVAILABLE',
      kind: 'operational',
      message: '目标系统暂不可用 / HTTP 502',
      retryable: true,
      attempt: 3,
      system: { status: 502 },
    };
    const error = {
      code: 'RUN_RETRIES_EXHAUSTED',
      kind: 'operational',
      retryable: false,
      message: `重试 3 次后仍失败：${last.message}`,
      details: { last },
      attempt: 3,
      system: { status: 502 },
    };
    const facts = errorFacts(error, 'en');
    expect(facts?.message).toBe('HTTP 502');
    expect(facts?.failure).toBe('exhausted');
    expect(facts?.last).toEqual({ code: 'CONNECTOR_UNAVAILABLE', failure: 'temporary' });
    expect(facts?.attempt).toBe(3);
    expect(facts?.httpStatus).toBe(502);
  });

  it('names the field, expression and source value of a mapping error', () => {
    const facts = errorFacts(
      {
        code: 'MAPPING_FAILED',
        kind: 'user',
        retryable: false,
        message: '字段 amount 映射失败：不是金额',
        details: { field: 'amount', sourceValue: '十二元', expression: '$decimal(x, 2)', cause: {} },
      },
      'zh',
    );
    expect(facts?.where).toEqual({ field: 'amount', expression: '$decimal(x, 2)', value: '"十二元"' });
  });

  it('tells each failure kind only from what the error says', () => {
    expect(failureOf({ code: 'CONNECTOR_AUTH_EXPIRED', kind: 'auth-expired', retryable: true })).toBe(
      'authExpired',
    );
    expect(failureOf({ code: 'CONNECTOR_AUTH_FAILED', kind: 'user', retryable: false })).toBe('credentials');
    expect(failureOf({ code: 'CONNECTOR_UNCERTAIN_WRITE', kind: 'operational' })).toBe('uncertain');
    expect(failureOf({ code: 'INTERNAL', kind: 'unexpected', retryable: false })).toBe('unexpected');
    expect(failureOf({ code: 'CONNECTOR_TIMEOUT', retryable: true })).toBe('temporary');
    expect(failureOf({ code: 'RUN_CANCELLED', kind: 'user', retryable: false })).toBeUndefined();
    expect(failureOf({ code: 'SOMETHING', message: 'x' })).toBeUndefined();
  });

  it('advises on duplicates and quotas by their code', () => {
    expect(errorFacts({ code: 'CONNECTOR_DUPLICATE', kind: 'user', message: 'dup' }, 'zh')?.hint).toBe(
      'duplicate',
    );
    expect(errorFacts({ code: 'CONNECTOR_QUOTA_EXCEEDED', message: 'q' }, 'zh')?.hint).toBe('quota');
  });

  it('reads a plain message, a diagnostic and an API error wrapper', () => {
    expect(errorFacts('超时 / timed out', 'en')).toEqual({ message: 'timed out' });
    const diagnostic = { code: 'unknown-reference', severity: 'error', path: 'steps[0].if', message: 'x' };
    expect(errorFacts(diagnostic, 'zh')).toEqual({ message: 'x', code: 'unknown-reference' });
    expect(errorFacts({ error: { code: 'NOT_FOUND', message: '不存在' } }, 'zh')?.code).toBe('NOT_FOUND');
  });

  it('gives up on shapes it does not know, so the console shows the JSON', () => {
    for (const value of [null, undefined, 42, '', [1, 2], { foo: 'bar' }, { message: 42 }])
      expect(errorFacts(value, 'zh')).toBeNull();
  });

  it('keeps a system error without codes or messages out of the facts', () => {
    const facts = errorFacts({ code: 'CONNECTOR_REJECTED', message: 'm', system: { status: 400 } }, 'zh');
    expect(facts?.system).toBeUndefined();
    expect(facts?.httpStatus).toBe(400);
  });

  it('words a wait in ms, seconds or minutes', () => {
    expect(waitOf(250)).toEqual({ n: 250, unit: 'ms' });
    expect(waitOf(1000)).toEqual({ n: 1, unit: 's' });
    expect(waitOf(1500)).toEqual({ n: 1.5, unit: 's' });
    expect(waitOf(300_000)).toEqual({ n: 5, unit: 'min' });
  });
});
