import { QiaoError } from '../errors/index.ts';
import { isJsonObject, type JsonValue } from '../json.ts';
import type { CheckpointCodec } from '../runs/index.ts';
import type { SecretsCodec } from './secrets-codec.ts';

/** The one key of a sealed checkpoint: `{ sealed: '<AES-256-GCM ciphertext>' }`. */
const SEALED = 'sealed';

/**
 * Run checkpoints sealed with the secrets box: a checkpoint holds step outputs (a token step's
 * `access_token` that a later step needs), so at rest it is ciphertext; the engine opens it when
 * it resumes or retries the run. Checkpoints stored in clear (before sealing) open as they are.
 */
export function createCheckpointCodec(secrets: SecretsCodec): CheckpointCodec {
  return {
    seal(value) {
      return { [SEALED]: secrets.seal({ checkpoint: JSON.stringify(value) }) };
    },
    open(value) {
      if (!isJsonObject(value) || typeof value[SEALED] !== 'string' || Object.keys(value).length !== 1)
        return value;
      const text = secrets.open(value[SEALED]).checkpoint;
      if (text === undefined)
        throw new QiaoError('SECRET_KEY_INVALID', '检查点解密后缺少内容 / sealed checkpoint has no content');
      return JSON.parse(text) as JsonValue;
    },
  };
}
