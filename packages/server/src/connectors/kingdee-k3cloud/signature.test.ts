import { describe, expect, it } from 'vitest';
import {
  gatewaySecret,
  hmacBase64Hex,
  loginBySignHash,
  signK3CloudRequest,
  splitAppId,
  timestampToMs,
  verifyK3CloudSignature,
} from './signature.ts';

const APP_ID = '123456_YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4';
const PATH = '/K3Cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc';

function golden(): Record<string, string> {
  return signK3CloudRequest({
    appId: APP_ID,
    appSecret: 'test-app-secret-value',
    acctId: 'dcid-1',
    username: 'user-1',
    lcid: 2052,
    orgNum: 100,
    path: PATH,
    timestamp: '1700000000',
    nonce: '1700000000',
  });
}

describe('k3cloud signature', () => {
  it('decodes the gateway secret of the reference appid', () => {
    expect(gatewaySecret(splitAppId(APP_ID).secretPart)).toBe('UVJWUANVXl8KXFlfWV1YSBNCShcUQRNL');
  });

  it('computes the hmac helper golden value', () => {
    expect(hmacBase64Hex('key123', 'POST\n%2Ftest\n\nx-api-nonce:1\nx-api-timestamp:1\n')).toBe(
      'MThmZGFiM2U5MGZhNmU0MDQ0MWI1NTNkNmNmMjY2MDY0YzEzZTllNTA0OTBmM2M0NDI2NzFiMTI3NTFkZmU1ZQ==',
    );
  });

  it('produces the reference golden headers', () => {
    const h = golden();
    expect(h['X-Api-Signature']).toBe(
      'MjNhMzg5MmZiMWE1MTQ1ZGE5NWFkYmZiZWYxYzhlY2NjNzcwM2ZjNDJlZTczMzBhNzkxOTk1ODhjNDZkMTEzYw==',
    );
    expect(h['X-Kd-Appdata']).toBe('ZGNpZC0xLHVzZXItMSwyMDUyLDEwMA==');
    expect(h['X-Kd-Signature']).toBe(
      'NjI5MzRiZGVhNGJhOWY2N2Y2YzQ2MzQ5ODA3N2JiZTRiMDRmOTUwNjI3YWIzODU1ODBkZDdhNzgwMzdmMDgxMg==',
    );
    expect(h['X-Api-ClientID']).toBe('123456');
    expect(Object.keys(h)).toHaveLength(9);
  });

  it('verifies its own headers and returns the identity', () => {
    const lower = Object.fromEntries(Object.entries(golden()).map(([k, v]) => [k.toLowerCase(), v]));
    const result = verifyK3CloudSignature(lower, {
      appId: APP_ID,
      appSecret: 'test-app-secret-value',
      path: PATH,
      nowMs: 1_700_000_100_000,
      windowMs: 300_000,
    });
    expect(result).toEqual({
      ok: true,
      identity: { acctId: 'dcid-1', username: 'user-1', lcid: 2052, orgNum: '100' },
    });
  });

  it('rejects a tampered signature, a wrong secret and an old timestamp', () => {
    const lower = Object.fromEntries(Object.entries(golden()).map(([k, v]) => [k.toLowerCase(), v]));
    const base = {
      appId: APP_ID,
      appSecret: 'test-app-secret-value',
      path: PATH,
      nowMs: 1_700_000_000_000,
      windowMs: 300_000,
    };
    expect(verifyK3CloudSignature({ ...lower, 'x-api-signature': 'AAAA' }, base).ok).toBe(false);
    expect(verifyK3CloudSignature(lower, { ...base, appSecret: 'other' }).ok).toBe(false);
    expect(verifyK3CloudSignature(lower, { ...base, nowMs: 1_700_000_000_000 + 13 * 60_000 }).ok).toBe(false);
    expect(verifyK3CloudSignature(lower, { ...base, path: `${PATH}x` }).ok).toBe(false);
  });

  it('detects seconds and milliseconds timestamps', () => {
    expect(timestampToMs('1700000000')).toBe(1_700_000_000_000);
    expect(timestampToMs('1700000000123')).toBe(1_700_000_000_123);
    expect(Number.isNaN(timestampToMs('x'))).toBe(true);
  });

  it('hashes loginbysign over the ordinal-sorted values', () => {
    const a = loginBySignHash('acct', 'user', 'app', 'secret', '1700000000');
    // sha256('1700000000' + 'acct' + 'app' + 'secret' + 'user'), computed with sha256sum
    expect(a).toBe('51bcd76a28ed922cacb97f660e05319bcca64d4e8c0d30807c4cd72a84b9f6bc');
    expect(loginBySignHash('acct', 'user', 'app', 'secret', '1700000001')).not.toBe(a);
    // order of the inputs does not matter because they are sorted before hashing
    expect(loginBySignHash('user', 'acct', 'secret', 'app', '1700000000')).toBe(a);
  });
});
