import { createHash } from 'node:crypto';
import { bilingual, QiaoError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import { type AddressPolicy, createAddressGuard } from './address-policy.ts';
import { readBatchResults } from './batch.ts';
import type { GatewayMetrics } from './call-metrics.ts';
import { isWrite, operationOf, performCall, verifyConnectionCredential } from './call-pipeline.ts';
import { type Clock, systemClock } from './clock.ts';
import type { ConnectionRuntime, KitDeps } from './connection-runtime.ts';
import type {
  ConnectorRegistry,
  OperationContext,
  OperationDeclaration,
  PaginationDeclaration,
  RateLimitSpec,
} from './connector-declaration.ts';
import { type CredentialCache, createCredentialCache } from './credential-cache.ts';
import { evaluateExpression, renderText } from './expressions.ts';
import type { BatchItemResult, ConnectorGateway, ExchangeObserver, OperationInfo } from './gateway.ts';
import type { HttpRequest, HttpResponse, HttpTransport } from './http-transport.ts';
import { applyCursor, readPage } from './pagination.ts';
import { createTokenBucketLimiter, type RateLimiter } from './rate-limiter.ts';
import { createExchangeRedactor, type Redactor } from './redact.ts';
import { buildDeclaredRequest, setParam } from './request-builder.ts';
import { createUndiciTransport } from './undici-transport.ts';

/** A connection as the gateway needs it (the store/secrets layer decrypts the secrets). */
export interface ResolvedConnection {
  connectorId: string;
  config: JsonObject;
  secrets: Record<string, string>;
  rateLimit?: RateLimitSpec;
  timeoutMs?: number;
  /** False when the connection is disabled: every call through it fails with CONNECTION_DISABLED. */
  enabled?: boolean;
}

/** Where the gateway finds connections by id. */
export interface ConnectionResolver {
  resolve(connectionId: string): Promise<ResolvedConnection | undefined>;
}

/** Collaborators of the gateway; all but the registry and resolver have in-process defaults. */
export interface GatewayOptions {
  connectors: ConnectorRegistry;
  connections: ConnectionResolver;
  http?: HttpTransport;
  clock?: Clock;
  rateLimiter?: RateLimiter;
  /** Where credentials are cached (default: in-process; cluster mode shares them through Redis). */
  credentials?: CredentialCache;
  /** Outbound policy for user-defined connectors (default: allow all). */
  addressPolicy?: AddressPolicy;
  /** Per-call timeout when neither connection nor connector sets one (default 30 s). */
  defaultTimeoutMs?: number;
  /** Counts exchanges, credential fetches and rate-limit waits (the runtime's Prometheus metrics). */
  metrics?: GatewayMetrics;
}

/** The gateway plus a redactor per connection (test calls mask outputs) and a way to release its sockets. */
export type KitGateway = ConnectorGateway & {
  /** Masks the connection's secret values and live token in any value. */
  redactorFor(connectionId: string): Promise<Redactor>;
  /**
   * Fetches a fresh token or session (not cached) to prove the connection's address and credentials;
   * false when the auth kind has nothing to fetch (static key, signature, none).
   */
  verifyCredentials(connectionId: string, observe?: ExchangeObserver): Promise<boolean>;
  close(): void;
};

/** Builds the ConnectorGateway over connector declarations: auth, rate limits, HTTP, classification, exchanges. */
export function createConnectorGateway(options: GatewayOptions): KitGateway {
  const clock = options.clock ?? systemClock;
  const transport = options.http ?? createUndiciTransport();
  const deps: KitDeps = {
    transport,
    clock,
    limiter: options.rateLimiter ?? createTokenBucketLimiter({ clock }),
    credentials: options.credentials ?? createCredentialCache(clock),
  };
  if (options.addressPolicy) deps.guard = createAddressGuard(options.addressPolicy);
  if (options.metrics) deps.metrics = options.metrics;
  const runtimes = new WeakMap<ResolvedConnection, ConnectionRuntime>();
  const runtimeOf = (connectionId: string) => loadRuntime(options, connectionId, runtimes);

  const call = async (
    connection: string,
    operation: string,
    input: JsonObject,
    observe?: ExchangeObserver,
    signal?: AbortSignal,
  ) => {
    const rt = await runtimeOf(connection);
    const op = operationOf(rt, operation);
    const build = op.pagination ? buildFirstPage : buildDeclaredRequest;
    const { response, context } = await performCall(deps, rt, operation, build, {
      input,
      write: isWrite(op, input),
      observe,
      signal,
    });
    return outputOf(op, response, context);
  };

  const gateway: KitGateway = {
    async describe(connectionId, operationId) {
      const rt = await runtimeOf(connectionId).catch(() => undefined);
      const op =
        rt && Object.hasOwn(rt.connector.operations, operationId)
          ? rt.connector.operations[operationId]
          : undefined;
      return rt && op ? describeOperation(rt.connector.id, operationId, op) : undefined;
    },
    call: (request, observe) =>
      call(request.connection, request.operation, request.input, observe, request.signal),
    async listPage(request, observe) {
      const rt = await runtimeOf(request.connection);
      const op = operationOf(rt, request.operation);
      const pagination = op.pagination;
      const build = async (op: OperationDeclaration, ctx: OperationContext) => {
        const base = await buildDeclaredRequest(op, ctx);
        return pagination ? applyCursor(pagination, base, request.cursor) : base;
      };
      const opts = { input: request.input, write: false, observe, signal: request.signal };
      const { response, context } = await performCall(deps, rt, request.operation, build, opts);
      if (pagination) return readPage(pagination, response, request.cursor, context);
      const output = await outputOf(op, response, context);
      return { items: Array.isArray(output) ? output : [output], next: null };
    },
    async writeBatch(request, observe) {
      const rt = await runtimeOf(request.connection);
      const op = operationOf(rt, request.operation);
      const batched = op.batch !== undefined || op.parseBatch !== undefined;
      // Without a batch declaration, each record is one call of the operation (input.record).
      const size = batched ? (op.batch?.maxSize ?? 100) : 1;
      const results: BatchItemResult[] = [];
      for (let start = 0; start < request.records.length; start += size) {
        const chunk = request.records.slice(start, start + size);
        const chunkResults = batched
          ? await writeChunk(rt, request.operation, op, request.input, chunk, observe, request.signal)
          : [
              await writeOne(
                request.connection,
                request.operation,
                request.input,
                chunk[0] ?? null,
                observe,
                request.signal,
              ),
            ];
        for (const r of chunkResults) results.push({ ...r, index: r.index + start });
      }
      return results;
    },
    async findWritten(request, observe) {
      const rt = await runtimeOf(request.connection);
      const op = operationOf(rt, request.operation);
      if (!op.findWritten) {
        throw new QiaoError(
          'INPUT_INVALID',
          bilingual(
            `接口 ${request.operation} 不支持查询已写入记录`,
            `operation ${request.operation} cannot look up written records`,
          ),
        );
      }
      const context: OperationContext = {
        input: request.input,
        config: rt.config,
        secrets: rt.secrets,
        token: null,
        connectionId: rt.connectionId,
        operationId: request.operation,
        baseUrl: rt.baseUrl,
      };
      const callOther = (operationId: string, input: JsonObject) =>
        call(request.connection, operationId, input, observe, request.signal);
      return op.findWritten({ record: request.record, context, call: callOther });
    },
    async redactorFor(connectionId) {
      const rt = await runtimeOf(connectionId);
      const token = deps.credentials.peek(rt.cacheKey);
      return createExchangeRedactor([...Object.values(rt.secrets), ...(token ? [token] : [])]);
    },
    async verifyCredentials(connectionId, observe) {
      return verifyConnectionCredential(deps, await runtimeOf(connectionId), observe);
    },
    close: () => transport.close?.(),
  };

  async function writeChunk(
    rt: ConnectionRuntime,
    operation: string,
    op: OperationDeclaration,
    input: JsonObject,
    records: JsonValue[],
    observe?: ExchangeObserver,
    signal?: AbortSignal,
  ): Promise<BatchItemResult[]> {
    const build = async (op: OperationDeclaration, ctx: OperationContext) => {
      const base = await buildDeclaredRequest(op, ctx);
      return op.batch ? setParam(base, op.batch.recordsParam, records) : base;
    };
    const opts = { input: { ...input, records }, write: true, observe, signal };
    const { response, context } = await performCall(deps, rt, operation, build, opts);
    return readBatchResults(op, response, records, context);
  }

  async function writeOne(
    connection: string,
    operation: string,
    input: JsonObject,
    record: JsonValue,
    observe?: ExchangeObserver,
    signal?: AbortSignal,
  ): Promise<BatchItemResult> {
    try {
      const output = await call(connection, operation, { ...input, record }, observe, signal);
      return { index: 0, ok: true, ...refOf(output) };
    } catch (error) {
      if (!(error instanceof QiaoError)) throw error;
      return { index: 0, ok: false, error: error.toStructured() };
    }
  }

  return gateway;
}

/**
 * Loads a connection's runtime. Runtimes are kept per resolved connection object (`runtimes`, one map
 * per gateway): a resolver that hands out the same object (the store resolver caches it a few seconds)
 * gets the same runtime, without re-hashing and re-rendering on every call; a new resolution
 * (changed connection) builds a new one.
 */
async function loadRuntime(
  options: GatewayOptions,
  connectionId: string,
  runtimes: WeakMap<ResolvedConnection, ConnectionRuntime>,
): Promise<ConnectionRuntime> {
  const resolved = await options.connections.resolve(connectionId);
  if (!resolved)
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(`连接 ${connectionId} 不存在`, `connection ${connectionId} not found`),
      {
        details: { connectionId },
      },
    );
  if (resolved.enabled === false)
    throw new QiaoError(
      'CONNECTION_DISABLED',
      bilingual(`连接 ${connectionId} 已停用`, `connection ${connectionId} is disabled`),
      {
        details: { connectionId },
      },
    );
  const found = options.connectors.get(resolved.connectorId);
  // A registry of built-in declarations answers at once: no await (and no microtask) per call.
  const connector = found instanceof Promise ? await found : found;
  if (!connector) {
    throw new QiaoError(
      'NOT_FOUND',
      bilingual(`连接器 ${resolved.connectorId} 不存在`, `connector ${resolved.connectorId} not found`),
      {
        details: { connectorId: resolved.connectorId },
      },
    );
  }
  const cached = runtimes.get(resolved);
  if (cached !== undefined && cached.connector === connector && cached.connectionId === connectionId)
    return cached;
  const rt = await buildRuntime(options, connectionId, resolved, connector);
  runtimes.set(resolved, rt);
  return rt;
}

