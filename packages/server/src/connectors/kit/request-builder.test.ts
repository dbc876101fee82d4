import { describe, expect, it } from 'vitest';
import { joinUrl, setParam, withQueryParam } from './request-builder.ts';

/** What URL.searchParams.set gives, the reference behaviour. */
function viaUrl(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

describe('withQueryParam', () => {
  it('appends a plain parameter without parsing, to the same effect as URL.searchParams.set', () => {
    const cases: [string, string, string][] = [
      ['http://h:1/topapi/x', 'access_token', 'abc123'],
      ['http://h:1/topapi/x?a=1', 'access_token', 'a.b-c_d*'],
      ['http://h:1/x?', 'k', 'v'],
    ];
    for (const [url, name, value] of cases) {
      const fast = withQueryParam(url, name, value);
      expect(new URL(fast).searchParams.getAll(name)).toEqual([value]);
      expect(new URL(fast).href).toBe(new URL(viaUrl(url, name, value)).href);
    }
    expect(withQueryParam('http://h/x', 'access_token', 't1')).toBe('http://h/x?access_token=t1');
    expect(withQueryParam('http://h/x?a=1', 'access_token', 't1')).toBe('http://h/x?a=1&access_token=t1');
  });

  it('replaces an existing value and encodes other text, through URL', () => {
    expect(withQueryParam('http://h/x?access_token=old&a=1', 'access_token', 'new')).toBe(
      viaUrl('http://h/x?access_token=old&a=1', 'access_token', 'new'),
    );
    expect(withQueryParam('http://h/x?a=1', 'q', 'a b&c=值')).toBe(viaUrl('http://h/x?a=1', 'q', 'a b&c=值'));
    expect(withQueryParam('http://h/x#f', 'k', 'v')).toBe('http://h/x?k=v#f');
    // A name that merely ends like the parameter is a different parameter.
    expect(
      new URL(withQueryParam('http://h/x?xaccess_token=1', 'access_token', 't')).searchParams.get(
        'access_token',
      ),
    ).toBe('t');
  });

  it('backs setParam for query parameters', () => {
    const request = setParam({ method: 'GET', url: 'http://h/x?a=1', headers: {} }, 'query.page', 2);
    expect(request.url).toBe('http://h/x?a=1&page=2');
  });
});

describe('joinUrl', () => {
  it('joins with exactly one slash and keeps absolute http(s) paths', () => {
    expect(joinUrl('https://h.example', '/a/b')).toBe('https://h.example/a/b');
    expect(joinUrl('https://h.example/', 'a')).toBe('https://h.example/a');
    expect(joinUrl('https://h.example/base///', '///a?x=1')).toBe('https://h.example/base/a?x=1');
    expect(joinUrl('https://h.example/base', '')).toBe('https://h.example/base');
    expect(joinUrl('https://h.example', '/')).toBe('https://h.example/');
    expect(joinUrl('https://h.example', 'HTTPS://other.example/x')).toBe('HTTPS://other.example/x');
    expect(joinUrl('', 'http://other.example/x')).toBe('http://other.example/x');
    expect(joinUrl('https://h.example', 'httpx://not-absolute')).toBe(
      'https://h.example/httpx://not-absolute',
    );
    expect(() => joinUrl('', '/a')).toThrow(/baseUrl/);
  });
});
