import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { bilingual, QiaoError } from '../../errors/index.ts';

// DingTalk HTTP-push callback crypto (reference dingtalk.md §7.2): AES-256-CBC, IV = key[0..16),
// PKCS#7 padding with a 32-byte block, plaintext = random(16) ‖ uint32be(len) ‖ msg ‖ ownerKey,
// signature = sha1_hex(sorted(token, timestamp, nonce, encrypt).join('')).

const BLOCK = 32;

/** The callback settings of an app: token, 43-char aes_key and the ownerKey (appKey, corpId or suiteKey). */
export interface DingtalkCallbackConfig {
  token: string;
  aesKey: string;
  /** Expected ownerKey; when set, decryption checks it (crypto code 900010 on mismatch). */
  ownerKey?: string;
}

/** The query parameters and body DingTalk sends (or a receiver replies) for one encrypted message. */
export interface DingtalkSealedMessage {
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
}

/** The JSON a receiver answers with: note `msg_signature` and the capital S of `timeStamp`. */
export interface DingtalkCallbackReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

/** Computes the lowercase-hex SHA1 signature over the sorted token, timestamp, nonce and encrypt. */
export function dingtalkSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Encrypts `message` for `ownerKey`; `random` (16 bytes) is injectable for deterministic tests. */
export function encryptDingtalkMessage(
  aesKey: string,
  message: string,
  ownerKey: string,
  random: Buffer = randomBytes(16),
): string {
  const key = decodeAesKey(aesKey);
  if (random.length !== 16)
    throw cryptoError(900007, '随机前缀必须是 16 字节 / the random prefix must be 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  const body = Buffer.concat([random, length, msg, Buffer.from(ownerKey, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

/** Decrypts an `encrypt` value into the message and the ownerKey it carries; throws CALLBACK_REJECTED when malformed. */
export function decryptDingtalkMessage(
  aesKey: string,
  encrypt: string,
): { message: string; ownerKey: string } {
  const key = decodeAesKey(aesKey);
  let raw: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    raw = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  } catch (cause) {
    throw cryptoError(900008, '回调消息解密失败 / the callback message could not be decrypted', cause);
  }
  const pad = raw[raw.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || raw.length < 20 + pad)
    throw cryptoError(900008, '回调消息填充无效 / the callback message has bad padding');
  const body = raw.subarray(0, raw.length - pad);
  const length = body.readUInt32BE(16);
  if (20 + length > body.length)
    throw cryptoError(900009, '回调消息长度不符 / the callback message length does not match');
  return {
    message: body.subarray(20, 20 + length).toString('utf8'),
    ownerKey: body.subarray(20 + length).toString('utf8'),
  };
}

/** Encrypts and signs `message` as DingTalk does; timestamp/nonce/random are injectable for tests. */
export function sealDingtalkMessage(
  config: DingtalkCallbackConfig & { ownerKey: string },
  message: string,
  options: { timestamp?: string; nonce?: string; random?: Buffer } = {},
): DingtalkSealedMessage {
  const timestamp = options.timestamp ?? String(Date.now());
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const encrypt = encryptDingtalkMessage(config.aesKey, message, config.ownerKey, options.random);
  return { signature: dingtalkSignature(config.token, timestamp, nonce, encrypt), timestamp, nonce, encrypt };
}

/** Verifies the signature, decrypts and checks the ownerKey (when configured); returns the plaintext message. */
export function openDingtalkMessage(config: DingtalkCallbackConfig, sealed: DingtalkSealedMessage): string {
  const expected = dingtalkSignature(config.token, sealed.timestamp, sealed.nonce, sealed.encrypt);
  if (expected !== sealed.signature)
    throw cryptoError(900005, '回调签名不匹配 / the callback signature does not match');
  const { message, ownerKey } = decryptDingtalkMessage(config.aesKey, sealed.encrypt);
  if (config.ownerKey !== undefined && ownerKey !== config.ownerKey) {
    throw cryptoError(
      900010,
      bilingual(`回调 ownerKey 不匹配：${ownerKey}`, `the callback ownerKey does not match: ${ownerKey}`),
    );
  }
  return message;
}

/** Builds the reply a receiver must send within 1.5 s: the encrypted string "success", signed. */
export function dingtalkSuccessReply(
  config: DingtalkCallbackConfig & { ownerKey: string },
  options: { timestamp?: string; nonce?: string; random?: Buffer } = {},
): DingtalkCallbackReply {
  const sealed = sealDingtalkMessage(config, 'success', options);
  return {
    msg_signature: sealed.signature,
    timeStamp: sealed.timestamp,
    nonce: sealed.nonce,
    encrypt: sealed.encrypt,
  };
}

/** Whether `reply` (parsed JSON) is a correctly signed encrypted "success" for this config. */
export function isDingtalkSuccessReply(config: DingtalkCallbackConfig, reply: unknown): boolean {
  if (typeof reply !== 'object' || reply === null) return false;
  const r = reply as Record<string, unknown>;
  const fields = [r.msg_signature, r.timeStamp, r.nonce, r.encrypt];
  if (!fields.every((f) => typeof f === 'string')) return false;
  const [signature, timestamp, nonce, encrypt] = fields as string[];
  try {
    return (
      openDingtalkMessage(config, {
        signature: signature ?? '',
        timestamp: timestamp ?? '',
        nonce: nonce ?? '',
        encrypt: encrypt ?? '',
      }) === 'success'
    );
  } catch {
    return false;
  }
}

function decodeAesKey(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey))
    throw cryptoError(900004, 'aes_key 必须是 43 位字母或数字 / aes_key must be 43 letters or digits');
  return Buffer.from(`${aesKey}=`, 'base64');
}

function cryptoError(errcode: number, message: string, cause?: unknown): QiaoError {
  return new QiaoError('CALLBACK_REJECTED', message, { system: { errcode, errmsg: message }, cause });
}
