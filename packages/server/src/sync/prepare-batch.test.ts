import { describe, expect, it } from 'vitest';
import type { ConnectorGateway, FindWrittenRequest } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import type { LedgerEntry } from '../store/port.ts';
import type { SyncContext } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { prepare, type TargetPlan } from './prepare-batch.ts';
import { resolveRetry } from './retry-policy.ts';

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'uncertain-sync',
  name: 'uncertain',
  source: { connection: 'src', operation: 'list', key: 'id' },
  mapping: { FBillNo: '{{ id }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 50 },
  retry: { maxAttempts: 3, initialDelay: 0 },
});

/** A batch whose earlier send had an unknown outcome: every entry is `writing` with its payload. */
function uncertainEntries(n: number): LedgerEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    syncId: definition.id,
    sourceKey: `K${i}`,
    status: 'writing',
    targetId: null,
    targetNumber: null,
    attempts: 1,
    lastError: null,
    writeBack: 'none',
    writeBackError: null,
    sourceTime: null,
    source: { id: `K${i}` },
    payload: { FBillNo: `K${i}` },
    runId: 'r1',
    updatedAt: 0,
  }));
}

/** Even bill numbers are in the target; each look-up fails once with `firstError` before it answers. */
function flakyFinder(firstError: () => QiaoError) {
  const calls = new Map<string, number>();
  const gateway: ConnectorGateway = {
    describe: async () => undefined,
    call: async () => ({}),
    listPage: async () => ({ items: [], next: null }),
    writeBatch: async () => [],
    findWritten: async (request: FindWrittenRequest) => {
      const number = String((request.record as JsonObject).FBillNo);
      const seen = (calls.get(number) ?? 0) + 1;
      calls.set(number, seen);
      if (seen === 1) throw firstError();
      return Number(number.slice(1)) % 2 === 0 ? { targetNumber: number, targetId: `F-${number}` } : null;
    },
  };
  return { gateway, calls };
}

function contextWith(gateway: ConnectorGateway): { ctx: SyncContext; plan: TargetPlan } {
  const ctx: SyncContext = {
    definition,
    runId: 'r2',
    store: {} as SyncContext['store'],
    gateway,
    evaluator: createSyncEvaluator(),
    clock: () => 1_700_000_000_000,
    recordStep: async () => undefined,
    sleep: async () => undefined,
  };
  const plan: TargetPlan = {
    input: {},
    canFind: true,
    retry: resolveRetry(definition.retry),
    map: async (entry) => entry.payload,
    numberOf: async () => null,
  };
  return { ctx, plan };
}

describe('prepare (uncertain entries)', () => {
  it('retries a look-up that failed transiently instead of failing the whole batch', async () => {
    const { gateway, calls } = flakyFinder(() => new QiaoError('CONNECTOR_UNAVAILABLE', 'reset'));
    const { ctx, plan } = contextWith(gateway);
    const out = await prepare(ctx, plan, uncertainEntries(50), () => undefined);
    expect(out.resolved).toBe(25);
    expect(out.settled.map((s) => s.sourceKey)).toEqual(Array.from({ length: 25 }, (_, i) => `K${i * 2}`));
    expect(out.settled[0]?.patch).toMatchObject({ status: 'written', targetNumber: 'K0', targetId: 'F-K0' });
    // Not found after the retry: a plain resend (the target said it has no such bill).
    expect(out.outgoing.map((o) => [o.entry.sourceKey, o.uncertain])).toEqual(
      Array.from({ length: 25 }, (_, i) => [`K${i * 2 + 1}`, false]),
    );
    expect([...calls.values()].every((n) => n === 2)).toBe(true);
  });

  it('does not retry a look-up the target refused for good', async () => {
    const { gateway, calls } = flakyFinder(() => new QiaoError('INPUT_INVALID', 'no FBillNo'));
    const { ctx, plan } = contextWith(gateway);
    await expect(prepare(ctx, plan, uncertainEntries(3), () => undefined)).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect([...calls.values()]).toEqual([1]);
  });
});
