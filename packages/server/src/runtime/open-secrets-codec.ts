import { createSecretBox, loadSecretKey } from '../secrets/index.ts';
import type { SecretsCodec } from './secrets-codec.ts';

/**
 * The secrets codec of a runtime: the key comes from QIAO_SECRET_KEY, or from `<dataDir>/secret.key`,
 * generated on first start (embedded mode). Cluster processes must share QIAO_SECRET_KEY.
 */
export async function openSecretsCodec(options: {
  dataDir: string;
  env: Readonly<Record<string, string | undefined>>;
}): Promise<SecretsCodec> {
  const key = await loadSecretKey({ env: { ...options.env }, dataDir: options.dataDir, create: true });
  const box = createSecretBox(key);
  return {
    seal: (values) => box.sealSecrets(values),
    open: (ciphertext) => box.openSecrets(ciphertext) as Record<string, string>,
  };
}
