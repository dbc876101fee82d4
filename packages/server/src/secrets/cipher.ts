import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { QiaoError } from '../errors/index.ts';

/** Bytes of an AES-256 key. */
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/**
 * Encrypts text with AES-256-GCM and a fresh random 96-bit IV:
 * `v1:<base64 iv>:<base64 tag>:<base64 ciphertext>`.
 */
export function encryptText(key: Buffer, plaintext: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
}

/** Decrypts `encryptText` output; a wrong key, tampering or a malformed value throws SECRET_KEY_INVALID. */
export function decryptText(key: Buffer, sealed: string): string {
  assertKey(key);
  const parts = sealed.split(':');
  const [format, iv64, tag64, body64] = parts;
  if (
    parts.length !== 4 ||
    format !== FORMAT ||
    iv64 === undefined ||
    tag64 === undefined ||
    body64 === undefined
  ) {
    throw new QiaoError('SECRET_KEY_INVALID', '密文格式无效 / sealed secret has an unknown format');
  }
  const iv = Buffer.from(iv64, 'base64');
  const tag = Buffer.from(tag64, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new QiaoError('SECRET_KEY_INVALID', '密文格式无效 / sealed secret has a bad IV or tag');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(body64, 'base64')), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new QiaoError(
      'SECRET_KEY_INVALID',
      '密钥错误或密文被篡改，无法解密 / wrong key or tampered secret',
      { cause },
    );
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== SECRET_KEY_BYTES) {
    throw new QiaoError(
      'SECRET_KEY_INVALID',
      `密钥长度必须为 32 字节 / the key must be 32 bytes, got ${key.length}`,
    );
  }
}
