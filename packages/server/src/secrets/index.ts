export { decryptText, encryptText, SECRET_KEY_BYTES } from './cipher.ts';
export {
  generateSecretKey,
  type LoadSecretKeyOptions,
  loadSecretKey,
  parseSecretKey,
  SECRET_KEY_ENV,
  SECRET_KEY_FILE,
} from './key.ts';
export { createRedactor, isSecretName, MIN_SECRET_LENGTH, REDACTED, type Redact } from './redact.ts';
export { createSecretBox, openSecrets, resolveEnvRefs, type SecretBox, sealSecrets } from './seal.ts';
