import type { LookupStep } from '../definitions/flow-schema.ts';
import type { JsonValue } from '../json.ts';
import type { StepContext, StepResult } from './types.ts';

/**
 * Looks a key up in an inline table or in another sync's ledger (giving `{ status, targetId,
 * targetNumber }`); a missing key gives `default` (or null).
 */
export async function executeLookup(step: LookupStep, ctx: StepContext): Promise<StepResult> {
  const raw = await ctx.evaluator.evaluate(step.key, ctx.scope);
  const key = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
  const fallback = step.default ?? null;
  let output: JsonValue = fallback;
  if (step.table !== undefined) {
    output = Object.hasOwn(step.table, key) ? (step.table[key] ?? null) : fallback;
  } else if (step.ledger !== undefined) {
    const entry = await ctx.store.ledger.get(step.ledger, key);
    output = entry
      ? { status: entry.status, targetId: entry.targetId, targetNumber: entry.targetNumber }
      : fallback;
  }
  return { kind: 'value', input: { key }, output };
}
