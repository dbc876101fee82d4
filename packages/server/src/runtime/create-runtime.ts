import { join } from 'node:path';
import { createHttpConnectorRegistry } from '../connectors/http/index.ts';
import type { ConnectorDeclaration } from '../connectors/kit/connector-declaration.ts';
import {
  type ConnectionResolver,
  createConnectorGateway,
  type KitGateway,
} from '../connectors/kit/create-gateway.ts';
import type { CredentialCache } from '../connectors/kit/credential-cache.ts';
import type { RateLimiter } from '../connectors/kit/rate-limiter.ts';
import type { ConnectorDefinition } from '../definitions/index.ts';
import { createMetrics, type Metrics, type MetricsOptions } from '../observability/metrics.ts';
import type { RunQueue } from '../queue/port.ts';
import { createEngine, type Engine, type EngineOptions } from '../runs/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import { createSyncEngineExecutor } from '../sync/engine-executor.ts';
import { type RunFailureWatch, watchRunFailures } from '../triggers/run-failures.ts';
import { BUILTIN_CONNECTORS } from './builtin-connectors.ts';
import { createCheckpointCodec } from './checkpoint-codec.ts';
import type { ClusterOptions, SharedRedis } from './cluster.ts';
import { createStoreConnectionResolver } from './connection-resolver.ts';
import { BUILTIN_CREDENTIAL_COMPANIONS } from './credential-companions.ts';
import { createDocumentService, type DocumentService } from './document-service.ts';
import { openSecretsCodec } from './open-secrets-codec.ts';
import type { SecretsCodec } from './secrets-codec.ts';
import { createStoreCredentialCache } from './store-credential-cache.ts';

/** Options of a Qiao runtime (embedded: SQLite in `dataDir`; cluster: `databaseUrl`). */
export interface RuntimeOptions {
  /** Holds the SQLite file and the generated secret key (embedded mode). */
  dataDir: string;
  /** PostgreSQL URL; when absent the store is `<dataDir>/qiao.db`. */
  databaseUrl?: string | undefined;
  /** Use this store instead of opening one (tests). */
  store?: Store;
  secrets?: SecretsCodec;
  /** Connectors beyond the built-in ones. */
  connectors?: ConnectorDeclaration[];
  engine?: Omit<Partial<EngineOptions>, 'store' | 'gateway'>;
  env?: Readonly<Record<string, string | undefined>>;
  /** Run wake-ups; with none of queue/rateLimiter/credentials given, REDIS_URL in env selects cluster mode. */
  queue?: RunQueue;
  /** Rate limits of connector calls (default in-process, or Redis in cluster mode). */
  rateLimiter?: RateLimiter;
  /** Connector credential cache (default: memory in front of the store, or Redis in cluster mode). */
  credentials?: CredentialCache;
  /** Metrics settings (default: store gauges read at most every QIAO_METRICS_STORE_SECONDS, 30 s). */
  metrics?: Pick<MetricsOptions, 'storeRefreshMs' | 'processMetrics'>;
}

/** Everything a Qiao process needs, wired: store, secrets, connectors, gateway, engine, documents. */
export interface Runtime {
  store: Store;
  secrets: SecretsCodec;
  connectors: readonly ConnectorDeclaration[];
  gateway: KitGateway;
  engine: Engine;
  /** Alert flows (`trigger: {type: runFailed}`) hearing of this engine's failed runs; `sweep` catches up missed ones. */
  alerts: RunFailureWatch;
  documents: DocumentService;
  /** Connections with their decrypted secrets (cached briefly; invalidated when a connection changes). */
  connections: ConnectionResolver;
  /** Cluster mode's Redis (from REDIS_URL), for counts every process shares; undefined when embedded. */
  shared?: SharedRedis;
  /** This runtime's Prometheus metrics (its own registry), served at `GET /metrics`. */
  metrics: Metrics;
  /** Stops the engine, releases sockets and closes the store. */
  close(): Promise<void>;
}

/** Cluster mode when REDIS_URL is set; the Redis client code (ioredis) is loaded only then. */
async function clusterFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  secrets: SecretsCodec,
): Promise<ClusterOptions | undefined> {
  if (!env.REDIS_URL?.trim()) return undefined;
  const { clusterOptionsFromEnv } = await import('./cluster.ts');
  return clusterOptionsFromEnv(env, { secrets });
}

