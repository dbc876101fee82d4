import { describe, expect, it } from 'vitest';
import {
  canonicalQuery,
  jdyAppSignature,
  jdyCanonical,
  jdyEncode,
  jdyQueryString,
  jdySignature,
  sameSignature,
  signJdyRequest,
} from './signature.ts';

// Official doc sample (reference kingdee-jdy.md §2.3), not a live credential.
const DOC_SECRET = 'f2adcfef73369bfc4e1384677d38a0ff';
const DOC_PARAMS = {
  app_signature: 'MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA==',
  app_key: 'bVZgAZOv1',
};
const DOC_CANONICAL =
  'GET\n%2Fjdyconnector%2Fapp_management%2Fkingdee_auth_token\napp_key=bVZgAZOv1&app_signature=MzZlYTk0ODk4MWZlNjdiODNmNWU4YzViNzYxNGM5MTFlOGJkN2NjMzk0MTJkZGNhZGM0NzZhN2YxZDJmOTlkZA%253D%253D\nx-api-nonce:4427456950\nx-api-timestamp:1670305063559\n';
const DOC_SIGNATURE =
  'OTFiZTliNDFiMjNkYTI3YzVhNzg4MDI4ZGU3MWY1ZTA5ZTk1NjVlNGM1YTI1ZjIxY2Y5YTA3ZGY2OGI1MGQ1MQ==';

describe('jdy gateway signature', () => {
  it('builds the canonical string of the official test vector', () => {
    const canonical = jdyCanonical(
      'get',
      '/jdyconnector/app_management/kingdee_auth_token',
      DOC_PARAMS,
      '4427456950',
      '1670305063559',
    );
    expect(canonical).toBe(DOC_CANONICAL);
  });

  it('signs the official test vector', () => {
    expect(jdySignature(DOC_SECRET, DOC_CANONICAL)).toBe(DOC_SIGNATURE);
  });

  it('computes the documented app_signature vector', () => {
    expect(jdyAppSignature('abc', 'abc123')).toBe(
      'ZDljMTI3NGIyNTE1MTRkYzlkNjc1MDNhYjUzMzgzNWMyY2M4YTdjMzdmNmM3YTVlNDkxMTkzNjdiOTFjNzUyZQ==',
    );
  });

  it('encodes query keys and values twice in the canonical line and once in the url', () => {
    const params = { b: 'x y', a: "1=(2)*'!" };
    expect(canonicalQuery(params)).toBe('a=1%253D%25282%2529%252A%2527%2521&b=x%2520y');
    expect(jdyQueryString(params)).toBe('a=1%3D%282%29%2A%27%21&b=x%20y');
    expect(jdyEncode('/jdy/v2/fi/voucher')).toBe('%2Fjdy%2Fv2%2Ffi%2Fvoucher');
  });

  it('leaves an empty query line when there are no parameters', () => {
    expect(jdyCanonical('POST', '/a', {}, '1', '2')).toBe('POST\n%2Fa\n\nx-api-nonce:1\nx-api-timestamp:2\n');
  });

  it('produces headers whose signature matches the canonical string', () => {
    const headers = signJdyRequest({
      clientId: 'cid',
      clientSecret: DOC_SECRET,
      method: 'GET',
      path: '/jdyconnector/app_management/kingdee_auth_token',
      params: DOC_PARAMS,
      nonce: '4427456950',
      timestamp: '1670305063559',
    });
    expect(headers['X-Api-Signature']).toBe(DOC_SIGNATURE);
    expect(headers['X-Api-ClientID']).toBe('cid');
    expect(headers['X-Api-SignHeaders']).toBe('X-Api-TimeStamp,X-Api-Nonce');
  });

  it('defaults to a 10-digit nonce and a millisecond timestamp', () => {
    const before = Date.now();
    const headers = signJdyRequest({ clientId: 'c', clientSecret: 's', method: 'GET', path: '/x' });
    expect(headers['X-Api-Nonce']).toMatch(/^\d{10}$/);
    expect(Number(headers['X-Api-TimeStamp'])).toBeGreaterThanOrEqual(before);
  });

  it('compares signatures of different lengths as different', () => {
    expect(sameSignature(DOC_SIGNATURE, DOC_SIGNATURE)).toBe(true);
    expect(sameSignature(DOC_SIGNATURE, `${DOC_SIGNATURE}x`)).toBe(false);
    expect(sameSignature(DOC_SIGNATURE, DOC_SIGNATURE.replace('O', 'P'))).toBe(false);
  });
});
