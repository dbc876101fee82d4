import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptText, encryptText } from './cipher.ts';
import { generateSecretKey, loadSecretKey, SECRET_KEY_FILE } from './key.ts';
import { createSecretBox, openSecrets, resolveEnvRefs, sealSecrets } from './seal.ts';

const dir = mkdtempSync(join(tmpdir(), 'qiao-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret sealing', () => {
  const key = randomBytes(32);
  const secrets = { appKey: 'ding-app', appSecret: 's3cr3t-值', nested: { pwd: 'p@ss' } };

  it('round-trips secrets in the v1 format with a fresh iv each time', () => {
    const a = sealSecrets(secrets, key);
    const b = sealSecrets(secrets, key);
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(Buffer.from(a.split(':')[1]!, 'base64')).toHaveLength(12);
    expect(a).not.toBe(b);
    expect(a).not.toContain('s3cr3t');
    expect(openSecrets(a, key)).toEqual(secrets);
    expect(createSecretBox(key).openSecrets(b)).toEqual(secrets);
  });

  it('rejects a wrong key, a tampered value and a malformed value', () => {
    const sealed = encryptText(key, 'hello');
    expect(() => decryptText(randomBytes(32), sealed)).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }),
    );
    const [v, iv, tag, body] = sealed.split(':');
    const flipped = Buffer.from(body!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    const tampered = [v, iv, tag, flipped.toString('base64')].join(':');
    expect(() => decryptText(key, tampered)).toThrow(expect.objectContaining({ code: 'SECRET_KEY_INVALID' }));
    expect(() => decryptText(key, 'v2:a:b:c')).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }),
    );
    expect(() => createSecretBox(randomBytes(16))).toThrow(
      expect.objectContaining({ code: 'SECRET_KEY_INVALID' }),
    );
  });
});

describe('secret key', () => {
  it('prefers QIAO_SECRET_KEY and rejects a malformed one', async () => {
    const text = generateSecretKey();
    const key = await loadSecretKey({ env: { QIAO_SECRET_KEY: text }, dataDir: join(dir, 'unused') });
    expect(key.toString('base64')).toBe(text);
    await expect(loadSecretKey({ env: { QIAO_SECRET_KEY: 'c2hvcnQ=' } })).rejects.toMatchObject({
      code: 'SECRET_KEY_INVALID',
    });
    await expect(loadSecretKey({ env: {} })).rejects.toMatchObject({ code: 'SECRET_KEY_INVALID' });
  });

  it('creates the key file with mode 0600 once and reuses it', async () => {
    const dataDir = join(dir, 'data');
    await expect(loadSecretKey({ env: {}, dataDir })).rejects.toMatchObject({ code: 'SECRET_KEY_INVALID' });
    const first = await loadSecretKey({ env: {}, dataDir, create: true });
    const file = join(dataDir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = await loadSecretKey({ env: {}, dataDir, create: true });
    expect(second.equals(first)).toBe(true);
    const sealed = sealSecrets({ a: 'b' }, first);
    writeFileSync(file, `${generateSecretKey()}\n`);
    const other = await loadSecretKey({ env: {}, dataDir });
    expect(() => openSecrets(sealed, other)).toThrow(expect.objectContaining({ code: 'SECRET_KEY_INVALID' }));
  });
});

/** Spells a `${env:NAME}` reference without a template-looking literal. */
const ref = (name: string): string => ['$', '{env:', name, '}'].join('');

describe('env references', () => {
  it('replaces env references at any depth and inside longer strings', () => {
    const env = { DING_SECRET: 'abc', HOST: 'k3.example.cn' };
    const out = resolveEnvRefs(
      { appSecret: ref('DING_SECRET'), list: [`https://${ref('HOST')}/x`], n: 1 },
      env,
    );
    expect(out).toEqual({ appSecret: 'abc', list: ['https://k3.example.cn/x'], n: 1 });
  });

  it('names the missing variable', () => {
    expect(() => resolveEnvRefs({ a: { b: ref('NOPE') } }, {})).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', details: { path: 'a.b', variable: 'NOPE' } }),
    );
  });
});
