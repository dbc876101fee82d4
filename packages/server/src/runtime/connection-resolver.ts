import type { ConnectionResolver, ResolvedConnection } from '../connectors/kit/create-gateway.ts';
import type { ConnectionDefinition } from '../definitions/index.ts';
import { resolveEnvRefs } from '../secrets/index.ts';
import type { Store } from '../store/port.ts';
import type { SecretsCodec } from './secrets-codec.ts';

/** How long a resolved connection is reused before the store is read again (other processes may change it). */
const CACHE_MS = 5_000;

/** Resolves connections from the store: the current definition plus its decrypted secrets (`${env:NAME}` read at use). */
export function createStoreConnectionResolver(options: {
  store: Store;
  secrets: SecretsCodec;
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => number;
}): ConnectionResolver & { invalidate(connectionId?: string): void } {
  const cache = new Map<string, { at: number; value: ResolvedConnection }>();
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  return {
    async resolve(connectionId) {
      const hit = cache.get(connectionId);
      if (hit && now() - hit.at < CACHE_MS) return hit.value;
      const [doc, head] = await Promise.all([
        options.store.documents.get('connection', connectionId),
        options.store.documents.head('connection', connectionId),
      ]);
      if (!doc) return undefined;
      const definition = doc.definition as unknown as ConnectionDefinition;
      const sealed = await options.store.secrets.get(connectionId);
      const secrets = resolveEnvRefs(sealed ? options.secrets.open(sealed) : {}, { ...env });
      const value: ResolvedConnection = {
        connectorId: definition.connector,
        config: definition.config,
        secrets,
      };
      if (definition.rateLimit) value.rateLimit = definition.rateLimit;
      if (head?.enabled === false) value.enabled = false;
      cache.set(connectionId, { at: now(), value });
      return value;
    },
    invalidate(connectionId) {
      if (connectionId === undefined) cache.clear();
      else cache.delete(connectionId);
    },
  };
}
