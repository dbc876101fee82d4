import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QiaoError } from '../errors/index.ts';
import { SECRET_KEY_BYTES } from './cipher.ts';

/** The environment variable holding the base64 key (cluster mode, containers). */
export const SECRET_KEY_ENV = 'QIAO_SECRET_KEY';
/** The key file's name inside the data directory (embedded mode). */
export const SECRET_KEY_FILE = 'secret.key';

/** Parses a base64 key of exactly 32 bytes, or throws SECRET_KEY_INVALID. */
export function parseSecretKey(base64: string, origin: string): Buffer {
  const text = base64.trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== SECRET_KEY_BYTES || key.toString('base64') !== text) {
    throw new QiaoError(
      'SECRET_KEY_INVALID',
      `${origin} 不是 32 字节的 base64 密钥 / ${origin} is not a base64-encoded 32-byte key`,
    );
  }
  return key;
}

/** A new random key, base64-encoded (what `QIAO_SECRET_KEY` and the key file hold). */
export function generateSecretKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

/** Where to find the key. */
export interface LoadSecretKeyOptions {
  env?: Record<string, string | undefined>;
  /** The data directory holding `secret.key` (embedded mode). */
  dataDir?: string;
  /** Create the key file (mode 0600) when it is missing — embedded mode's first start. */
  create?: boolean;
}

/**
 * Loads the secrets key: `QIAO_SECRET_KEY` first, else `<dataDir>/secret.key` (created with mode
 * 0600 when `create` is set and it does not exist yet). Throws SECRET_KEY_INVALID when there is none.
 */
export async function loadSecretKey(options: LoadSecretKeyOptions = {}): Promise<Buffer> {
  const fromEnv = (options.env ?? process.env)[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseSecretKey(fromEnv, SECRET_KEY_ENV);
  if (options.dataDir === undefined) {
    throw new QiaoError(
      'SECRET_KEY_INVALID',
      `未配置密钥：请设置 ${SECRET_KEY_ENV} / no secret key: set ${SECRET_KEY_ENV}`,
    );
  }
  const file = join(options.dataDir, SECRET_KEY_FILE);
  const existing = await readKeyFile(file);
  if (existing !== undefined) return parseSecretKey(existing, file);
  if (options.create !== true) {
    throw new QiaoError('SECRET_KEY_INVALID', `密钥文件不存在 / key file missing: ${file}`);
  }
  await mkdir(options.dataDir, { recursive: true });
  try {
    // 'wx' fails if another process created it first; then that process's key wins.
    await writeFile(file, `${generateSecretKey()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSecretKey((await readKeyFile(file)) ?? '', file);
}

async function readKeyFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
