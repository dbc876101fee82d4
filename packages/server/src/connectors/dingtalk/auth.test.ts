import { describe, expect, it } from 'vitest';
import { injectDingtalkToken, V1_TOKEN_HEADER } from './auth.ts';
import { classifyDingtalkError } from './classify-error.ts';

const request = (url: string) => ({ method: 'POST', url, headers: { a: '1' } });

describe('dingtalk token injection', () => {
  it('puts the token into ?access_token= on legacy paths, replacing an older one', () => {
    expect(injectDingtalkToken(request('http://h:1/topapi/processinstance/get'), 'tok1').url).toBe(
      'http://h:1/topapi/processinstance/get?access_token=tok1',
    );
    const replaced = injectDingtalkToken(request('http://h/topapi/x?access_token=old&b=2'), 'new');
    expect(new URL(replaced.url).searchParams.getAll('access_token')).toEqual(['new']);
    expect(new URL(replaced.url).searchParams.get('b')).toBe('2');
  });

  it('puts the token into the v1.0 header when the path (not the host or query) has /v1.0/', () => {
    const v1 = injectDingtalkToken(request('http://h/v1.0/workflow/processInstances?x=1'), 'tok');
    expect(v1.headers).toEqual({ a: '1', [V1_TOKEN_HEADER]: 'tok' });
    expect(v1.url).toBe('http://h/v1.0/workflow/processInstances?x=1');
    const legacy = injectDingtalkToken(request('http://h/topapi/x?next=/v1.0/'), 'tok');
    expect(legacy.headers).toEqual({ a: '1' });
    expect(new URL(legacy.url).searchParams.get('access_token')).toBe('tok');
  });
});

describe('dingtalk classification of a legacy success', () => {
  const classify = (body: Record<string, unknown>) =>
    classifyDingtalkError({
      operationId: 'op',
      request: request('http://h/topapi/x'),
      response: { status: 200, headers: {}, setCookies: [], body: body as never },
      write: false,
    });

  it('passes errcode 0 answers, but still sees a ban or a v1.0 expiry code beside it', () => {
    expect(classify({ errcode: 0, errmsg: 'ok', result: { a: 1 } })).toBeUndefined();
    expect(classify({ errcode: '0', errmsg: 'ok' })).toBeUndefined();
    expect(classify({ errcode: 0, punish: 'deny', wait: 2 })).toMatchObject({
      code: 'CONNECTOR_RATE_LIMITED',
      retryAfterMs: 120_000,
    });
  });
});
