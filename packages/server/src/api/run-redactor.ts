import type { JsonValue } from '../json.ts';
import type { Runtime } from '../runtime/create-runtime.ts';

/** Masks secret values and live tokens of every connection in a value. */
export type RunRedactor = (value: JsonValue) => JsonValue;

/**
 * Builds a redactor over all connections' secrets and live tokens. The engine records exchanges
 * redacted, but step outputs and run outputs hold what systems answered (an echoed secret, a token):
 * run views pass through this before leaving the server.
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
