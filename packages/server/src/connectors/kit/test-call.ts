import { performance } from 'node:perf_hooks';
import { type StructuredError, toStructuredError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import type { ConnectorGateway, Exchange } from './gateway.ts';
import { capBody, createExchangeRedactor, type Redactor } from './redact.ts';

/** What the console's "test call" button sends. */
export interface TestCallRequest {
  connection: string;
  operation: string;
  input?: JsonObject;
  /** For list operations: the page to fetch (null: the first). */
  cursor?: JsonValue;
  /** For batch-write operations: the records to write (default: `input.records`). */
  records?: JsonValue[];
}

/** The outcome of a test call: the last exchange, the output or error, every exchange (secrets masked). */
export interface TestCallResult {
  request?: Exchange['request'];
  response?: Exchange['response'];
  output?: JsonValue;
  error?: StructuredError;
  durationMs: number;
  exchanges: Exchange[];
}

/** Runs one operation the way its mode says (call, first page, batch) and reports everything; never throws. */
export async function testCall(
  gateway: ConnectorGateway & { redactorFor?(connectionId: string): Promise<Redactor> },
  request: TestCallRequest,
): Promise<TestCallResult> {
  const exchanges: Exchange[] = [];
  const observe = (exchange: Exchange) => exchanges.push(exchange);
  const started = performance.now();
  const input = request.input ?? {};
  const base = { connection: request.connection, operation: request.operation, input };
  const result: TestCallResult = { durationMs: 0, exchanges };
  try {
    const info = await gateway.describe(request.connection, request.operation);
    let output: JsonValue;
    if (info?.mode === 'list') {
      output = (await gateway.listPage(
        { ...base, cursor: request.cursor ?? null },
        observe,
      )) as unknown as JsonValue;
    } else if (info?.mode === 'batchWrite') {
      const records = request.records ?? (Array.isArray(input.records) ? input.records : []);
      output = (await gateway.writeBatch({ ...base, records }, observe)) as unknown as JsonValue;
    } else {
      output = await gateway.call(base, observe);
    }
    // The output is masked like the exchanges: known secrets, the live token, secret-looking keys.
    const redact = (await gateway.redactorFor?.(request.connection)) ?? createExchangeRedactor([]);
    result.output = capBody(redact(output));
  } catch (error) {
    result.error = toStructuredError(error);
  }
  result.durationMs = Math.round((performance.now() - started) * 1000) / 1000;
  const last = exchanges.at(-1);
  if (last) {
    result.request = last.request;
    if (last.response) result.response = last.response;
  }
  return result;
}
