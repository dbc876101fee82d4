/**
 * A process for the kit's cluster integration tests: on `{type:'go'}` it either takes rate-limit slots
 * from the Redis limiter (`mode: 'rate'`) or makes concurrent token-authenticated calls through a
 * gateway whose credentials live in Redis (`mode: 'token'`), and reports over IPC.
 */
import { Redis } from 'ioredis';
import type { ConnectorDeclaration } from './connector-declaration.ts';
import { createConnectorRegistry } from './connector-declaration.ts';
import { createConnectorGateway } from './create-gateway.ts';
import { createRedisCredentialCache } from './redis-credential-cache.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

/** What the test passes to a kit worker process. */
export interface KitWorkerConfig {
  mode: 'rate' | 'token';
  redisUrl: string;
  prefix: string;
  /** Slots to take (rate) or concurrent calls per round (token). */
  count: number;
  perSecond: number;
  /** The local system's URL (token). */
  baseUrl: string;
}

/** The token-authenticated system the workers call (a bearer token from /token). */
export const bearerConnector: ConnectorDeclaration = {
  id: 'bearer-like',
  version: '1',
  name: { zh: '令牌系统', en: 'Bearer system' },
  auth: {
    type: 'token',
    operation: 'getToken',
    token: 'access_token',
    expiresIn: 'expires_in',
    inject: { in: 'header', name: 'authorization', prefix: 'Bearer ' },
  },
  operations: {
    getToken: { method: 'POST', path: '/token' },
    echo: { method: 'GET', path: '/echo', query: { x: '{{ input.x }}' }, output: 'echo' },
  },
};

const config = JSON.parse(process.argv[2] ?? '{}') as KitWorkerConfig;
const send = (message: Record<string, unknown>) => process.send?.(message);
const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
const limiter = createRedisRateLimiter({ redis, prefix: config.prefix });
const credentials = createRedisCredentialCache({ redis, prefix: config.prefix });
const gateway = createConnectorGateway({
  connectors: createConnectorRegistry([bearerConnector]),
  connections: {
    resolve: async () => ({
      connectorId: bearerConnector.id,
      config: { baseUrl: config.baseUrl },
      secrets: {},
    }),
  },
  credentials,
});

async function takeSlots(): Promise<void> {
  const granted: number[] = [];
  for (let i = 0; i < config.count; i++) {
    await limiter.acquire('shared-connection', { perSecond: config.perSecond });
    granted.push(Date.now());
  }
  send({ type: 'granted', granted });
}

async function callRound(round: number): Promise<void> {
  const calls = Array.from({ length: config.count }, (_, i) =>
    gateway.call({ connection: 'c1', operation: 'echo', input: { x: `${process.pid}-${round}-${i}` } }).then(
      (output) => ({ ok: true, output }),
      (error: unknown) => ({ ok: false, output: String((error as Error).message) }),
    ),
  );
  send({ type: 'called', round, results: await Promise.all(calls) });
}

process.on('message', (message: { type?: string; round?: number }) => {
  if (message.type === 'go') void (config.mode === 'rate' ? takeSlots() : callRound(message.round ?? 0));
  if (message.type === 'stop') {
    void (async () => {
      gateway.close();
      await credentials.close();
      await redis.quit();
      process.exit(0);
    })();
  }
});
// The subscriber of the credential cache connects on first use; ready means the command connection is up.
await redis.ping();
send({ type: 'ready', pid: process.pid });