async function buildRuntime(
  options: GatewayOptions,
  connectionId: string,
  resolved: ResolvedConnection,
  connector: ConnectionRuntime['connector'],
): Promise<ConnectionRuntime> {
  const { config, secrets } = resolved;
  const scope = { config, secrets, input: {}, token: null };
  const baseSource = typeof config.baseUrl === 'string' ? config.baseUrl : (connector.baseUrl ?? '');
  const timeout = typeof config.timeoutMs === 'number' ? config.timeoutMs : resolved.timeoutMs;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([resolved.connectorId, config, secrets]))
    .digest('hex');
  const rt: ConnectionRuntime = {
    connectionId,
    connector,
    config,
    secrets,
    baseUrl: await renderText(baseSource, scope),
    timeoutMs: timeout ?? connector.timeoutMs ?? options.defaultTimeoutMs ?? 30_000,
    cacheKey: `${connectionId}:${fingerprint.slice(0, 16)}`,
  };
  if (resolved.rateLimit) rt.rateLimit = resolved.rateLimit;
  return rt;
}

/** The first page's request of a list operation called as a plain call. */
function buildFirstPage(op: OperationDeclaration, ctx: OperationContext): Promise<HttpRequest> {
  const pagination = op.pagination as PaginationDeclaration;
  return Promise.resolve(buildDeclaredRequest(op, ctx)).then((r) => applyCursor(pagination, r, null));
}

