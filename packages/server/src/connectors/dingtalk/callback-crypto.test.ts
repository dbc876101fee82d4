import { describe, expect, it } from 'vitest';
import {
  decryptDingtalkMessage,
  dingtalkSignature,
  dingtalkSuccessReply,
  encryptDingtalkMessage,
  isDingtalkSuccessReply,
  openDingtalkMessage,
  sealDingtalkMessage,
} from './callback-crypto.ts';

// Official vectors from the reference (dingtalk.md §7.2).
const V1 = {
  token: '123456',
  aesKey: '1234567890123456789012345678901234567890123',
  ownerKey: 'dingsnotzck6pm5veliw',
  timestamp: '1614767836',
  nonce: 'A7Co0cJLMzIDtMMI',
  encrypt: 'YvkvaGe4hQxd3VxRmEty0dVlnCOAqwf56xwTRHDHoOURqhalbmBJQk5FNcRk42Gl5T0YQXZNwpwWSm1xAFJ5ZA==',
  signature: '9a95a004dd16f5c307e849b994173f76aa26e5eb',
};
const V2 = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  ownerKey: 'suite4xxxxxxxxxxxxxxx',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  plaintext:
    '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
};

describe('dingtalk callback crypto', () => {
  it('matches the signatures of both official vectors', () => {
    expect(dingtalkSignature(V1.token, V1.timestamp, V1.nonce, V1.encrypt)).toBe(V1.signature);
    expect(dingtalkSignature(V2.token, V2.timestamp, V2.nonce, V2.encrypt)).toBe(V2.signature);
  });

  it('decrypts both official vectors with their owner keys', () => {
    expect(decryptDingtalkMessage(V1.aesKey, V1.encrypt)).toEqual({
      message: 'success',
      ownerKey: V1.ownerKey,
    });
    expect(decryptDingtalkMessage(V2.aesKey, V2.encrypt)).toEqual({
      message: V2.plaintext,
      ownerKey: V2.ownerKey,
    });
  });

  it('encrypts the deterministic reference vector byte for byte', () => {
    const random = Buffer.from('0123456789abcdef', 'ascii');
    const encrypt = encryptDingtalkMessage(V1.aesKey, 'success', V1.ownerKey, random);
    expect(encrypt).toBe(
      'GCr6999U/V4/3veZ85Bxl8C6wynLzYV25PCR3saSX7v+7tNf5Ck2RJ2NAGnTOWhvJ4H0D2M/DU/3568ASGogSA==',
    );
    expect(dingtalkSignature(V1.token, V1.timestamp, V1.nonce, encrypt)).toBe(
      '40726b384ba1fee4fe7d20187b03456eec90183c',
    );
  });

  it('pads to 32-byte blocks, not 16', () => {
    for (const length of [0, 1, 11, 12, 13, 44, 45]) {
      const encrypt = encryptDingtalkMessage(V1.aesKey, 'x'.repeat(length), 'owner');
      expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
      expect(decryptDingtalkMessage(V1.aesKey, encrypt).message).toBe('x'.repeat(length));
    }
  });

  it('round-trips a chinese event through seal and open', () => {
    const config = { token: 'tok', aesKey: V2.aesKey, ownerKey: 'dingappkey' };
    const message = JSON.stringify({ EventType: 'bpms_instance_change', title: '张三提交的报销' });
    expect(openDingtalkMessage(config, sealDingtalkMessage(config, message))).toBe(message);
  });

  it('rejects a wrong signature with crypto code 900005', () => {
    const sealed = {
      signature: V1.signature.replace('9', '8'),
      timestamp: V1.timestamp,
      nonce: V1.nonce,
      encrypt: V1.encrypt,
    };
    expect(() => openDingtalkMessage(V1, sealed)).toThrow(
      expect.objectContaining({
        code: 'CALLBACK_REJECTED',
        system: expect.objectContaining({ errcode: 900005 }),
      }),
    );
  });

  it('rejects a foreign owner key with crypto code 900010', () => {
    const sealed = { signature: V1.signature, timestamp: V1.timestamp, nonce: V1.nonce, encrypt: V1.encrypt };
    const config = { ...V1, ownerKey: 'someoneelse' };
    expect(() => openDingtalkMessage(config, sealed)).toThrow(
      expect.objectContaining({ system: expect.objectContaining({ errcode: 900010 }) }),
    );
  });

  it('rejects an aes key that is not 43 letters or digits', () => {
    expect(() => encryptDingtalkMessage('short', 'x', 'o')).toThrow(
      expect.objectContaining({ system: expect.objectContaining({ errcode: 900004 }) }),
    );
  });

  it('builds and recognises the encrypted success reply', () => {
    const config = { token: V1.token, aesKey: V1.aesKey, ownerKey: V1.ownerKey };
    const reply = dingtalkSuccessReply(config);
    expect(Object.keys(reply).sort()).toEqual(['encrypt', 'msg_signature', 'nonce', 'timeStamp']);
    expect(isDingtalkSuccessReply(config, reply)).toBe(true);
    expect(isDingtalkSuccessReply(config, { ...reply, nonce: 'tampered' })).toBe(false);
    expect(isDingtalkSuccessReply(config, { success: true })).toBe(false);
  });
});
