import { describe, expect, it } from 'vitest';
import { seededRandom } from '../mapping/fixtures/seed-001-mapping.ts';
import { createRedactor, isSecretName } from './redact.ts';

const SECRET = 'Sk-9f/8+e d&c=b';
const TOKEN = 'a1b2c3d4e5f6';

/** Every string anywhere inside a value, for "no secret survives" assertions. */
function allText(value: unknown): string {
  return JSON.stringify(value);
}

describe('redaction', () => {
  const redact = createRedactor([SECRET, TOKEN, 'ab']);

  it('removes known secret values from nested bodies, headers and urls', () => {
    const record = {
      request: {
        url: `https://oapi.dingtalk.com/gettoken?appkey=ding1&appsecret=${encodeURIComponent(SECRET)}`,
        headers: { 'Content-Type': 'application/json', 'X-Trace': `t-${TOKEN}-x` },
        body: { FormId: 'AP_PAYBILL', Model: { FRemark: `note ${SECRET} end`, lines: [{ memo: [TOKEN] }] } },
      },
      response: {
        raw: JSON.stringify({ echo: SECRET }),
        form: `a=1&b=${encodeURIComponent(SECRET).replaceAll('%20', '+')}`,
      },
      lower: encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    };
    const out = redact(record);
    const text = allText(out);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('9f/8');
    expect(text).not.toContain('9f%2F8');
    expect(text).not.toContain('9f%2f8');
    expect(out.request.headers['Content-Type']).toBe('application/json');
    expect(out.request.body.Model.FRemark).toBe('note *** end');
    expect(out.request.body.FormId).toBe('AP_PAYBILL');
    expect(record.request.body.Model.FRemark).toContain(SECRET);
  });

  it('masks values of secret-looking keys, headers and query parameters of unknown secrets', () => {
    const out = redact({
      password: 'hunter2',
      nested: {
        app_secret: 'x1',
        appSecret: 'x2',
        access_token: 'x3',
        'X-Kd-Signature': 'x4',
        Authorization: 'Bearer x5',
      },
      headers: [['Cookie', 'kdservice-sessionid=x6']],
      cookie: { kdservice: 'x7' },
      url: '/v1.0/oauth2/accessToken?access_token=x8&page=2&Signature=x9',
      body: '{"acctID":"1","password":"x10","lcid":2052}',
      log: 'calling with Bearer x11 now',
      ok: { tokenless: null, count: 3, name: '报销单' },
    });
    const text = allText(out);
    for (let i = 1; i <= 11; i++) expect(text).not.toMatch(new RegExp(`"x${i}"|[=:\\s]x${i}\\b`));
    expect(text).not.toContain('hunter2');
    expect(out.url).toBe('/v1.0/oauth2/accessToken?access_token=***&page=2&Signature=***');
    expect(out.body).toBe('{"acctID":"1","password":"***","lcid":2052}');
    expect(out.ok).toEqual({ tokenless: null, count: 3, name: '报销单' });
    expect(out.headers).toEqual([['Cookie', 'kdservice-sessionid=***']]);
  });

  it('masks secret-named fields and parameters inside long texts, whatever the case or encoding of the name', () => {
    // Texts without any secret word skip the per-field scan; these must still be caught.
    const fields = Array.from({ length: 200 }, (_, i) => `"field${i}":"value ${i}"`);
    const clean = `{${fields.join(',')}}`;
    expect(redact(clean)).toBe(clean);
    const deep = `{${[...fields.slice(0, 150), '"PassWord":"x1"', ...fields.slice(150)].join(',')}}`;
    expect(redact(deep)).toContain('"PassWord":"***"');
    expect(redact(deep)).not.toContain('x1');
    // A percent-encoded parameter name is decoded before it is judged: `%74oken` is `token`.
    expect(redact('/api?page=2&%74oken=x2&size=20')).toBe('/api?page=2&%74oken=***&size=20');
    expect(redact('a=1&X-KD-SIGN=x3')).toBe('a=1&X-KD-SIGN=***');
    expect(redact('{"kdservice-SessionId":"x4","n":1}')).toBe('{"kdservice-SessionId":"***","n":1}');
    expect(redact('no equals nor quotes, Bearer x5')).toBe('no equals nor quotes, Bearer ***');
    expect(redact('{"单号":"BX-1","登录密码":"x6"}')).toBe('{"单号":"BX-1","登录密码":"***"}');
  });

  it('recognises secret names case-insensitively and leaves ordinary names alone', () => {
    for (const name of [
      'PASSWORD',
      'appSecret',
      'APP_SECRET',
      'x-kd-signature',
      'refresh_token',
      'sign',
      'api-key',
      '登录密码',
      '接口密钥',
      '访问令牌',
      '口令',
    ]) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of [
      'amount',
      'FNumber',
      'username',
      'design',
      'keyword',
      'page_token',
      'nextToken',
      '报销金额',
      '签名日期',
    ])
      expect(isSecretName(name)).toBe(false);
  });

  it('skips very short secret values and leaves non-plain values alone', () => {
    expect(redact('ab cd')).toBe('ab cd');
    expect(redact(42)).toBe(42);
    expect(createRedactor([])({ a: 'Sk' })).toEqual({ a: 'Sk' });
  });

  it('copies a "__proto__" field as a field, never as the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"password": "x1", "n": 1}, "a": "b"}') as Record<
      string,
      unknown
    >;
    const out = redact(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"password":"***","n":1},"a":"b"}');
  });

  it('answers isSecretName the same on repeated names (cached) and for many names', () => {
    const names = Array.from({ length: 5_000 }, (_, i) => (i % 3 === 0 ? `x_token_${i}` : `field${i}`));
    const first = names.map(isSecretName);
    expect(names.map(isSecretName)).toEqual(first);
    expect(first.filter(Boolean)).toHaveLength(1_667);
    expect(isSecretName('page_token')).toBe(false);
    expect(isSecretName('Access_Token')).toBe(true);
  });

  it('finds secrets only in texts at least as long as the shortest spelling', () => {
    const r = createRedactor(['longsecret-123456']);
    expect(r({ a: 'longsecret-12345', b: 'x longsecret-123456 y', c: 'longsecret%2D123456' })).toEqual({
      a: 'longsecret-12345',
      b: 'x *** y',
      c: 'longsecret%2D123456',
    });
  });

  it('masks the same with shared structure, copying only what changes and never the input', () => {
    const secrets = [SECRET, TOKEN];
    const copying = createRedactor(secrets);
    const sharing = createRedactor(secrets, { share: true });
    const random = seededRandom(5);
    const texts = [
      'ok',
      `x ${SECRET}`,
      TOKEN,
      'a=1&token=zz',
      '{"password":"p1"}',
      'Bearer abc',
      '报销单',
      '',
    ];
    const names = ['a', 'b', 'password', 'lines', '__proto__', 'note'];
    const value = (depth: number): unknown => {
      const roll = random();
      if (depth === 0 || roll < 0.4)
        return roll < 0.1 ? null : roll < 0.15 ? 7 : texts[Math.floor(random() * texts.length)];
      if (roll < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth - 1));
      const out: Record<string, unknown> = {};
      for (const name of names) {
        if (random() < 0.5)
          Object.defineProperty(out, name, {
            value: value(depth - 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    };
    for (let i = 0; i < 500; i++) {
      const input = value(4);
      const before = JSON.stringify(input);
      const shared = sharing(input);
      expect(JSON.stringify(shared)).toBe(JSON.stringify(copying(input)));
      expect(JSON.stringify(input)).toBe(before);
    }
    const clean = { a: 'ok', lines: [{ b: 1 }], note: '报销单' };
    expect(sharing(clean)).toBe(clean);
    const dirty = { a: 'ok', lines: [{ b: 1 }], secret: 's3', note: `see ${TOKEN}` };
    const out = sharing(dirty);
    expect(out).not.toBe(dirty);
    expect(out.lines).toBe(dirty.lines);
    expect(out).toEqual({ a: 'ok', lines: [{ b: 1 }], secret: '***', note: 'see ***' });
  });
});
