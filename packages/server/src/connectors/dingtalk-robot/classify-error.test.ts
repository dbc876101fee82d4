import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../json.ts';
import { classifyRobotError } from './classify-error.ts';

const classify = (body: JsonValue, status = 200) =>
  classifyRobotError({
    operationId: 'send',
    request: { method: 'POST', url: 'http://h/robot/send', headers: {} },
    response: { status, headers: {}, setCookies: [], body },
    write: true,
  });

describe('classifyRobotError', () => {
  it('treats errcode 0 and non-robot answers as success / kit defaults', () => {
    expect(classify({ errcode: 0, errmsg: 'ok' })).toBeUndefined();
    expect(classify('<html>502</html>', 502)).toBeUndefined();
    expect(classify({ message: 'x' }, 400)).toBeUndefined();
  });

  it('splits 310000 by its message: keywords → rejected, signature and IP allowlist → auth failed', () => {
    expect(classify({ errcode: 310000, errmsg: 'keywords not in content' })?.code).toBe('CONNECTOR_REJECTED');
    expect(classify({ errcode: 310000, errmsg: 'sign not match' })?.code).toBe('CONNECTOR_AUTH_FAILED');
    const ip = classify({ errcode: 310000, errmsg: 'ip 1.2.3.4 not in whitelist' });
    expect(ip?.code).toBe('CONNECTOR_AUTH_FAILED');
    expect(ip?.message).toContain('ip 1.2.3.4 not in whitelist');
  });

  it('maps 300001, 410100 and other errcodes', () => {
    expect(classify({ errcode: 300001, errmsg: 'token is not exist' })?.code).toBe('CONNECTOR_AUTH_FAILED');
    const fast = classify({ errcode: '410100', errmsg: 'send too fast, exceed 20 times per minute' });
    expect(fast?.code).toBe('CONNECTOR_RATE_LIMITED');
    expect(fast?.retryAfterMs).toBe(60_000);
    const other = classify({ errcode: 40035, errmsg: '缺少参数 json' });
    expect(other?.code).toBe('CONNECTOR_REJECTED');
    expect(other?.message).toContain('缺少参数 json');
    expect(other?.system).toMatchObject({ status: 200, errcode: 40035 });
  });
});