/** `QIAO_METRICS_STORE_SECONDS`: how often at most `/metrics` reads the store for its gauges. */
function metricsSettings(
  env: Readonly<Record<string, string | undefined>>,
): Pick<MetricsOptions, 'storeRefreshMs'> {
  const seconds = Number(env.QIAO_METRICS_STORE_SECONDS?.trim() || Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? { storeRefreshMs: seconds * 1000 } : {};
}

/** The composition root: creates and migrates the store and wires every part with explicit dependencies. */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const env = options.env ?? process.env;
  const store =
    options.store ??
    createStore(
      options.databaseUrl ? { url: options.databaseUrl } : { file: join(options.dataDir, 'qiao.db') },
    );
  await store.migrate();
  const secrets = options.secrets ?? (await openSecretsCodec({ dataDir: options.dataDir, env }));
  const builtins = [...BUILTIN_CONNECTORS, ...(options.connectors ?? [])];
  const connections = createStoreConnectionResolver({ store, secrets, env });
  const registry = createHttpConnectorRegistry({
    builtIns: builtins,
    loadDocument: async (connectorId) => {
      const doc = await store.documents.get('connector', connectorId);
      return doc
        ? { definition: doc.definition as unknown as ConnectorDefinition, version: doc.version }
        : undefined;
    },
  });
  const metrics = createMetrics({ store, ...metricsSettings(env), ...options.metrics });
  const explicit = options.queue ?? options.rateLimiter ?? options.credentials;
  const cluster = explicit ? undefined : await clusterFromEnv(env, secrets);
  const rateLimiter = options.rateLimiter ?? cluster?.rateLimiter;
  // Without Redis, credentials outlive the process in the store: restarts and CLI processes reuse them.
  const storeCredentials =
    options.credentials || cluster
      ? undefined
      : createStoreCredentialCache({
          store,
          secrets,
          companions: BUILTIN_CREDENTIAL_COMPANIONS,
          onError: (error) => engine.events.emit('engine:error', { error }),
        });
  const credentials = options.credentials ?? cluster?.credentials ?? storeCredentials;
  const gateway = createConnectorGateway({
    connectors: registry,
    connections,
    metrics: metrics.gateway,
    ...(rateLimiter ? { rateLimiter } : {}),
    ...(credentials ? { credentials } : {}),
  });
  const queue = options.queue ?? cluster?.queue ?? options.engine?.queue;
  const engine = createEngine({
    // Checkpoints sealed with the secrets key; step records masked with the gateway's redactors.
    checkpointCodec: createCheckpointCodec(secrets),
    redactorFor: (connectionId) => gateway.redactorFor(connectionId),
    ...options.engine,
    ...(queue ? { queue } : {}),
    store,
    gateway,
    executors: { sync: createSyncEngineExecutor({ metrics: metrics.sync }), ...options.engine?.executors },
  });
  const stopRunMetrics = metrics.watchEngine(engine.events);
  // Alert flows (`trigger: {type: runFailed}`) hear of this engine's failed runs.
  const alerts = watchRunFailures({
    store,
    engine,
    publicUrl: env.QIAO_PUBLIC_URL?.trim() || undefined,
    onError: (error) => engine.events.emit('engine:error', { error }),
  });
  const documents = createDocumentService({
    store,
    secrets,
    builtins,
    onChange: (kind, id) => {
      if (kind !== 'connection') return;
      connections.invalidate(id);
      // A deleted connection's stored credentials go with it.
      storeCredentials?.connectionChanged(id).catch((error) => engine.events.emit('engine:error', { error }));
    },
  });
  return {
    store,
    secrets,
    connectors: builtins,
    gateway,
    engine,
    alerts,
    documents,
    connections,
    metrics,
    ...(cluster ? { shared: cluster.shared } : {}),
    async close() {
      await engine.stop();
      stopRunMetrics();
      await alerts.stop();
      gateway.close();
      await cluster?.close();
      await storeCredentials?.close();
      if (!options.store) await store.close();
    },
  };
}
