import type { JsonValue } from '../json.ts';
import type { LedgerEntry, LedgerState } from '../store/port.ts';
import type { SyncContext } from './context.ts';

/**
 * Which payloads a phase needs: `writing` — those of `writing` entries (an uncertain write is asked
 * about or resent with exactly what was stored, so always from the store); `all` — every entry's
 * (write-back scope `mapped`), from the hand-off when it holds the stored one.
 */
export type PayloadNeed = 'writing' | 'all';

/**
 * Joins ledger states with their documents: the source from the run's hand-off (it was ledgered by
 * this run), else from the store; payloads per `need`. One store look-up per document kind for the
 * keys the hand-off lacks, none when it has them all. A payload not needed is `null`.
 */
export async function withDocuments(
  ctx: SyncContext,
  states: LedgerState[],
  need: PayloadNeed,
): Promise<LedgerEntry[]> {
  const syncId = ctx.definition.id;
  const handoff = ctx.handoff;
  const sourceMisses: string[] = [];
  const payloadMisses: string[] = [];
  for (const state of states) {
    const handed = handoff?.get(state.sourceKey);
    if (handed === undefined) sourceMisses.push(state.sourceKey);
    const wantsPayload = need === 'all' || state.status === 'writing';
    if (wantsPayload && (need === 'writing' || handed?.payload === undefined))
      payloadMisses.push(state.sourceKey);
  }
  const sources =
    sourceMisses.length > 0
      ? await ctx.store.ledger.sources(syncId, sourceMisses)
      : new Map<string, JsonValue>();
  const payloads =
    payloadMisses.length > 0
      ? await ctx.store.ledger.payloads(syncId, payloadMisses)
      : new Map<string, JsonValue>();
  return states.map((state) => {
    const handed = handoff?.get(state.sourceKey);
    const source = handed?.source ?? sources.get(state.sourceKey) ?? null;
    const fromStore = need === 'writing' || handed?.payload === undefined;
    const payload = fromStore ? (payloads.get(state.sourceKey) ?? null) : (handed?.payload ?? null);
    return { ...state, source, payload };
  });
}
