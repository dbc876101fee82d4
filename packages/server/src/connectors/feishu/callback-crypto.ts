import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { QiaoError } from '../../errors/index.ts';

/** The AES-256 key of an Encrypt Key: SHA-256 of its UTF-8 bytes (reference §3.1). */
export function feishuAesKey(encryptKey: string): Buffer {
  return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/**
 * Encrypts a callback body as Feishu does: base64(IV ‖ AES-256-CBC(plaintext)) with a random
 * 16-byte IV (or the given one, for test vectors) and standard 16-byte PKCS#7 padding.
 */
export function encryptFeishuMessage(
  encryptKey: string,
  plaintext: string,
  iv: Buffer = randomBytes(16),
): string {
  if (iv.length !== 16) throw new QiaoError('INPUT_INVALID', 'IV 必须是 16 字节 / the IV must be 16 bytes');
  const cipher = createCipheriv('aes-256-cbc', feishuAesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** Decrypts an `encrypt` value; throws CALLBACK_REJECTED (the wrong key or a damaged message). */
export function decryptFeishuMessage(encryptKey: string, encrypted: string): string {
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) {
    throw rejected('decrypt', '回调密文长度不对 / the callback ciphertext length is not IV + whole blocks');
  }
  try {
    const decipher = createDecipheriv('aes-256-cbc', feishuAesKey(encryptKey), buf.subarray(0, 16));
    return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw rejected(
      'decrypt',
      '回调解密失败（Encrypt Key 不对？） / the callback could not be decrypted (wrong Encrypt Key?)',
      cause,
    );
  }
}

/** `X-Lark-Signature`: hex(SHA-256(timestamp + nonce + encryptKey + rawBody)) (reference §3.2). */
export function feishuSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: string,
): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + rawBody, 'utf8')
    .digest('hex');
}

/** Whether a received signature header matches (constant-time compare). */
export function isFeishuSignatureValid(
  headers: { timestamp: string; nonce: string; signature: string },
  encryptKey: string,
  rawBody: string,
): boolean {
  const expected = Buffer.from(feishuSignature(headers.timestamp, headers.nonce, encryptKey, rawBody));
  const given = Buffer.from(headers.signature.toLowerCase());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The signed, encrypted request a sender (the simulator) posts: raw body and the three `X-Lark-*` headers. */
export function sealFeishuEvent(
  encryptKey: string,
  plaintext: string,
  timestamp: string,
  nonce: string,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ encrypt: encryptFeishuMessage(encryptKey, plaintext) });
  return {
    body,
    headers: {
      'x-lark-request-timestamp': timestamp,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': feishuSignature(timestamp, nonce, encryptKey, body),
    },
  };
}

function rejected(step: string, message: string, cause?: unknown): QiaoError {
  return new QiaoError('CALLBACK_REJECTED', message, { cause, system: { step } });
}
