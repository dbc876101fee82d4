import type { StructuredError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';

/**
 * The engine's only view of external systems. The connector kit implements it: it resolves the
 * connection (decrypted secrets), gets or refreshes the token (single flight), waits on the
 * connection's rate limit, sends the HTTP request, classifies errors into QiaoErrors
 * (operational / auth-expired / user) and reports each exchange, secrets redacted.
 *
 * Auth expiry signalled by the system is handled inside the gateway (refresh once, retry once);
 * every other error is thrown as a QiaoError for the engine's retry policy to decide.
 */
export interface ConnectorGateway {
  /** What the engine and validator may know of an operation; undefined when unknown. */
  describe(connectionId: string, operationId: string): Promise<OperationInfo | undefined>;
  /** One call; returns the operation's output. */
  call(request: CallRequest, observe?: ExchangeObserver): Promise<JsonValue>;
  /** One page of a paginated operation; `cursor` null asks for the first page. */
  listPage(request: PageRequest, observe?: ExchangeObserver): Promise<Page>;
  /** A batch write; one result per record, in the records' order. */
  writeBatch(request: BatchRequest, observe?: ExchangeObserver): Promise<BatchItemResult[]>;
  /** Where the connector can: finds a record already written for a key (used before re-sending an uncertain write). */
  findWritten?(request: FindWrittenRequest, observe?: ExchangeObserver): Promise<WrittenRef | null>;
}

/** Static facts about an operation. */
export interface OperationInfo {
  connectorId: string;
  operationId: string;
  mode: 'call' | 'list' | 'batchWrite';
  maxBatchSize?: number;
  /** Whether `findWritten` works for this operation (the target can be queried by key). */
  canFindWritten?: boolean;
  /** How far back a listing can reach (ms before now), when the system limits it. */
  maxAgeMs?: number;
  inputSchema?: JsonObject;
  outputSchema?: JsonObject;
  sample?: JsonValue;
}

export interface CallRequest {
  connection: string;
  operation: string;
  input: JsonObject;
  signal?: AbortSignal;
}
export interface PageRequest extends CallRequest {
  cursor: JsonValue;
}
/** A page of items and the cursor of the next page (null at the end). */
export interface Page {
  items: JsonValue[];
  next: JsonValue;
}
export interface BatchRequest extends CallRequest {
  records: JsonValue[];
}
export interface FindWrittenRequest extends CallRequest {
  /** The mapped record that may have been written. */
  record: JsonValue;
}
/** Where a written record lives in the target system. */
export interface WrittenRef {
  targetId?: string;
  targetNumber?: string;
}
/** The outcome of one record of a batch write. */
export interface BatchItemResult extends WrittenRef {
  index: number;
  ok: boolean;
  error?: StructuredError;
}

/** One HTTP exchange as recorded in a step attempt (secrets already redacted). */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: JsonValue };
  response?: { status: number; headers: Record<string, string>; body?: JsonValue };
  error?: StructuredError;
  startedAt: number;
  durationMs: number;
}
/**
 * Receives each exchange a call makes (token fetch, retries after auth refresh, the call itself).
 * An observer may carry `wants`: asked first with whether the exchange failed; `false` means the
 * observer only counts it, and the exchange is then neither built, redacted nor passed on.
 */
export type ExchangeObserver = ((exchange: Exchange) => void) & {
  wants?: (failed: boolean) => boolean;
};
