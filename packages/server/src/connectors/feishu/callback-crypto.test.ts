import { describe, expect, it } from 'vitest';
import { QiaoError } from '../../errors/index.ts';
import {
  decryptFeishuMessage,
  encryptFeishuMessage,
  feishuSignature,
  isFeishuSignatureValid,
  sealFeishuEvent,
} from './callback-crypto.ts';

describe('feishu callback crypto', () => {
  it('decrypts the official vector', () => {
    expect(decryptFeishuMessage('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe(
      'hello world',
    );
  });

  it('reproduces the official vector given its iv, and round-trips with random ivs', () => {
    const iv = Buffer.from('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'base64').subarray(0, 16);
    expect(encryptFeishuMessage('test key', 'hello world', iv)).toBe(
      'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=',
    );
    const a = encryptFeishuMessage('k', '{"飞书":"审批"}');
    const b = encryptFeishuMessage('k', '{"飞书":"审批"}');
    expect(a).not.toBe(b);
    expect(decryptFeishuMessage('k', a)).toBe('{"飞书":"审批"}');
  });

  it('rejects a wrong key or a damaged message as CALLBACK_REJECTED', () => {
    const sealed = encryptFeishuMessage('right key', 'x'.repeat(40));
    const wrong = () => decryptFeishuMessage('wrong key', sealed);
    expect(wrong).toThrow(QiaoError);
    expect(() => decryptFeishuMessage('right key', 'AAAA')).toThrow(/length/);
  });

  it('signs timestamp + nonce + key + body with sha-256 hex', () => {
    const signature = feishuSignature('1700000000', 'abc', 'key', '{"encrypt":"x"}');
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const sealed = sealFeishuEvent('key', '{}', '1700000000', 'n1');
    const headers = {
      timestamp: sealed.headers['x-lark-request-timestamp'] ?? '',
      nonce: sealed.headers['x-lark-request-nonce'] ?? '',
      signature: sealed.headers['x-lark-signature'] ?? '',
    };
    expect(isFeishuSignatureValid(headers, 'key', sealed.body)).toBe(true);
    expect(isFeishuSignatureValid(headers, 'key', `${sealed.body} `)).toBe(false);
    expect(isFeishuSignatureValid({ ...headers, nonce: 'n2' }, 'key', sealed.body)).toBe(false);
  });
});