/** An operation's output: its `parseOutput` hook (a synchronous one costs no promise), `output` expression, or the body. */
function outputOf(
  op: OperationDeclaration,
  response: HttpResponse,
  context: OperationContext,
): JsonValue | Promise<JsonValue> {
  if (op.parseOutput) return op.parseOutput(response, context);
  if (!op.output) return response.body;
  return evaluateExpression(op.output, response.body, {
    status: response.status,
    headers: response.headers,
  }).then((value) => value ?? null);
}

function refOf(output: JsonValue): { targetId?: string; targetNumber?: string } {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return {};
  const id = output.targetId ?? output.id;
  const number = output.targetNumber ?? output.number;
  return {
    ...(id !== undefined && id !== null ? { targetId: String(id) } : {}),
    ...(number !== undefined && number !== null ? { targetNumber: String(number) } : {}),
  };
}

/** The static facts of an operation (mode from its pagination/batch declaration). */
export function describeOperation(
  connectorId: string,
  operationId: string,
  op: OperationDeclaration,
): OperationInfo {
  const mode = op.batch || op.parseBatch ? 'batchWrite' : op.pagination ? 'list' : 'call';
  const info: OperationInfo = {
    connectorId,
    operationId,
    mode,
    canFindWritten: op.findWritten !== undefined,
  };
  if (mode === 'batchWrite') info.maxBatchSize = op.batch?.maxSize ?? 100;
  if (op.maxAgeMs !== undefined) info.maxAgeMs = op.maxAgeMs;
  if (op.inputSchema) info.inputSchema = op.inputSchema as JsonObject;
  if (op.outputSchema) info.outputSchema = op.outputSchema as JsonObject;
  if (op.sample !== undefined) info.sample = op.sample;
  return info;
}
