import { QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json.ts';
import { decryptText, encryptText } from './cipher.ts';

/** Encrypts a connection's secrets object into one sealed string (what SecretRepository stores). */
export function sealSecrets(secrets: JsonObject, key: Buffer): string {
  return encryptText(key, JSON.stringify(secrets));
}

/** Decrypts `sealSecrets` output; a wrong key or tampering throws SECRET_KEY_INVALID. */
export function openSecrets(sealed: string, key: Buffer): JsonObject {
  const value = JSON.parse(decryptText(key, sealed)) as JsonValue;
  if (!isJsonObject(value))
    throw new QiaoError('SECRET_KEY_INVALID', '解密结果不是对象 / sealed secrets are not an object');
  return value;
}

/** Seal and open bound to one key, so callers never pass the key around. */
export interface SecretBox {
  sealSecrets(secrets: JsonObject): string;
  openSecrets(sealed: string): JsonObject;
}

/** A SecretBox over `key` (load it with `loadSecretKey`). */
export function createSecretBox(key: Buffer): SecretBox {
  // Validates the key now rather than on first use.
  encryptText(key, '');
  return {
    sealSecrets: (secrets) => sealSecrets(secrets, key),
    openSecrets: (sealed) => openSecrets(sealed, key),
  };
}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${env:NAME}` references in secret values (at any depth, also inside longer strings)
 * with the variable's value; a missing variable throws INPUT_INVALID naming it.
 */
export function resolveEnvRefs<T extends JsonValue>(secrets: T, env: Record<string, string | undefined>): T {
  const resolve = (value: JsonValue, path: string): JsonValue => {
    if (typeof value === 'string') {
      return value.replace(ENV_REF, (_, name: string) => {
        const found = env[name];
        if (found === undefined) {
          throw new QiaoError(
            'INPUT_INVALID',
            `环境变量 ${name} 未设置（${path}） / environment variable ${name} is not set (${path})`,
            {
              details: { path, variable: name },
            },
          );
        }
        return found;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => resolve(item, `${path}[${i}]`));
    if (isJsonObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, resolve(v, path === '' ? k : `${path}.${k}`)]),
      );
    }
    return value;
  };
  return resolve(secrets, '') as T;
}
