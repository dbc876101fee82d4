import type { JsonValue } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';

/** Masks secret values and live tokens of every connection in a value. */
export type RunRedactor = (value: JsonValue) => JsonValue;

/**
 * Builds a redactor over all connections' secrets and live tokens. The engine stores exchanges,
 * step records and run outputs of flows with calls redacted already; run views still pass through
 * this before leaving the server (runs stored before that, sync step records, defence in depth).
 */
export async function createRunRedactor(runtime: Runtime): Promise<RunRedactor> {
  const heads = await runtime.store.documents.list('connection');
  const redactors = await Promise.all(
    heads.map(async (head) => {
      try {
        return await runtime.gateway.redactorFor(head.id);
      } catch {
        // A connection that cannot be resolved (unset env reference) cannot have been used either.
        return undefined;
      }
    }),
  );
  const active = redactors.filter((r) => r !== undefined);
  return (value) => active.reduce<JsonValue>((current, redact) => redact(current), value);
}
