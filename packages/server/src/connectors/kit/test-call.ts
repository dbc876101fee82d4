import { performance } from 'node:perf_hooks';
import { type StructuredError, toStructuredError } from '../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../json.ts';
import type { ConnectorGateway, Exchange, ExchangeObserver } from './gateway.ts';
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
export function testCall(
  gateway: ConnectorGateway & { redactorFor?(connectionId: string): Promise<Redactor> },
  request: TestCallRequest,
): Promise<TestCallResult> {
  const input = request.input ?? {};
  const base = { connection: request.connection, operation: request.operation, input };
  return observed(async (observe) => {
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
    return capBody(redact(output));
  });
}

/** A connection test without an operation: a fresh, uncached token or session (`verifyCredentials`), reported alike. */
export function testCredentials(
  gateway: { verifyCredentials(connectionId: string, observe?: ExchangeObserver): Promise<boolean> },
  connection: string,
): Promise<TestCallResult> {
  return observed(async (observe) => {
    await gateway.verifyCredentials(connection, observe);
    return undefined;
  });
}

/** Runs `work` with an exchange observer, timed: its output or error, every exchange, the last one's request and response. */
async function observed(
  work: (observe: ExchangeObserver) => Promise<JsonValue | undefined>,
): Promise<TestCallResult> {
  const exchanges: Exchange[] = [];
  const started = performance.now();
  const result: TestCallResult = { durationMs: 0, exchanges };
  try {
    const output = await work((exchange) => exchanges.push(exchange));
    if (output !== undefined) result.output = output;
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
